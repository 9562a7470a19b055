/**
 * Which declaration entry put an element in its workspace, for `explain` and `who-can`: "placed by
 * access.yaml:42". Either the element's own `elements:` entry, or an element selector (`match:`) the assignment
 * was expanded from (`ElementAssignment.selector`: offline by `findElement`, with `--live` by the planner's own
 * resolution of the account's elements). The explanation and its renderers print any placement through
 * `placementWords`; a new way of placing elements adds a case here, and only here.
 */
import type { ElementAssignment, ElementSelector, SourcePosition } from "../declaration/model.ts";
import { selectorPlace } from "./element-selectors.ts";

/** How an element came to be in its workspace. */
export type Placement =
  /** Its own entry under `elements:` names the workspace. */
  | { by: "entry"; at: SourcePosition }
  /** A selector (`match:`) under `elements:` selects it; `at` is the selector's entry. */
  | { by: "selector"; at: SourcePosition; selector: ElementSelector };

/** The placement of an element assignment: its selector's when it was expanded from one, else its own entry's. */
export function placementOf(assignment: ElementAssignment): Placement {
  const { selector } = assignment;
  if (selector !== undefined) return { by: "selector", at: selector.at, selector };
  return { by: "entry", at: assignment.at };
}

/** The JSON pointer, inside the placing entry, of the value that decides the placement. */
export function placementPointer(placement: Placement): string {
  switch (placement.by) {
    case "entry":
      return `${placement.at.path}/workspace`;
    case "selector":
      return `${placement.at.path}/match`;
  }
}

/**
 * How the placing entry is named after "… is placed in eu-team by ": "its `elements:` entry", or
 * "`match: {kind: campaign, name: EU *}` at access/eu.yaml:12".
 */
export function placementWords(placement: Placement): string {
  switch (placement.by) {
    case "entry":
      return "its `elements:` entry";
    case "selector":
      return selectorPlace(placement.selector);
  }
}
