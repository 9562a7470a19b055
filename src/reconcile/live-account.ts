/**
 * The live account ("have"): everything the planner compares a declaration with, read in as few requests as
 * the API allows (one paginated listing per collection, all in parallel, never one GET per object), and the
 * name ↔ id lookups the planner, the executor and the dump share.
 */
import { type CanonicalAccess, canonicalAccess } from "../declaration/canonical-access.ts";
import { ALL_WORKSPACES, PUBLIC_WORKSPACE, type WorkspaceGrant } from "../declaration/model.ts";
import { compareText, sortedNames } from "../declaration/name-order.ts";
import type { Profile } from "../policy/profile.ts";
import { TrackerApiError } from "../tracker/errors.ts";
import {
  type Account,
  type Actor,
  type Element,
  PUBLIC_WORKSPACE_ID,
  type User,
  type Workspace,
} from "../tracker/resources.ts";
import type { TrackerClient } from "../tracker/tracker-client.ts";

// The one order of names, defined in declaration/name-order.ts; re-exported for the planner's modules.
export { compareText, sortedNames };

/** A snapshot of a tracker account as the API key's owner sees it. */
export interface LiveAccount {
  account: Account;
  /** Who the API key belongs to: the one applying the plan. */
  actor: Actor;
  /** Private workspaces (the public workspace is built in). */
  workspaces: Workspace[];
  /** Users and pending invitations. */
  users: User[];
  /** Campaign elements with their workspace and connections. */
  elements: Element[];
}

/**
 * Reads the whole account: me, account, and one paginated listing each of workspaces, users and elements.
 * A key whose role may not read the account's users (403 on GET /v1/users) fails with a message saying which
 * key plan, drift, dump and apply need.
 */
export async function readLiveAccount(client: TrackerClient): Promise<LiveAccount> {
  const [actor, account, workspaces, users, elements] = await Promise.all([
    client.getMe(),
    client.getAccount(),
    client.listWorkspaces(),
    client.listUsers().catch((error: unknown) => {
      throw usersUnreadable(error);
    }),
    client.listElements(),
  ]);
  return { account, actor, workspaces, users, elements };
}

/** The 403 of GET /v1/users, reworded: this key cannot read every user, and which key can. */
function usersUnreadable(error: unknown): unknown {
  if (!(error instanceof TrackerApiError) || error.status !== 403) return error;
  return new TrackerApiError(
    error.method,
    error.path,
    error.status,
    `the API key's role cannot read the account's users (${error.message}); plan, drift, dump and apply read ` +
      "every user: use the key of a user who manages users (an owner's or an admin's)",
    error.problem,
  );
}

/** Workspace names (as declarations use them) ↔ API ids; `public` ↔ "public" where the tracker has one. */
export interface WorkspaceNames {
  /** The declared name of a workspace id, or undefined for an id the account does not have. */
  nameOf(id: string): string | undefined;
  /** The id of a workspace name, or undefined when no such workspace exists (yet). */
  idOf(name: string): string | undefined;
}

/** The name ↔ id lookups of `workspaces` (live, plus any learnt later such as newly created ones). */
export function workspaceNames(workspaces: Workspace[], profile: Profile): WorkspaceNames {
  const byId = new Map(workspaces.map((w) => [w.id, w.name]));
  const byName = new Map(workspaces.map((w) => [w.name, w.id]));
  if (profile.publicWorkspace) {
    byId.set(PUBLIC_WORKSPACE_ID, PUBLIC_WORKSPACE);
    byName.set(PUBLIC_WORKSPACE, PUBLIC_WORKSPACE_ID);
  }
  return { nameOf: (id) => byId.get(id), idOf: (name) => byName.get(name) };
}

/** A user's memberships by name, sorted, or "*" when granted every workspace; ids without a workspace are dropped. */
export function liveMemberships(user: User, names: WorkspaceNames): WorkspaceGrant {
  return liveAccess(user, names.nameOf).workspaces;
}

/**
 * A live user's canonical access (declaration/canonical-access.ts): role, memberships by name (`nameOf`; ids it
 * names nothing for are dropped) or `*`, and hidden columns, each sorted.
 */
export function liveAccess(user: User, nameOf: (id: string) => string | undefined): CanonicalAccess {
  const names = user.workspaces.map(nameOf).filter((name): name is string => name !== undefined);
  return canonicalAccess(user.role, user.allWorkspaces ? ALL_WORKSPACES : names, user.hiddenColumns);
}

/** Whether a pending invitation has expired at `now`. */
export function invitationExpired(user: User, now: Date): boolean {
  if (user.status !== "invited" || user.invitationExpiresAt == null) return false;
  return Date.parse(user.invitationExpiresAt) <= now.getTime();
}

/** Whether two workspace sets ("*" or names) are the same. */
export function sameNames(a: WorkspaceGrant, b: WorkspaceGrant): boolean {
  if (a === ALL_WORKSPACES || b === ALL_WORKSPACES) return a === b;
  const left = sortedNames(a);
  const right = sortedNames(b);
  return left.length === right.length && left.every((name, i) => name === right[i]);
}
