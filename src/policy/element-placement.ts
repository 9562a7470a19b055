/**
 * Which declaration entry put an element in its workspace, for `explain` and `who-can`: "placed by
 * access.yaml:42". Today that is always the element's own `elements:` entry. A placement is a union so that
 * other ways of placing elements add a case here, and only here: an element selector (`match:`), when the
 * declaration has them, becomes `{ by: "selector", at, selector }`, taken from the selector entry the assignment
 * was expanded from; the explanation and its renderers print any placement through `placementWords`.
 */
import type { ElementAssignment, SourcePosition } from "../declaration/model.ts";

/** How an element came to be in its workspace. */
export type Placement =
  /** Its own entry under `elements:` names the workspace. */
  { by: "entry"; at: SourcePosition };

/** The placement of a declared element assignment. */
export function placementOf(assignment: ElementAssignment): Placement {
  return { by: "entry", at: assignment.at };
}

/** The JSON pointer, inside the placing entry, of the value that names the workspace. */
export function placementPointer(placement: Placement): string {
  switch (placement.by) {
    case "entry":
      return `${placement.at.path}/workspace`;
  }
}

/** "its `elements:` entry", for "… is placed in eu-team by its `elements:` entry". */
export function placementWords(placement: Placement): string {
  switch (placement.by) {
    case "entry":
      return "its `elements:` entry";
  }
}
