/**
 * A user's canonical access: role, workspaces (sorted names, or the all-workspaces marker) and hidden columns
 * (sorted). The one form in which declared and live access are compared, planned, dumped and stored in Pulumi
 * state, so that two spellings of the same access (order, repeats, an absent `hiddenColumns`) are one value.
 */
import { ALL_WORKSPACES, type WorkspaceGrant } from "./model.ts";
import { sortedNames } from "./name-order.ts";

/** One user's access in canonical form. */
export interface CanonicalAccess {
  role: string;
  /** Workspace names, sorted and without repeats, or `*` for every workspace. */
  workspaces: WorkspaceGrant;
  /** Hidden columns, sorted and without repeats (empty when none). */
  hiddenColumns: string[];
}

/** The canonical access of `role` with `workspaces` (names or `*`) and `hiddenColumns` (absent: none). */
export function canonicalAccess(
  role: string,
  workspaces: readonly string[] | typeof ALL_WORKSPACES,
  hiddenColumns: readonly string[] = [],
): CanonicalAccess {
  return {
    role,
    workspaces: canonicalWorkspaces(workspaces),
    hiddenColumns: sortedNames(hiddenColumns),
  };
}

/** Workspaces in canonical form: sorted names without repeats, or `*`. */
export function canonicalWorkspaces(workspaces: readonly string[] | typeof ALL_WORKSPACES): WorkspaceGrant {
  return workspaces === ALL_WORKSPACES ? ALL_WORKSPACES : sortedNames(workspaces);
}
