/**
 * The live account ("have"): everything the planner compares a declaration with, read in as few requests as
 * the API allows (one paginated listing per collection, all in parallel, never one GET per object), and the
 * name ↔ id lookups the planner, the executor and the dump share.
 */
import { PUBLIC_WORKSPACE } from "../policy/effective-permissions.ts";
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
export function liveMemberships(user: User, names: WorkspaceNames): string[] | "*" {
  if (user.allWorkspaces) return "*";
  return sortedNames(user.workspaces.map((id) => names.nameOf(id)).filter((n): n is string => n !== undefined));
}

/** Whether a pending invitation has expired at `now`. */
export function invitationExpired(user: User, now: Date): boolean {
  if (user.status !== "invited" || user.invitationExpiresAt == null) return false;
  return Date.parse(user.invitationExpiresAt) <= now.getTime();
}

/** Names sorted by code point and de-duplicated: the canonical form compared and shown. */
export function sortedNames(names: Iterable<string>): string[] {
  return [...new Set(names)].sort(compareText);
}

/** Code-point order, independent of the machine's locale. */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Whether two workspace sets ("*" or names) are the same. */
export function sameNames(a: string[] | "*", b: string[] | "*"): boolean {
  if (a === "*" || b === "*") return a === b;
  const left = sortedNames(a);
  const right = sortedNames(b);
  return left.length === right.length && left.every((name, i) => name === right[i]);
}
