/**
 * Elements: the declaration places existing elements in workspaces. Each assignment is resolved to a live
 * element; an element not where it is declared moves (ordered or grouped by the profile's move rule); elements
 * the declaration does not name are left where they are and reported as unmanaged.
 */

import { selectorPlace } from "../policy/element-selectors.ts";
import type { Violation } from "../violations/violation.ts";
import { violationAt } from "../violations/violation-at.ts";
import { indexElements } from "./element-refs.ts";
import { compareText } from "./live-account.ts";
import { moveGraph, orderMoves, type Placement, type PlannedMove } from "./move-order.ts";
import type { MoveElement, MoveElementGroup, UnmanagedElement } from "./operations.ts";
import { knownWorkspace, type PlanContext } from "./plan-context.ts";
import { resolvePlacements, type SelectorPlacement } from "./resolve-selectors.ts";
import { checkSelectorPlacements } from "./selector-rules.ts";

/** The element part of a plan. */
export interface ElementPlan {
  operations: Array<MoveElement | MoveElementGroup>;
  unmanaged: UnmanagedElement[];
  /** Ids of the live elements the declaration places (resolved or not moving). */
  managedIds: Set<string>;
  refusals: Violation[];
  /** What each selector placed (empty without selectors). */
  placements: SelectorPlacement[];
  /** Warnings about the placements (`element/selector-unmatched`). */
  warnings: Violation[];
}

/** Works out the element moves and the unmanaged elements. */
export function planElements(ctx: PlanContext): ElementPlan {
  const { want, have, names } = ctx;
  const workspaceOf = (id: string) => names.nameOf(id) ?? id;

  // Resolve: each explicit entry to one live element, then every selector on the rest; their rules.
  const resolved = resolvePlacements(want, have.elements, indexElements(have.elements));
  const refusals = [
    ...resolved.refusals,
    ...checkSelectorPlacements(ctx.profile, have.elements, resolved, workspaceOf),
  ];

  // Moves: every managed element not in its declared workspace.
  const moves: PlannedMove[] = [];
  for (const { assignment, element, selector } of resolved.byId.values()) {
    if (!knownWorkspace(ctx, assignment.workspace)) {
      refusals.push(
        violationAt(
          "ref/unknown-workspace",
          assignment.at,
          `${element.kind} "${element.name}" is assigned to undeclared workspace ${assignment.workspace}`,
        ),
      );
      continue;
    }
    const from = workspaceOf(element.workspace);
    if (from === assignment.workspace) continue;
    moves.push({
      elementId: element.id,
      kind: element.kind,
      name: element.name,
      from,
      to: assignment.workspace,
      at: assignment.at,
      reason:
        selector === undefined
          ? `declared in ${assignment.workspace} in ${assignment.at.file}:${assignment.at.line}, is in ${from}`
          : `placed in ${assignment.workspace} by ${selectorPlace(selector)}, is in ${from}`,
    });
  }

  // Order: single moves or groups that the move rule accepts.
  const placement: Placement = new Map(have.elements.map((e) => [e.id, workspaceOf(e.workspace)]));
  const ordered = orderMoves(moves, moveGraph(have.elements), placement, ctx.profile.moveRule);
  refusals.push(...ordered.refusals);

  // Unmanaged: live elements the declaration does not name, left where they are.
  const unmanaged: UnmanagedElement[] = have.elements
    .filter((e) => !resolved.byId.has(e.id))
    .map((e) => ({ elementId: e.id, kind: e.kind, name: e.name, workspace: workspaceOf(e.workspace) }))
    .sort(
      (a, b) => compareText(a.kind, b.kind) || compareText(a.name, b.name) || compareText(a.elementId, b.elementId),
    );
  const { placements, warnings } = resolved;
  return {
    operations: ordered.operations,
    unmanaged,
    managedIds: new Set(resolved.byId.keys()),
    refusals,
    placements,
    warnings,
  };
}
