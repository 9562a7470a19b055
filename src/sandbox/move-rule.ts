/**
 * The element-move rule of profiles with `moveRule: preserve-visibility` (Voluum): a move may not change what
 * other users can see through a connection. The published cases — an element without connections; public to
 * private when every connected element is already in that private workspace; private to public when every
 * connected element is already public — are all one rule: after the move, every element connected to the moved
 * one (what it uses and what uses it) sits in the moved element's new workspace. A group move is checked as one
 * change: the rule is evaluated on the state after all of the group's moves.
 */
import type { Neighbourhood } from "./store-elements.ts";

/** One element changing workspace. */
export interface PlannedMove {
  id: string;
  from: string;
  to: string;
}

/**
 * The ids of the elements that keep `moves` from happening (sorted, no repeats): for every element whose
 * workspace changes, each connected element whose workspace after all moves differs from the element's.
 * Empty when the moves keep visibility.
 */
export function visibilityBlockers(moves: readonly PlannedMove[], around: Neighbourhood): string[] {
  const after = new Map(moves.map((move) => [move.id, move.to]));
  const workspaceAfter = (id: string) => after.get(id) ?? around.workspaceOf.get(id);
  const changing = new Set(moves.filter((move) => move.from !== move.to).map((move) => move.id));
  const blockers = new Set<string>();
  for (const { from, to } of around.edges) {
    if (changing.has(from) && workspaceAfter(to) !== workspaceAfter(from)) blockers.add(to);
    if (changing.has(to) && workspaceAfter(from) !== workspaceAfter(to)) blockers.add(from);
  }
  return [...blockers].sort((a, b) => a.localeCompare(b, "en", { numeric: true }));
}
