/**
 * Queries on the sandbox's users, their workspace memberships and API keys. API keys are kept only as
 * SHA-256 hashes: the database never holds a key itself. E-mails are unique by the declaration's own
 * `emailKey` (trimmed, NFC, case-folded), so the tracker refuses as a duplicate exactly the addresses `validate`
 * calls `ref/duplicate`.
 */
import { createHash } from "node:crypto";
import { emailKey } from "../declaration/model.ts";
import type { User } from "../tracker/resources.ts";
import { ID_PREFIX, jsonList, page, type SandboxStore, type StorePage, seqOf } from "./store.ts";

/** A user's stored fields (everything of the API's User but id and etag). */
export interface UserFields {
  email: string;
  role: string;
  status: "active" | "invited";
  invitationExpiresAt: string | null;
  /** Times the invitation was sent (1 for the first; a re-send adds one). */
  invitationsSent: number;
  /** Private workspace ids. */
  workspaces: string[];
  allWorkspaces: boolean;
  hiddenColumns: string[];
}

interface UserRow {
  seq: number;
  email: string;
  role: string;
  status: "active" | "invited";
  invitation_expires_at: string | null;
  invitations_sent: number;
  all_workspaces: number;
  hidden_columns: string;
  version: number;
}

/** The stored form of an API key. */
export function hashApiKey(key: string): string {
  return createHash("sha256").update(key).digest("hex");
}

/** A page of users and pending invitations in creation order, after row `after`. */
export function listUsers(store: SandboxStore, after: number, limit: number): StorePage<User> {
  const rows = store.sql("SELECT * FROM users WHERE seq > ? ORDER BY seq LIMIT ?").all(after, limit + 1);
  return toUsers(
    store,
    page(rows as unknown as UserRow[], limit, (row) => row),
  );
}

/** The users and pending invitations that are members of private workspace `workspaceId`. */
export function membersOf(store: SandboxStore, workspaceId: string): User[] {
  const rows = store
    .sql("SELECT * FROM users WHERE seq IN (SELECT user_seq FROM memberships WHERE workspace_seq = ?) ORDER BY seq")
    .all(seqOf(workspaceId, "workspace"));
  return toUsers(store, { items: rows as unknown as UserRow[] }).items;
}

/** The user `id`. */
export function findUser(store: SandboxStore, id: string): User | undefined {
  return userWhere(store, "seq = ?", seqOf(id, "user"));
}

/** The user whose e-mail address is `email`, compared case-insensitively. */
export function findUserByEmail(store: SandboxStore, email: string): User | undefined {
  return userWhere(store, "email_key = ?", emailKey(email));
}

/** The user API key `key` belongs to. */
export function findUserByApiKey(store: SandboxStore, key: string): User | undefined {
  return userWhere(store, "seq = (SELECT user_seq FROM api_keys WHERE key_hash = ?)", hashApiKey(key));
}

/** Whether `key` belongs to user `id`. */
export function hasApiKey(store: SandboxStore, id: string, key: string): boolean {
  const row = store.sql("SELECT user_seq FROM api_keys WHERE key_hash = ?").get(hashApiKey(key));
  return (row as { user_seq: number } | undefined)?.user_seq === seqOf(id, "user");
}

/** Stores a new user; returns its id. */
export function insertUser(store: SandboxStore, user: UserFields): string {
  const { lastInsertRowid } = store
    .sql(
      `INSERT INTO users (email, email_key, role, status, invitation_expires_at, invitations_sent, all_workspaces,
       hidden_columns) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    )
    .run(
      user.email,
      emailKey(user.email),
      user.role,
      user.status,
      user.invitationExpiresAt,
      user.invitationsSent,
      user.allWorkspaces ? 1 : 0,
      JSON.stringify(user.hiddenColumns),
    );
  const id = ID_PREFIX.user + lastInsertRowid;
  setMemberships(store, id, user.workspaces);
  return id;
}

/** Changes a user's fields (those given), giving the user a new etag. */
export function updateUser(store: SandboxStore, id: string, change: Partial<UserFields>): User {
  const seq = seqOf(id, "user");
  const current = findUser(store, id);
  if (current === undefined) throw new Error(`no user ${id}`);
  const next = { ...current, ...change };
  store
    .sql(
      `UPDATE users SET role = ?, status = ?, invitation_expires_at = ?, invitations_sent = ?, all_workspaces = ?,
       hidden_columns = ?, version = version + 1 WHERE seq = ?`,
    )
    .run(
      next.role,
      next.status,
      next.invitationExpiresAt ?? null,
      next.invitationsSent ?? 1,
      next.allWorkspaces ? 1 : 0,
      JSON.stringify(next.hiddenColumns),
      seq,
    );
  if (change.workspaces !== undefined) {
    store.sql("DELETE FROM memberships WHERE user_seq = ?").run(seq);
    setMemberships(store, id, change.workspaces);
  }
  return findUser(store, id) as User;
}

/** Removes a user with its memberships and API keys. */
export function deleteUser(store: SandboxStore, id: string): void {
  store.sql("DELETE FROM users WHERE seq = ?").run(seqOf(id, "user"));
}

/** Lets `key` act as user `id`. */
export function addApiKey(store: SandboxStore, id: string, key: string): void {
  store.sql("INSERT INTO api_keys (key_hash, user_seq) VALUES (?, ?)").run(hashApiKey(key), seqOf(id, "user"));
}

function setMemberships(store: SandboxStore, id: string, workspaces: readonly string[]): void {
  const insert = store.sql("INSERT OR IGNORE INTO memberships (user_seq, workspace_seq) VALUES (?, ?)");
  const seq = seqOf(id, "user");
  for (const workspace of workspaces) insert.run(seq, seqOf(workspace, "workspace"));
}

function userWhere(store: SandboxStore, condition: string, value: string | number): User | undefined {
  const row = store.sql(`SELECT * FROM users WHERE ${condition}`).get(value) as unknown as UserRow | undefined;
  return row === undefined ? undefined : toUsers(store, { items: [row] }).items[0];
}

/** API users from rows, with every row's memberships fetched in one query. */
function toUsers(store: SandboxStore, rows: StorePage<UserRow>): StorePage<User> {
  const memberships = new Map<number, string[]>();
  const found = store
    .sql(
      `SELECT user_seq, workspace_seq FROM memberships
       WHERE user_seq IN (SELECT value FROM json_each(?)) ORDER BY user_seq, workspace_seq`,
    )
    .all(jsonList(rows.items.map((row) => row.seq))) as Array<{ user_seq: number; workspace_seq: number }>;
  for (const { user_seq, workspace_seq } of found) {
    const list = memberships.get(user_seq);
    if (list === undefined) memberships.set(user_seq, [ID_PREFIX.workspace + workspace_seq]);
    else list.push(ID_PREFIX.workspace + workspace_seq);
  }
  const items = rows.items.map((row): User => {
    const id = ID_PREFIX.user + row.seq;
    return {
      id,
      email: row.email,
      role: row.role,
      status: row.status,
      invitationExpiresAt: row.invitation_expires_at,
      invitationsSent: row.invitations_sent,
      workspaces: memberships.get(row.seq) ?? [],
      allWorkspaces: row.all_workspaces === 1,
      hiddenColumns: JSON.parse(row.hidden_columns),
      etag: store.etag(id, row.version),
    };
  });
  return { items, nextAfter: rows.nextAfter };
}
