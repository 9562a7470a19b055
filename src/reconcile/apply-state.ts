/**
 * What the executor knows of the account while it applies a plan: the objects (with their etags) read when the
 * plan was made, updated from every answer, re-read one at a time when an etag turns out stale. Without a
 * snapshot, objects are fetched on first use (one GET each; workspaces by one listing).
 */
import { emailKey, PUBLIC_WORKSPACE } from "../declaration/model.ts";
import { TrackerApiError } from "../tracker/errors.ts";
import { type Element, PUBLIC_WORKSPACE_ID, type User, type Workspace } from "../tracker/resources.ts";
import type { TrackerClient } from "../tracker/tracker-client.ts";
import type { LiveAccount } from "./live-account.ts";

/** The executor's view of the account. */
export interface ApplyState {
  /** The user, from the snapshot or read once; undefined when it does not exist. */
  user(id: string, fresh?: boolean): Promise<User | undefined>;
  /** The user with this e-mail after re-reading every user (used after an ambiguous or conflicting invite). */
  userByEmail(email: string): Promise<User | undefined>;
  /** Re-reads every user (one listing), refreshing what the state knows of each. */
  refreshUsers(): Promise<void>;
  /** The user with this e-mail as the state knows it now; sends nothing. */
  knownUserByEmail(email: string): User | undefined;
  element(id: string, fresh?: boolean): Promise<Element | undefined>;
  workspace(id: string, fresh?: boolean): Promise<Workspace | undefined>;
  /** The id of a workspace name (`public` → "public"); `fresh` re-lists the workspaces. */
  workspaceId(name: string, fresh?: boolean): Promise<string | undefined>;
  /** The name of a workspace id, when known. */
  workspaceName(id: string): string | undefined;
  /** Records an object the tracker returned. */
  remember(object: { user?: User; element?: Element; workspace?: Workspace }): void;
  /** Forgets a removed user or deleted workspace. */
  forget(object: { userId?: string; workspaceId?: string }): void;
}

/** Creates the executor's state, seeded from the snapshot the plan was computed from when there is one. */
export function applyState(client: TrackerClient, have?: LiveAccount): ApplyState {
  const users = new Map((have?.users ?? []).map((u) => [u.id, u]));
  const elements = new Map((have?.elements ?? []).map((e) => [e.id, e]));
  const workspaces = new Map<string, Workspace>();
  const idByName = new Map<string, string>();
  let workspacesListed = false;
  const rememberWorkspace = (w: Workspace) => {
    workspaces.set(w.id, w);
    idByName.set(w.name, w.id);
  };
  const listWorkspaces = async () => {
    idByName.clear();
    for (const w of await client.listWorkspaces()) rememberWorkspace(w);
    workspacesListed = true;
  };
  if (have !== undefined) {
    for (const w of have.workspaces) rememberWorkspace(w);
    workspacesListed = true;
  }

  return {
    async user(id, fresh = false) {
      if (!fresh && users.has(id)) return users.get(id);
      const found = await orMissing(() => client.getUser(id));
      if (found === undefined) users.delete(id);
      else users.set(id, found);
      return found;
    },
    async userByEmail(email) {
      await this.refreshUsers();
      return this.knownUserByEmail(email);
    },
    async refreshUsers() {
      for (const u of await client.listUsers()) users.set(u.id, u);
    },
    knownUserByEmail(email) {
      return [...users.values()].find((u) => emailKey(u.email) === emailKey(email));
    },
    async element(id, fresh = false) {
      if (!fresh && elements.has(id)) return elements.get(id);
      const found = await orMissing(() => client.getElement(id));
      if (found !== undefined) elements.set(id, found);
      return found;
    },
    async workspace(id, fresh = false) {
      if (!fresh && workspaces.has(id)) return workspaces.get(id);
      const found = await orMissing(() => client.getWorkspace(id));
      if (found === undefined) workspaces.delete(id);
      else rememberWorkspace(found);
      return found;
    },
    async workspaceId(name, fresh = false) {
      if (name === PUBLIC_WORKSPACE) return PUBLIC_WORKSPACE_ID;
      if (fresh || (!workspacesListed && !idByName.has(name))) await listWorkspaces();
      return idByName.get(name);
    },
    workspaceName(id) {
      if (id === PUBLIC_WORKSPACE_ID) return PUBLIC_WORKSPACE;
      return workspaces.get(id)?.name;
    },
    remember({ user, element, workspace }) {
      if (user !== undefined) users.set(user.id, user);
      if (element !== undefined) elements.set(element.id, element);
      if (workspace !== undefined) rememberWorkspace(workspace);
    },
    forget({ userId, workspaceId }) {
      if (userId !== undefined) users.delete(userId);
      if (workspaceId !== undefined) {
        const name = workspaces.get(workspaceId)?.name;
        workspaces.delete(workspaceId);
        if (name !== undefined && idByName.get(name) === workspaceId) idByName.delete(name);
      }
    },
  };
}

/** The result of `read`, or undefined when the tracker answers 404. */
export async function orMissing<T>(read: () => Promise<T>): Promise<T | undefined> {
  try {
    return await read();
  } catch (error) {
    if (error instanceof TrackerApiError && error.status === 404) return undefined;
    throw error;
  }
}
