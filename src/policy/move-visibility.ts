/**
 * The element-move rule of profiles with `moveRule: preserve-visibility` (Voluum): a move may not change what
 * other users can see through a connection. The published cases — an element without connections; public to
 * private when every connected element is already in that private workspace; private to public when every
 * connected element is already public — are all one rule: after the move, every element connected to the moved
 * one (what it uses and what uses it) sits in the moved element's new workspace. A group move is checked as one
 * change: the rule is evaluated on the state after all of the group's moves. The planner's move order and the
 * sandbox's move requests both ask `visibilityBlockers`.
 */
import type { MoveRule } from "./profile.ts";

/** One element changing workspace (workspaces as names or ids, as long as one spelling is used throughout). */
export interface ElementMoveRequest {
  id: string;
  from: string;
  to: string;
}

/** The connections around the moved elements and where each element sits before the moves. */
export interface MoveSurroundings {
  /** Every element connected to `id`, either way (what it uses and what uses it). */
  neighbours(id: string): Iterable<string>;
  /** Where `id` sits now, or undefined when unknown. */
  workspaceOf(id: string): string | undefined;
}

/** Whether the profile's move rule looks at visibility at all (`free`: any move is allowed). */
export function movesKeepVisibility(rule: MoveRule): boolean {
  return rule === "preserve-visibility";
}

/**
 * The ids of the elements that keep `moves` from happening (sorted, no repeats): for every element whose
 * workspace changes, each connected element whose workspace after all moves differs from the element's.
 * Empty when the moves keep visibility.
 */
export function visibilityBlockers(moves: readonly ElementMoveRequest[], around: MoveSurroundings): string[] {
  const after = new Map(moves.map((move) => [move.id, move.to]));
  const workspaceAfter = (id: string) => after.get(id) ?? around.workspaceOf(id);
  const blockers = new Set<string>();
  for (const move of moves) {
    if (move.from === move.to) continue;
    for (const other of around.neighbours(move.id)) {
      if (other !== move.id && workspaceAfter(other) !== move.to) blockers.add(other);
    }
  }
  return [...blockers].sort((a, b) => a.localeCompare(b, "en", { numeric: true }));
}
