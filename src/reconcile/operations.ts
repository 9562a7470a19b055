/**
 * The typed operations a plan is made of. `plan()` returns them in the order the tracker accepts;
 * `applyPlan()` executes them; the renderers (text, markdown, json) and the Pulumi provider display them.
 * Every operation names the entity by its human key (e-mail, workspace name, element kind + name) and says
 * what changes from what to what, and why.
 */
import type { WorkspaceGrant } from "../declaration/model.ts";
import type { Violation } from "../violations/violation.ts";
import type { TimeBoundGrant } from "./grants-in-force.ts";
import type { SelectorPlacement } from "./resolve-selectors.ts";

/** The phases of a plan, in execution order. */
export const PHASES = [
  "create-workspaces",
  "invite-users",
  "change-roles",
  "set-memberships",
  "move-elements",
  "set-hidden-columns",
  "remove-users",
  "delete-workspaces",
] as const;

/** One phase of a plan. */
export type Phase = (typeof PHASES)[number];

interface OperationBase {
  /** Stable id within a plan, e.g. `user:bob@acme.test:role`; other operations name it in `dependsOn`. */
  id: string;
  /** Why the operation is needed, in words: "declared in team-eu.yaml, missing in the account". */
  reason: string;
  /** Ids of operations that must succeed first; when one fails, this one is skipped. */
  dependsOn: string[];
}

/** Create a private workspace. */
export interface CreateWorkspace extends OperationBase {
  type: "create-workspace";
  workspace: string;
}

/** Delete a private workspace (after its members and elements are gone). */
export interface DeleteWorkspace extends OperationBase {
  type: "delete-workspace";
  workspace: string;
  workspaceId: string;
}

/** Invite a user who is neither a member nor pending. */
export interface InviteUser extends OperationBase {
  type: "invite-user";
  email: string;
  role: string;
  /** Workspace names, or "*" for all. */
  workspaces: WorkspaceGrant;
  hiddenColumns: string[];
}

/** Re-send a pending invitation that has expired. */
export interface ResendInvitation extends OperationBase {
  type: "resend-invitation";
  email: string;
  userId: string;
  expiredAt: string;
}

/** Change a user's role. */
export interface ChangeRole extends OperationBase {
  type: "change-role";
  email: string;
  userId: string;
  from: string;
  to: string;
  /**
   * Fields sent in the same request as the role because the new role is not valid without them (a worker needs
   * a private workspace; only read-only users have hidden columns). The user's set-memberships and
   * set-hidden-columns operations, still listed for the reader, then find nothing left to write.
   */
  with?: { workspaces?: WorkspaceGrant; hiddenColumns?: string[] };
}

/** Replace a user's workspace memberships. */
export interface SetMemberships extends OperationBase {
  type: "set-memberships";
  email: string;
  userId: string;
  /** Workspace names before and after; "*" for all workspaces. */
  from: WorkspaceGrant;
  to: WorkspaceGrant;
  /** Memberships left because their `until` passed (grants-in-force.ts); absent otherwise. */
  expired?: Array<{ workspace: string; until: string }>;
}

/** Replace the columns hidden from a user. */
export interface SetHiddenColumns extends OperationBase {
  type: "set-hidden-columns";
  email: string;
  userId: string;
  from: string[];
  to: string[];
}

/** Remove a user, or revoke a pending invitation. */
export interface RemoveUser extends OperationBase {
  type: "remove-user";
  email: string;
  userId: string;
  role: string;
  pending: boolean;
  /** The `until` of the user's grant when it is removed because that passed; absent otherwise. */
  expired?: string;
}

/** One element's move between workspaces (names; `public` for the public workspace). */
export interface ElementMove {
  elementId: string;
  kind: string;
  name: string;
  from: string;
  to: string;
}

/** Move one element. */
export interface MoveElement extends OperationBase, ElementMove {
  type: "move-element";
}

/** Move a connected group of elements in one request (the move rule checks them as one change). */
export interface MoveElementGroup extends OperationBase {
  type: "move-element-group";
  moves: ElementMove[];
}

/** Any operation of a plan. */
export type Operation =
  | CreateWorkspace
  | DeleteWorkspace
  | InviteUser
  | ResendInvitation
  | ChangeRole
  | SetMemberships
  | SetHiddenColumns
  | RemoveUser
  | MoveElement
  | MoveElementGroup;

/** An element in the account that the declaration does not name: left where it is, reported. */
export interface UnmanagedElement {
  elementId: string;
  kind: string;
  name: string;
  workspace: string;
}

/** A computed plan: the operations, what is left alone, and why the plan is refused (if it is). */
export interface Plan {
  /** Operations in execution order (phases in PHASES order, then by entity key). */
  operations: Operation[];
  /** Elements present in the account but not named in the declaration. */
  unmanagedElements: UnmanagedElement[];
  /** Pending invitations whose expiry has passed (each also gets a resend-invitation operation). */
  expiredInvitations: Array<{ email: string; expiredAt: string }>;
  /** Rule violations that refuse the plan (actor rules, guards, move order); empty when the plan may run. */
  refusals: Violation[];
  /** What each element selector (`match:`) placed, in declaration order; absent without selectors. */
  placements?: SelectorPlacement[];
  /** Warnings that do not refuse the plan (`element/selector-unmatched`); absent when there are none. */
  warnings?: Violation[];
  /** Declared grants with an `until` still ahead at the plan's time; absent when there are none. */
  timeBound?: TimeBoundGrant[];
}

/** The outcome of one operation during apply. */
export type OperationResult =
  | { operation: Operation; status: "done" }
  | { operation: Operation; status: "failed"; error: string; problemType?: string; httpStatus?: number }
  | { operation: Operation; status: "skipped"; because: string };

/** The outcome of an apply. */
export interface ApplyResult {
  results: OperationResult[];
  /** Requests the apply sent. */
  requests: { reads: number; writes: number; retries: number };
}
