/**
 * The move-visibility rule (profile.moveRule "preserve-visibility", Voluum): an element may not move if the move
 * changes what other users can see through a connection. The published cases (no connections; public → private
 * when every connected element is already in that private workspace; private → public when every connected
 * element is already public) are one rule, the one the tracker checks: after the move, every element connected
 * to the moved one (what it uses and what uses it) sits in the moved element's new workspace. Moving elements
 * form connected groups (connections both ways); a group moves in an order where every step is allowed, or else
 * as one group request, checked on the state after all its moves. A group neither way can move is refused with
 * `element/move-changes-visibility`, naming its elements.
 */
import type { SourcePosition } from "../declaration/model.ts";
import {
  type ElementMoveRequest,
  type MoveSurroundings,
  movesKeepVisibility,
  visibilityBlockers,
} from "../policy/move-visibility.ts";
import type { MoveRule } from "../policy/profile.ts";
import type { Element } from "../tracker/resources.ts";
import type { Violation } from "../violations/violation.ts";
import { violationAt } from "../violations/violation-at.ts";
import { compareText } from "./live-account.ts";
import type { ElementMove, MoveElement, MoveElementGroup } from "./operations.ts";

/** A move the declaration asks for, with where it asks. */
export interface PlannedMove extends ElementMove {
  at: SourcePosition;
  reason: string;
}

/** Connections between live elements by id, both ways. */
export interface MoveGraph {
  elements: Map<string, Element>;
  uses: Map<string, Set<string>>;
  usedBy: Map<string, Set<string>>;
}

/** Where each element is: element id → workspace name. */
export type Placement = Pick<Map<string, string>, "get">;

/** The connection graph of the live elements (connections to elements that do not exist are ignored). */
export function moveGraph(elements: Element[]): MoveGraph {
  const byId = new Map(elements.map((e) => [e.id, e]));
  const uses = new Map<string, Set<string>>();
  const usedBy = new Map<string, Set<string>>();
  for (const element of elements) {
    for (const connection of element.connections) {
      if (!byId.has(connection.id) || connection.id === element.id) continue;
      push(uses, element.id, connection.id);
      push(usedBy, connection.id, element.id);
    }
  }
  return { elements: byId, uses, usedBy };
}

/** Every element connected to `id`, either way. */
export function neighbours(graph: MoveGraph, id: string): string[] {
  return [...(graph.uses.get(id) ?? []), ...(graph.usedBy.get(id) ?? [])];
}

/** The live connections and a placement, as the move rule (policy/move-visibility.ts) reads them. */
function surroundings(graph: MoveGraph, placement: Placement): MoveSurroundings {
  return { neighbours: (id) => neighbours(graph, id), workspaceOf: (id) => placement.get(id) };
}

/** The moves as the move rule reads them. */
function moveRequests(moves: ElementMove[]): ElementMoveRequest[] {
  return moves.map((move) => ({ id: move.elementId, from: move.from, to: move.to }));
}

/** Whether moving one element to `to` keeps what other users can see: every connected element is already there. */
export function singleMoveAllowed(graph: MoveGraph, placement: Placement, id: string, to: string): boolean {
  const move = { id, from: placement.get(id) ?? "", to };
  return visibilityBlockers([move], surroundings(graph, placement)).length === 0;
}

/** Why a group move would change what others see (the first split connection), or undefined when allowed. */
export function groupMoveConflict(graph: MoveGraph, placement: Placement, moves: ElementMove[]): string | undefined {
  const blockers = new Set(visibilityBlockers(moveRequests(moves), surroundings(graph, placement)));
  if (blockers.size === 0) return undefined;
  // Worded by the first split connection, in the order of the moves and of each one's connections.
  const after = overlay(placement);
  for (const move of moves) after.set(move.elementId, move.to);
  for (const move of moves) {
    const split = (id: string) => blockers.has(id) && after.get(id) !== move.to;
    for (const used of graph.uses.get(move.elementId) ?? []) {
      if (split(used)) return conflict(graph, after, move.elementId, used);
    }
    for (const user of graph.usedBy.get(move.elementId) ?? []) {
      if (split(user)) return conflict(graph, after, user, move.elementId);
    }
  }
  return [...blockers].join(", ");
}

/** The move operations for `moves` (sorted, grouped and ordered by the rule) and the groups that cannot move. */
export function orderMoves(
  moves: PlannedMove[],
  graph: MoveGraph,
  placement: Placement,
  rule: MoveRule,
): { operations: Array<MoveElement | MoveElementGroup>; refusals: Violation[] } {
  const sorted = [...moves].sort(
    (a, b) => compareText(a.kind, b.kind) || compareText(a.name, b.name) || compareText(a.elementId, b.elementId),
  );
  if (!movesKeepVisibility(rule)) return { operations: sorted.map((m) => single(m, [])), refusals: [] };
  const operations: Array<MoveElement | MoveElementGroup> = [];
  const refusals: Violation[] = [];
  for (const group of components(sorted, graph)) {
    const steps = orderOfSingleMoves(group, graph, placement);
    if (steps !== undefined) {
      operations.push(...steps);
      continue;
    }
    const reason = groupMoveConflict(graph, placement, group);
    if (reason === undefined && group.length <= 1000) {
      operations.push(groupMove(group));
      continue;
    }
    const listed = group.map((m) => `${m.kind} "${m.name}" (${m.from} → ${m.to})`).join(", ");
    const why = reason ?? `the group of ${group.length} exceeds the 1000 elements one request can move`;
    refusals.push(
      violationAt(
        "element/move-changes-visibility",
        group[0].at,
        `moving ${listed} would change what other users can see: no order of single moves keeps it, and moved together ${why}`,
      ),
    );
  }
  return { operations, refusals };
}

/** Groups of moves connected to each other (in sorted order, each group sorted). */
function components(moves: PlannedMove[], graph: MoveGraph): PlannedMove[][] {
  const moving = new Set(moves.map((m) => m.elementId));
  const groupOf = new Map<string, number>();
  const groups: PlannedMove[][] = [];
  for (const start of moves) {
    if (!groupOf.has(start.elementId)) {
      const index = groups.push([]) - 1;
      groupOf.set(start.elementId, index);
      const queue = [start.elementId];
      while (queue.length > 0) {
        for (const next of neighbours(graph, queue.pop()!)) {
          if (moving.has(next) && !groupOf.has(next)) {
            groupOf.set(next, index);
            queue.push(next);
          }
        }
      }
    }
    groups[groupOf.get(start.elementId)!].push(start);
  }
  return groups;
}

/** A greedy order of single moves where every step is allowed, each step waiting for its moved neighbours. */
function orderOfSingleMoves(group: PlannedMove[], graph: MoveGraph, placement: Placement): MoveElement[] | undefined {
  const state = overlay(placement);
  const remaining = [...group];
  const steps: MoveElement[] = [];
  const stepOf = new Map<string, MoveElement>();
  while (remaining.length > 0) {
    const index = remaining.findIndex((m) => singleMoveAllowed(graph, state, m.elementId, m.to));
    if (index < 0) return undefined;
    const [move] = remaining.splice(index, 1);
    const after = neighbours(graph, move.elementId).filter((n) => stepOf.has(n));
    const step = single(move, [...new Set(after.map((n) => stepOf.get(n)!.id))]);
    state.set(move.elementId, move.to);
    stepOf.set(move.elementId, step);
    steps.push(step);
  }
  return steps;
}

function single(move: PlannedMove, dependsOn: string[]): MoveElement {
  const { at: _at, reason, ...element } = move;
  return { type: "move-element", id: `element:${move.kind}:${move.elementId}:move`, reason, dependsOn, ...element };
}

function groupMove(group: PlannedMove[]): MoveElementGroup {
  return {
    type: "move-element-group",
    id: `element-group:${group[0].kind}:${group[0].elementId}:move`,
    reason: `${group.length} connected element(s) move together: no order of single moves keeps what other users can see`,
    dependsOn: [],
    moves: group.map(({ elementId, kind, name, from, to }) => ({ elementId, kind, name, from, to })),
  };
}

function conflict(graph: MoveGraph, after: Placement, user: string, used: string): string {
  const name = (id: string) => `${graph.elements.get(id)?.kind} "${graph.elements.get(id)?.name}" in ${after.get(id)}`;
  return `${name(user)} would use ${name(used)}`;
}

/** `base` with changes on top, without copying `base` (it holds every element of the account). */
function overlay(base: Placement): Placement & { set(id: string, workspace: string): void } {
  const changed = new Map<string, string>();
  return {
    get: (id) => changed.get(id) ?? base.get(id),
    set: (id, workspace) => void changed.set(id, workspace),
  };
}

function push(map: Map<string, Set<string>>, key: string, value: string): void {
  const set = map.get(key);
  if (set === undefined) map.set(key, new Set([value]));
  else set.add(value);
}
