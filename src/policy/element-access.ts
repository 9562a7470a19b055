/**
 * What a role may do with an element kind in a workspace: which workspaces a user sees (public always, where the
 * tracker has one; private ones by implicit access, by assignment or by the all-workspaces grant), the access
 * the role's tables give there (`publicAccess`, `privateAccess`, capped at `use` on read-only-everywhere kinds),
 * whether it may edit (and so move) the kind there, and whether the kind may sit in the workspace at all.
 */
import { PUBLIC_WORKSPACE } from "../declaration/model.ts";
import type { ElementAccess, Profile, Role } from "./profile.ts";

/** The workspaces a user is granted: one by one (names or ids, public spelled `public`) or all at once. */
export interface WorkspaceGrants {
  workspaces: readonly string[];
  allWorkspaces: boolean;
}

const rank: Record<ElementAccess, number> = { none: 0, use: 1, edit: 2, create: 3 };

/** Whether a user of `role` with `grants` sees `workspace` (`public`, or a private workspace's name or id). */
export function seesWorkspace(profile: Profile, role: Role, grants: WorkspaceGrants, workspace: string): boolean {
  if (workspace === PUBLIC_WORKSPACE) return profile.publicWorkspace;
  return role.implicitAccess || grants.allWorkspaces || grants.workspaces.includes(workspace);
}

/** The access of a user of `role` with `grants` to elements of `kind` in `workspace`; `none` where unseen. */
export function elementAccess(
  profile: Profile,
  role: Role,
  grants: WorkspaceGrants,
  kind: string,
  workspace: string,
): ElementAccess {
  const found = profile.elementKinds.find((k) => k.name === kind);
  if (found === undefined || !seesWorkspace(profile, role, grants, workspace)) return "none";
  const isPublic = workspace === PUBLIC_WORKSPACE;
  if (isPublic && !found.allowedInPublic) return "none";
  const access = (isPublic ? role.publicAccess[kind] : role.privateAccess[kind]) ?? "none";
  return found.readOnlyEverywhere && !role.implicitAccess && rank[access] > rank.use ? "use" : access;
}

/** Whether a user of `role` with `grants` may edit (and so move) elements of `kind` in `workspace`. */
export function mayEditKind(
  profile: Profile,
  role: Role,
  grants: WorkspaceGrants,
  kind: string,
  workspace: string,
): boolean {
  return rank[elementAccess(profile, role, grants, kind, workspace)] >= rank.edit;
}

/**
 * The workspaces of a move of a `kind` element from `from` to `to` where a user of `role` (undefined: a role
 * the profile lacks) with `grants` may not edit that kind: a move needs edit access at both ends. Empty when
 * the move is allowed.
 */
export function moveAccessBlockers(
  profile: Profile,
  role: Role | undefined,
  grants: WorkspaceGrants,
  kind: string,
  from: string,
  to: string,
): string[] {
  const ends = from === to ? [from] : [from, to];
  return ends.filter((workspace) => role === undefined || !mayEditKind(profile, role, grants, kind, workspace));
}

/** Why an element of `kind` cannot sit in `workspace`, or undefined when it can (private workspaces always can). */
export function kindPlacementProblem(
  profile: Profile,
  kind: string,
  workspace: string,
): "no-public-workspace" | "not-allowed-in-public" | undefined {
  if (workspace !== PUBLIC_WORKSPACE) return undefined;
  if (!profile.publicWorkspace) return "no-public-workspace";
  const found = profile.elementKinds.find((k) => k.name === kind);
  return found !== undefined && !found.allowedInPublic ? "not-allowed-in-public" : undefined;
}
