/**
 * Executes one operation idempotently: each attempt first works out, from what the executor knows of the object,
 * what is still to write, and writes nothing when the object is already as the plan wants it. A stale etag (412)
 * or an answer that leaves it unknown whether a POST was applied (5xx, dropped connection, timeout) re-reads the
 * object and tries again against the fresh state; a 409 from an invite or a workspace creation means it exists.
 */
import { ALL_WORKSPACES, emailKey, type WorkspaceGrant } from "../declaration/model.ts";
import { TrackerApiError, TrackerNetworkError, TrackerTimeoutError } from "../tracker/errors.ts";
import type { User, UserUpdate } from "../tracker/resources.ts";
import type { TrackerClient } from "../tracker/tracker-client.ts";
import type { ApplyState } from "./apply-state.ts";
import { liveAccess, sameNames } from "./live-account.ts";
import type { InviteUser, Operation } from "./operations.ts";

/**
 * Whether an operation wrote to the tracker or found nothing left to do; `exists` when an invite was answered
 * 409 (someone else invited them) and `deferConflicts` was set: the caller settles it with
 * `settleExistingInvite` after one listing of the users shared by every such invite, instead of one listing each.
 */
export type Execution = "written" | "unchanged" | "exists";

/** Options of `executeOperation`. */
export interface ExecuteOptions {
  /** Answer `exists` for an invite the tracker refuses with 409, rather than listing the users to settle it. */
  deferConflicts?: boolean;
  /**
   * A stale etag (412) fails the operation instead of re-reading the object and trying again: a saved plan
   * applies what was reviewed, never what a re-read would make of it.
   */
  staleFails?: boolean;
}

const MAX_ATTEMPTS = 4;

/** Runs `op` against the tracker until it is done or fails for a reason re-reading cannot cure. */
export async function executeOperation(
  op: Operation,
  client: TrackerClient,
  state: ApplyState,
  options: ExecuteOptions = {},
): Promise<Execution> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await attemptOperation(op, client, state, attempt > 1, options);
    } catch (error) {
      if (attempt >= MAX_ATTEMPTS || !worthReReading(error)) throw error;
      if (options.staleFails && error instanceof TrackerApiError && error.status === 412) throw staleObject(op, error);
    }
  }
}

/** The 412 of an operation of a saved plan, reworded: the object changed since the plan. */
function staleObject(op: Operation, error: TrackerApiError): TrackerApiError {
  return new TrackerApiError(
    error.method,
    error.path,
    error.status,
    `${op.id}: the object changed after the plan was checked (412); not applied. Make the plan again`,
    error.problem,
  );
}

/** 412 (stale etag) and answers that leave a write's outcome unknown are cured by re-reading. */
function worthReReading(error: unknown): boolean {
  if (error instanceof TrackerNetworkError || error instanceof TrackerTimeoutError) return true;
  return error instanceof TrackerApiError && (error.status === 412 || error.status >= 500);
}

async function attemptOperation(
  op: Operation,
  client: TrackerClient,
  state: ApplyState,
  fresh: boolean,
  options: ExecuteOptions,
): Promise<Execution> {
  switch (op.type) {
    case "create-workspace": {
      if ((await state.workspaceId(op.workspace, fresh)) !== undefined) return "unchanged";
      try {
        state.remember({ workspace: await client.createWorkspace(op.workspace) });
        return "written";
      } catch (error) {
        if (!isConflict(error) || (await state.workspaceId(op.workspace, true)) === undefined) throw error;
        return "unchanged";
      }
    }
    case "delete-workspace": {
      const workspace = await state.workspace(op.workspaceId, fresh);
      if (workspace === undefined) return "unchanged";
      await ignoreMissing(client.deleteWorkspace(workspace.id, workspace.etag));
      state.forget({ workspaceId: workspace.id });
      return "written";
    }
    case "invite-user":
      return invite(op, client, state, fresh, options);
    case "resend-invitation": {
      const user = await requireUser(state, op.userId, op.email, fresh);
      const renewed = user.invitationExpiresAt != null && Date.parse(user.invitationExpiresAt) > Date.now();
      if (user.status === "active" || renewed) return "unchanged";
      try {
        state.remember({ user: await client.resendInvitation(user.id, user.etag) });
        return "written";
      } catch (error) {
        if (isConflict(error)) return "unchanged"; // accepted in the meantime: present
        throw error;
      }
    }
    case "change-role":
    case "set-memberships":
    case "set-hidden-columns": {
      const user = await requireUser(state, op.userId, op.email, fresh);
      const change = await userChange(op, user, state);
      if (change === undefined) return "unchanged";
      state.remember({ user: await client.updateUser(user.id, change, user.etag) });
      return "written";
    }
    case "remove-user": {
      const user = await state.user(op.userId, fresh);
      if (user === undefined) return "unchanged";
      await ignoreMissing(client.removeUser(user.id, user.etag));
      state.forget({ userId: user.id });
      return "written";
    }
    case "move-element":
    case "move-element-group": {
      const moves = op.type === "move-element" ? [op] : op.moves;
      const pending = [];
      for (const move of moves) {
        const element = await state.element(move.elementId, fresh);
        if (element === undefined) throw new Error(`${move.kind} "${move.name}" is no longer in the account`);
        const target = await requireWorkspace(state, move.to);
        if (element.workspace !== target) pending.push({ id: element.id, workspace: target, etag: element.etag });
      }
      if (pending.length === 0) return "unchanged";
      const moved =
        op.type === "move-element"
          ? [await client.moveElement(pending[0].id, pending[0].workspace, pending[0].etag)]
          : await client.moveElementGroup(pending);
      for (const element of moved) state.remember({ element });
      return "written";
    }
  }
}

/** Invites unless the user is already there; after a conflict or an unknown outcome, looks before inviting again. */
async function invite(
  op: InviteUser,
  client: TrackerClient,
  state: ApplyState,
  fresh: boolean,
  options: ExecuteOptions,
): Promise<Execution> {
  if (fresh) {
    const existing = await state.userByEmail(op.email);
    if (existing !== undefined) return settledInvite(op, existing, state, "written");
  }
  const workspaces =
    op.workspaces === ALL_WORKSPACES
      ? undefined
      : await Promise.all(op.workspaces.map((w) => requireWorkspace(state, w)));
  try {
    const user = await client.inviteUser({
      email: op.email,
      role: op.role,
      ...(workspaces === undefined ? { allWorkspaces: true } : { workspaces }),
      hiddenColumns: op.hiddenColumns,
    });
    state.remember({ user });
    return "written";
  } catch (error) {
    if (!isConflict(error)) throw error;
    if (options.deferConflicts) return "exists";
    const existing = await state.userByEmail(op.email);
    if (existing === undefined) throw error;
    return settledInvite(op, existing, state, "unchanged");
  }
}

/**
 * Settles an invite that answered `exists`, from the users as last listed (`state.refreshUsers()`): done when the
 * user has the declared access; otherwise it fails. Sends nothing.
 */
export function settleExistingInvite(op: InviteUser, state: ApplyState): Execution {
  const existing = state.knownUserByEmail(op.email);
  if (existing === undefined) {
    throw new Error(`${op.email}: the tracker answered 409 (already a user), yet does not list them; plan again`);
  }
  return settledInvite(op, existing, state, "unchanged");
}

/** An invite whose user already exists is done when the user has the declared access; otherwise it fails. */
function settledInvite(op: InviteUser, user: User, state: ApplyState, outcome: Execution): Execution {
  const access = liveAccess(user, (id) => state.workspaceName(id) ?? id);
  const matches =
    emailKey(user.email) === emailKey(op.email) &&
    access.role === op.role &&
    sameNames(access.workspaces, op.workspaces) &&
    sameNames(access.hiddenColumns, op.hiddenColumns);
  if (matches) return outcome;
  throw new Error(`${op.email} already exists in the account as ${user.role} with other access; plan again`);
}

/** The PATCH body that brings `user` to what `op` wants, or undefined when it is already there. */
async function userChange(
  op: Extract<Operation, { type: "change-role" | "set-memberships" | "set-hidden-columns" }>,
  user: User,
  state: ApplyState,
): Promise<UserUpdate | undefined> {
  const change: UserUpdate = {};
  const workspaces = async (names: WorkspaceGrant) => {
    const current = liveAccess(user, (id) => state.workspaceName(id) ?? id).workspaces;
    if (sameNames(current, names)) return;
    if (names === ALL_WORKSPACES) change.allWorkspaces = true;
    else {
      change.workspaces = await Promise.all(names.map((w) => requireWorkspace(state, w)));
      if (user.allWorkspaces) change.allWorkspaces = false;
    }
  };
  const hiddenColumns = (columns: string[]) => {
    if (!sameNames(user.hiddenColumns, columns)) change.hiddenColumns = columns;
  };
  if (op.type === "change-role") {
    if (user.role === op.to) return undefined;
    change.role = op.to;
    if (op.with?.workspaces !== undefined) await workspaces(op.with.workspaces);
    if (op.with?.hiddenColumns !== undefined) hiddenColumns(op.with.hiddenColumns);
  }
  if (op.type === "set-memberships") await workspaces(op.to);
  if (op.type === "set-hidden-columns") hiddenColumns(op.to);
  return Object.keys(change).length > 0 ? change : undefined;
}

async function requireUser(state: ApplyState, id: string, email: string, fresh: boolean): Promise<User> {
  const user = await state.user(id, fresh);
  if (user === undefined) throw new Error(`${email} is no longer in the account; plan again`);
  return user;
}

async function requireWorkspace(state: ApplyState, name: string): Promise<string> {
  const id = (await state.workspaceId(name)) ?? (await state.workspaceId(name, true));
  if (id === undefined) throw new Error(`workspace ${name} does not exist`);
  return id;
}

function isConflict(error: unknown): boolean {
  return error instanceof TrackerApiError && error.status === 409 && error.problemKind === "conflict";
}

async function ignoreMissing(write: Promise<void>): Promise<void> {
  try {
    await write;
  } catch (error) {
    if (!(error instanceof TrackerApiError && error.status === 404)) throw error;
  }
}
