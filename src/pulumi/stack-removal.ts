/**
 * What `pulumi destroy` asks of the account, as a declaration for the planner: the account as it is, without the
 * users and private workspaces the stack manages (those in its state, as last applied or refreshed) — except
 * the account's owner (guard/owner-immutable) and the API key's owner (guard/self-lockout), who stay. Users and
 * workspaces the state does not list (added by hand since the last refresh) stay too. No element is named, so
 * none moves; a workspace still holding elements is refused by the planner (elements are never deleted).
 * Only translation: which operations run, in which order, is `plan()`'s.
 */
import { ALL_WORKSPACES, type Declaration, emailKey, type SourcePosition } from "../declaration/model.ts";
import type { Profile } from "../policy/profile.ts";
import { type LiveAccount, liveAccess, workspaceNames } from "../reconcile/live-account.ts";
import type { AccountContent } from "./properties.ts";

/** Where the users and workspaces kept by a destroy "are declared". */
export const KEPT_BY_DESTROY: SourcePosition = { file: "(pulumi destroy)", line: 1, column: 1, path: "" };

/** The declaration a destroy plans, and the number of users it removes (the removal guard's exact override). */
export function removalDeclaration(
  have: LiveAccount,
  profile: Profile,
  managed: Pick<AccountContent, "account" | "users" | "workspaces">,
): { want: Declaration; removals: number } {
  const at = KEPT_BY_DESTROY;
  const managedWorkspaces = new Set(managed.workspaces);
  const workspaces = have.workspaces.filter((w) => !managedWorkspaces.has(w.name));
  const names = workspaceNames(have.workspaces, profile);
  const actor = emailKey(have.actor.email);
  const stays = (u: LiveAccount["users"][number]) =>
    !(emailKey(u.email) in managed.users) || u.role === profile.ownerRole || emailKey(u.email) === actor;
  const users = have.users.filter(stays).map((u) => {
    const access = liveAccess(u, names.nameOf);
    const memberships = access.workspaces;
    return {
      email: u.email,
      role: access.role,
      workspaces: memberships === ALL_WORKSPACES ? memberships : memberships.filter((w) => !managedWorkspaces.has(w)),
      hiddenColumns: access.hiddenColumns.length > 0 ? access.hiddenColumns : undefined,
      at,
    };
  });
  const want: Declaration = {
    apiVersion: "tracker-access/v1",
    tracker: profile.tracker,
    account: managed.account,
    files: [at.file],
    workspaces: workspaces.map((w) => ({ name: w.name, at })),
    users,
    elements: [],
  };
  return { want, removals: have.users.length - users.length };
}
