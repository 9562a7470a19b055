/**
 * Resolves the declaration's element placements against the live elements: explicit entries first (by name
 * or id; element-refs.ts), then every selector (`match:`) on the elements no explicit entry names. Each
 * element is tested only against the selectors of its kind and those of any kind, so resolution is linear in
 * the elements for a fixed set of selectors. An element two selectors place in different workspaces is
 * refused (`element/single-workspace`, naming both selectors' places); two selectors agreeing is harmless
 * and the first in declaration order is the one a plan names. A selector that matches nothing is the warning
 * `element/selector-unmatched`.
 */
import { foldName } from "../declaration/glob.ts";
import type { Declaration, ElementSelector } from "../declaration/model.ts";
import { type CompiledSelector, compileSelector, describeMatch, selectorPlace } from "../policy/element-selectors.ts";
import type { Element } from "../tracker/resources.ts";
import type { Violation } from "../violations/violation.ts";
import { violationAt } from "../violations/violation-at.ts";
import {
  type ElementIndex,
  type ResolvedAssignment,
  type ResolvedElements,
  resolveAssignments,
} from "./element-refs.ts";

/** A placement resolved from the declaration: an explicit entry's, or a selector's (then `selector` is set). */
export interface ResolvedPlacement extends ResolvedAssignment {
  selector?: ElementSelector;
}

/** What one selector placed: for the plan's readers, which entry put each element where it is. */
export interface SelectorPlacement {
  /** The selector as written: `match: {kind: campaign, name: EU *}`. */
  match: string;
  file: string;
  line: number;
  workspace: string;
  /** The elements it places (not those an explicit entry or a conflict took), in account order. */
  elements: Array<{ elementId: string; kind: string; name: string }>;
}

/** Every placement the declaration makes in the account, and what resolving them found wrong. */
export interface ResolvedPlacements extends ResolvedElements {
  byId: Map<string, ResolvedPlacement>;
  /** One entry per selector, in declaration order. */
  placements: SelectorPlacement[];
  /** `element/selector-unmatched` warnings. */
  warnings: Violation[];
}

/** Examples named in a grouped violation before "and N more". */
const EXAMPLES = 3;

/** Resolves explicit entries and selectors of `want` against the live `elements`. */
export function resolvePlacements(want: Declaration, elements: Element[], index: ElementIndex): ResolvedPlacements {
  const explicit = resolveAssignments(want.elements, index);
  const byId: Map<string, ResolvedPlacement> = explicit.byId;
  const selectors = (want.selectors ?? []).map(compileSelector);
  if (selectors.length === 0) return { ...explicit, byId, placements: [], warnings: [] };

  // Phase 1: each element against the selectors that could match its kind.
  const byKind = new Map<string, CompiledSelector[]>();
  const anyKind = selectors.filter((s) => s.selector.match.kind === undefined);
  for (const s of selectors) {
    const kind = s.selector.match.kind;
    if (kind !== undefined) byKind.set(kind, [...(byKind.get(kind) ?? []), s]);
  }
  const candidatesOf = (kind: string) => {
    const own = byKind.get(kind) ?? [];
    return anyKind.length === 0 ? own : own.length === 0 ? anyKind : ordered(selectors, own, anyKind);
  };
  const candidates = new Map<string, CompiledSelector[]>();
  const matched = new Map<CompiledSelector, number>();
  const placed = new Map<CompiledSelector, SelectorPlacement["elements"]>(selectors.map((s) => [s, []]));
  const conflicts = new Map<string, { first: CompiledSelector; second: CompiledSelector; elements: Element[] }>();
  for (const element of elements) {
    let list = candidates.get(element.kind);
    if (list === undefined) {
      list = candidatesOf(element.kind);
      candidates.set(element.kind, list);
    }
    if (list.length === 0) continue;
    const named = explicit.byId.has(element.id);
    const selectable = {
      kind: element.kind,
      name: element.name,
      tags: element.tags,
      foldedName: foldName(element.name),
    };
    let first: CompiledSelector | undefined;
    let conflict = false;
    for (const s of list) {
      if (!s.matches(selectable)) continue;
      matched.set(s, (matched.get(s) ?? 0) + 1);
      if (named) continue; // an explicit entry wins over every selector
      if (first === undefined) first = s;
      else if (s.selector.workspace !== first.selector.workspace) {
        conflict = true;
        const key = `${selectors.indexOf(first)}\0${selectors.indexOf(s)}`;
        const found = conflicts.get(key);
        if (found === undefined) conflicts.set(key, { first, second: s, elements: [element] });
        else found.elements.push(element);
      }
    }
    if (first === undefined || conflict) continue;
    const { selector } = first;
    byId.set(element.id, {
      assignment: { kind: element.kind, id: element.id, workspace: selector.workspace, uses: [], at: selector.at },
      element,
      selector,
    });
    placed.get(first)?.push({ elementId: element.id, kind: element.kind, name: element.name });
  }

  // Phase 2: conflicts, one violation per pair of selectors; selectors that matched nothing.
  const refusals = [...explicit.refusals];
  for (const { first, second, elements: overlap } of conflicts.values()) {
    refusals.push(violationAt("element/single-workspace", second.selector.at, overlapMessage(first, second, overlap)));
  }
  const warnings: Violation[] = [];
  for (const s of selectors) {
    if (matched.has(s)) continue;
    const message = `\`${describeMatch(s.selector.match)}\` matches no element in the account`;
    warnings.push(violationAt("element/selector-unmatched", s.selector.at, message));
  }
  const placements = selectors.map((s) => ({
    match: describeMatch(s.selector.match),
    file: s.selector.at.file,
    line: s.selector.at.line,
    workspace: s.selector.workspace,
    elements: placed.get(s) ?? [],
  }));
  return { byId, refusals, placements, warnings };
}

/** `campaign "EU Nutra 1" (id c-1)`, an element as a grouped message names it. */
export function describeElement(element: Pick<Element, "kind" | "name" | "id">): string {
  return `${element.kind} "${element.name}" (id ${element.id})`;
}

/** `; and 4 more: a, b, c, ...` after the first of a group, or "" for a group of one. */
export function moreOf(items: string[]): string {
  if (items.length <= 1) return "";
  const shown = items.slice(1, 1 + EXAMPLES);
  const rest = items.length - 1 - shown.length;
  return `; also ${shown.join(", ")}${rest > 0 ? ` and ${rest} more` : ""}`;
}

function overlapMessage(first: CompiledSelector, second: CompiledSelector, overlap: Element[]): string {
  const [element] = overlap;
  return (
    `${describeElement(element)} is selected by ${selectorPlace(first.selector)} into ${first.selector.workspace} ` +
    `and by ${selectorPlace(second.selector)} into ${second.selector.workspace}; an element belongs to one workspace: ` +
    `name it in an explicit entry or narrow a selector${moreOf(overlap.map(describeElement))}`
  );
}

/** `own` and `any` merged back into declaration order (the first selector placing an element is the one named). */
function ordered(all: CompiledSelector[], own: CompiledSelector[], any: CompiledSelector[]): CompiledSelector[] {
  const wanted = new Set([...own, ...any]);
  return all.filter((s) => wanted.has(s));
}
