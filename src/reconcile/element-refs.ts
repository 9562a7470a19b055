/**
 * Resolves the declaration's element assignments to live elements: by id, or by name within the kind. A name
 * that matches several live elements is ambiguous and refused (`ref/unknown-element`), asking for the id; so is a
 * reference that matches nothing. Two assignments reaching one element with different workspaces are refused
 * (`element/single-workspace`); the same workspace twice is harmless.
 */
import { type ElementAssignment, type ElementRef, elementKey } from "../declaration/model.ts";
import type { Element } from "../tracker/resources.ts";
import type { Violation } from "../violations/violation.ts";
import { violationAt } from "../violations/violation-at.ts";
import { compareText } from "./live-account.ts";

/** A declared assignment and the live element it names. */
export interface ResolvedAssignment {
  assignment: ElementAssignment;
  element: Element;
}

/** The live elements the declaration's assignments name, by element id, and the references that failed. */
export interface ResolvedElements {
  byId: Map<string, ResolvedAssignment>;
  refusals: Violation[];
}

/** Lookups of live elements by id and by kind + name. */
export interface ElementIndex {
  byId: Map<string, Element>;
  byName: Map<string, Element[]>;
}

/** Indexes live elements by id and by `kind\0name`. */
export function indexElements(elements: Element[]): ElementIndex {
  const byId = new Map(elements.map((e) => [e.id, e]));
  const byName = new Map<string, Element[]>();
  for (const element of elements) {
    const key = `${element.kind}\0${element.name}`;
    const list = byName.get(key);
    if (list === undefined) byName.set(key, [element]);
    else list.push(element);
  }
  return { byId, byName };
}

/** The live elements matching one reference (0, 1, or several for an ambiguous name). */
export function lookupElement(index: ElementIndex, ref: ElementRef): Element[] {
  if (ref.id !== undefined) {
    const found = index.byId.get(ref.id);
    return found !== undefined && found.kind === ref.kind ? [found] : [];
  }
  return index.byName.get(`${ref.kind}\0${ref.name ?? ""}`) ?? [];
}

/** A reference as people read it: `offer "Summer Offer"` or `offer id o-12`. */
export function describeRef(ref: ElementRef): string {
  return ref.id !== undefined ? `${ref.kind} id ${ref.id}` : `${ref.kind} "${ref.name ?? ""}"`;
}

/** Resolves every assignment of the declaration against the live elements. */
export function resolveAssignments(assignments: ElementAssignment[], index: ElementIndex): ResolvedElements {
  const byId = new Map<string, ResolvedAssignment>();
  const refusals: Violation[] = [];
  const seen = new Set<string>();
  for (const assignment of assignments) {
    if (seen.has(elementKey(assignment))) continue; // a repeated entry is validation's ref/duplicate
    seen.add(elementKey(assignment));
    const found = lookupElement(index, assignment);
    if (found.length === 0) {
      refusals.push(
        violationAt("ref/unknown-element", assignment.at, `${describeRef(assignment)} is not in the account`),
      );
      continue;
    }
    if (found.length > 1) {
      const ids = found
        .map((e) => e.id)
        .sort(compareText)
        .join(", ");
      refusals.push(
        violationAt(
          "ref/unknown-element",
          assignment.at,
          `${describeRef(assignment)} matches ${found.length} elements in the account (ids ${ids}); name it by id`,
        ),
      );
      continue;
    }
    const element = found[0];
    const earlier = byId.get(element.id);
    if (earlier === undefined) {
      byId.set(element.id, { assignment, element });
    } else if (earlier.assignment.workspace !== assignment.workspace) {
      const first = earlier.assignment.at;
      refusals.push(
        violationAt(
          "element/single-workspace",
          assignment.at,
          `${describeRef(assignment)} is the element ${describeRef(earlier.assignment)} of ${first.file}:${first.line}, ` +
            `assigned there to ${earlier.assignment.workspace} and here to ${assignment.workspace}`,
        ),
      );
    }
  }
  return { byId, refusals };
}
