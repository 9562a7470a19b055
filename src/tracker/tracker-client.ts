/**
 * What tracker-access needs from a tracker account, one method per API operation. `createTrackerClient()`
 * (http-client.ts) implements it over HTTP with openapi-fetch; the reconcile engine and the front ends depend
 * only on this interface. Every method resolves with the resource or rejects with a `TrackerApiError`
 * (errors.ts); list methods follow cursors until the collection is complete.
 */
import type {
  Account,
  Actor,
  Element,
  ElementGroupMoveItem,
  User,
  UserInvite,
  UserUpdate,
  Workspace,
} from "./resources.ts";

/** Operations on one tracker account. */
export interface TrackerClient {
  /** GET /v1/me: the API key's owner. */
  getMe(): Promise<Actor>;
  /** GET /v1/account. */
  getAccount(): Promise<Account>;
  /** Every private workspace (all pages). */
  listWorkspaces(): Promise<Workspace[]>;
  getWorkspace(id: string): Promise<Workspace>;
  createWorkspace(name: string): Promise<Workspace>;
  renameWorkspace(id: string, name: string, etag: string): Promise<Workspace>;
  deleteWorkspace(id: string, etag: string): Promise<void>;
  /** Every user and pending invitation (all pages). */
  listUsers(): Promise<User[]>;
  getUser(id: string): Promise<User>;
  inviteUser(invite: UserInvite): Promise<User>;
  updateUser(id: string, change: UserUpdate, etag: string): Promise<User>;
  removeUser(id: string, etag: string): Promise<void>;
  resendInvitation(id: string, etag: string): Promise<User>;
  /** Every element, optionally of one kind (all pages). */
  listElements(kind?: string): Promise<Element[]>;
  getElement(id: string): Promise<Element>;
  moveElement(id: string, workspace: string, etag: string): Promise<Element>;
  /** Moves a connected group atomically. */
  moveElementGroup(moves: ElementGroupMoveItem[]): Promise<Element[]>;
  /** Requests sent so far (reads and writes), for reports and benchmarks. */
  readonly stats: ClientStats;
}

/** Counters of requests a client has sent. */
export interface ClientStats {
  /** GET requests, including retries. */
  reads: number;
  /** POST/PUT/PATCH/DELETE requests, including retries. */
  writes: number;
  /** Requests retried after 429, 5xx or a network failure. */
  retries: number;
}
