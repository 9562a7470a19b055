/**
 * The sandbox's side of the element-move rule: the connections the store fetched around the moved elements,
 * handed to the rule's one definition (policy/move-visibility.ts), which the planner's move order asks too.
 */
import { visibilityBlockers as blockersOf, type ElementMoveRequest } from "../policy/move-visibility.ts";
import type { Neighbourhood } from "./store-elements.ts";

/** One element changing workspace (workspace ids). */
export type PlannedMove = ElementMoveRequest;

/**
 * The ids of the elements that keep `moves` from happening (sorted, no repeats), judged on the state after all
 * the moves; empty when the moves keep visibility.
 */
export function visibilityBlockers(moves: readonly PlannedMove[], around: Neighbourhood): string[] {
  const neighbours = new Map<string, string[]>();
  const link = (a: string, b: string) => {
    const list = neighbours.get(a);
    if (list === undefined) neighbours.set(a, [b]);
    else list.push(b);
  };
  for (const { from, to } of around.edges) {
    link(from, to);
    link(to, from);
  }
  return blockersOf(moves, {
    neighbours: (id) => neighbours.get(id) ?? [],
    workspaceOf: (id) => around.workspaceOf.get(id),
  });
}
