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
  Lease,
  LeaseGrant,
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
  /** GET /v1/lease: who holds the account's lease now; undefined when nobody does. */
  getLease(): Promise<Lease | undefined>;
  /** POST /v1/lease: takes the lease for `ttlSeconds`; a 409 `lease-held` names the holder in `problem.lease`. */
  acquireLease(holder: string, ttlSeconds: number): Promise<LeaseGrant>;
  /** PUT /v1/lease/{id}: extends the caller's lease; 404 once it is no longer theirs. */
  renewLease(id: string, ttlSeconds: number): Promise<LeaseGrant>;
  /** DELETE /v1/lease/{id}: releases the caller's lease. */
  releaseLease(id: string): Promise<void>;
  /** DELETE /v1/lease: releases the lease whoever holds it (`unlock --force`). */
  breakLease(): Promise<void>;
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
