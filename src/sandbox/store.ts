/**
 * The sandbox tracker's state in SQLite (`node:sqlite`): the schema, the transaction wrapper and the
 * identifiers and entity tags of the API's objects. Queries per resource live in store-users.ts and
 * store-elements.ts; this file owns the connection and the workspace and account queries.
 */
import { createHash, randomUUID } from "node:crypto";
import { existsSync, statSync } from "node:fs";
import { dirname } from "node:path";
import { DatabaseSync, type SQLInputValue, type StatementSync } from "node:sqlite";
import type { Workspace } from "../tracker/resources.ts";

const SCHEMA = `
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) STRICT;
CREATE TABLE IF NOT EXISTS workspaces (
  seq INTEGER PRIMARY KEY AUTOINCREMENT, name TEXT NOT NULL UNIQUE,
  version INTEGER NOT NULL DEFAULT 1, created_at TEXT NOT NULL) STRICT;
CREATE TABLE IF NOT EXISTS users (
  seq INTEGER PRIMARY KEY AUTOINCREMENT, email TEXT NOT NULL, email_key TEXT NOT NULL UNIQUE, role TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('active', 'invited')), invitation_expires_at TEXT,
  all_workspaces INTEGER NOT NULL DEFAULT 0, hidden_columns TEXT NOT NULL DEFAULT '[]',
  version INTEGER NOT NULL DEFAULT 1, invitations_sent INTEGER NOT NULL DEFAULT 1) STRICT;
CREATE TABLE IF NOT EXISTS memberships (
  user_seq INTEGER NOT NULL REFERENCES users(seq) ON DELETE CASCADE,
  workspace_seq INTEGER NOT NULL REFERENCES workspaces(seq) ON DELETE CASCADE,
  PRIMARY KEY (user_seq, workspace_seq)) STRICT, WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS memberships_by_workspace ON memberships (workspace_seq);
CREATE TABLE IF NOT EXISTS api_keys (
  key_hash TEXT PRIMARY KEY, user_seq INTEGER NOT NULL REFERENCES users(seq) ON DELETE CASCADE) STRICT;
CREATE INDEX IF NOT EXISTS api_keys_by_user ON api_keys (user_seq);
CREATE TABLE IF NOT EXISTS elements (
  seq INTEGER PRIMARY KEY AUTOINCREMENT, id TEXT UNIQUE, kind TEXT NOT NULL, name TEXT NOT NULL,
  workspace_seq INTEGER REFERENCES workspaces(seq) ON DELETE RESTRICT,
  version INTEGER NOT NULL DEFAULT 1, UNIQUE (kind, name)) STRICT;
CREATE INDEX IF NOT EXISTS elements_by_kind ON elements (kind, seq);
CREATE INDEX IF NOT EXISTS elements_by_workspace ON elements (workspace_seq);
CREATE TABLE IF NOT EXISTS connections (
  from_seq INTEGER NOT NULL REFERENCES elements(seq), to_seq INTEGER NOT NULL REFERENCES elements(seq),
  PRIMARY KEY (from_seq, to_seq)) STRICT, WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS connections_by_target ON connections (to_seq, from_seq);
CREATE TABLE IF NOT EXISTS lease (
  one INTEGER PRIMARY KEY CHECK (one = 1), id TEXT NOT NULL, holder TEXT NOT NULL,
  acquired_at TEXT NOT NULL, expires_at TEXT NOT NULL) STRICT;
CREATE TABLE IF NOT EXISTS element_tags (
  element_seq INTEGER NOT NULL REFERENCES elements(seq), tag TEXT NOT NULL,
  PRIMARY KEY (element_seq, tag)) STRICT, WITHOUT ROWID;
`;

/** Id prefixes of the API's objects; ids are `<prefix><row number>` (never reused) unless a seed names an element's. */
export const ID_PREFIX = { workspace: "ws-", user: "u-", element: "el-" } as const;

/** The account a sandbox database holds. */
export interface AccountRecord {
  id: string;
  name: string;
  /** The profile id (policies/<profile>.yaml). */
  profile: string;
}

/** A page of a list: the items and the row number to continue after (undefined on the last page). */
export interface StorePage<T> {
  items: T[];
  nextAfter?: number;
}

interface WorkspaceRow {
  seq: number;
  name: string;
  version: number;
  created_at: string;
}

/** The database file cannot be opened or is not a sandbox's SQLite database. */
export class StoreOpenError extends Error {
  /** The path given. */
  readonly path: string;

  constructor(path: string, reason: string) {
    super(`cannot open database ${path}: ${reason}`);
    this.name = "StoreOpenError";
    this.path = path;
  }
}

/** Why `path` could not be opened, in the user's terms where the file system tells more than SQLite. */
function openFailure(path: string, error: unknown): string {
  if (existsSync(path) && statSync(path).isDirectory()) return "it is a directory";
  if (!existsSync(dirname(path))) return `no directory ${dirname(path)}`;
  return (error as Error).message;
}

/** The SQLite database of one sandbox account; every method runs synchronously on the caller's transaction. */
export class SandboxStore {
  readonly db: DatabaseSync;
  private readonly statements = new Map<string, StatementSync>();
  private epochValue: string | undefined;

  /**
   * Opens (creating when needed) the database at `path` (`:memory:` for a throwaway one); WAL for files.
   * Throws a `StoreOpenError` when the path cannot hold a database (a directory, a missing directory, a file
   * that is not SQLite).
   */
  constructor(path: string) {
    let db: DatabaseSync | undefined;
    try {
      db = new DatabaseSync(path);
      if (path !== ":memory:") db.exec("PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;");
      db.exec("PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 5000;");
      db.exec(SCHEMA);
      addInvitationCount(db);
    } catch (error) {
      if (db?.isOpen) db.close();
      throw new StoreOpenError(path, openFailure(path, error));
    }
    this.db = db;
  }

  /** Closes the connection. */
  close(): void {
    if (this.db.isOpen) this.db.close();
  }

  /** A prepared statement, prepared once per store. */
  sql(text: string): StatementSync {
    let statement = this.statements.get(text);
    if (statement === undefined) {
      statement = this.db.prepare(text);
      this.statements.set(text, statement);
    }
    return statement;
  }

  /** Runs `fn` in one transaction (BEGIN IMMEDIATE for writes): committed when it returns, rolled back when it throws. */
  transaction<T>(mode: "read" | "write", fn: () => T): T {
    this.db.exec(mode === "write" ? "BEGIN IMMEDIATE" : "BEGIN");
    try {
      const result = fn();
      this.db.exec("COMMIT");
      return result;
    } catch (error) {
      if (this.db.isTransaction) this.db.exec("ROLLBACK");
      throw error;
    }
  }

  /** The entity tag of version `version` of object `id`; unique per database, so a reseeded file never matches. */
  etag(id: string, version: number): string {
    this.epochValue ??= this.meta("epoch");
    return createHash("sha256").update(`${this.epochValue}:${id}:${version}`).digest("base64url").slice(0, 20);
  }

  /** A value of the meta table. */
  meta(key: string): string | undefined {
    const row = this.sql("SELECT value FROM meta WHERE key = ?").get(key) as { value: string } | undefined;
    return row?.value;
  }

  /** Whether the database already holds a seeded account. */
  isSeeded(): boolean {
    return this.meta("account") !== undefined;
  }

  /** The account the database holds. */
  account(): AccountRecord {
    const json = this.meta("account");
    if (json === undefined) throw new Error("the sandbox database holds no account; start it with a seed");
    return JSON.parse(json);
  }

  /** Records the account (seeding) and a fresh entity-tag epoch. */
  setAccount(account: AccountRecord): void {
    const put = this.sql("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)");
    put.run("account", JSON.stringify(account));
    put.run("epoch", randomUUID());
    this.epochValue = undefined;
  }

  /** A page of private workspaces in creation order, after row `after`. */
  listWorkspaces(after: number, limit: number): StorePage<Workspace> {
    const rows = this.sql("SELECT * FROM workspaces WHERE seq > ? ORDER BY seq LIMIT ?").all(after, limit + 1);
    return page(rows as unknown as WorkspaceRow[], limit, (row) => this.toWorkspace(row));
  }

  /** The private workspace `id`. */
  workspace(id: string): Workspace | undefined {
    const row = this.sql("SELECT * FROM workspaces WHERE seq = ?").get(seqOf(id, "workspace")) as unknown;
    return row === undefined ? undefined : this.toWorkspace(row as WorkspaceRow);
  }

  /** The private workspace called `name` (exact match). */
  workspaceByName(name: string): Workspace | undefined {
    const row = this.sql("SELECT * FROM workspaces WHERE name = ?").get(name) as unknown;
    return row === undefined ? undefined : this.toWorkspace(row as WorkspaceRow);
  }

  /** The number of private workspaces. */
  countWorkspaces(): number {
    return (this.sql("SELECT count(*) AS n FROM workspaces").get() as { n: number }).n;
  }

  /** The ids among `ids` that name no private workspace. */
  unknownWorkspaces(ids: readonly string[]): string[] {
    const check = this.sql("SELECT 1 FROM workspaces WHERE seq = ?");
    return ids.filter((id) => check.get(seqOf(id, "workspace")) === undefined);
  }

  /** Creates a private workspace. */
  createWorkspace(name: string, createdAt: string): Workspace {
    const { lastInsertRowid } = this.sql("INSERT INTO workspaces (name, created_at) VALUES (?, ?)").run(
      name,
      createdAt,
    );
    return this.workspace(ID_PREFIX.workspace + lastInsertRowid) as Workspace;
  }

  /** Renames a private workspace, changing its etag. */
  renameWorkspace(id: string, name: string): Workspace {
    this.sql("UPDATE workspaces SET name = ?, version = version + 1 WHERE seq = ?").run(name, seqOf(id, "workspace"));
    return this.workspace(id) as Workspace;
  }

  /** The number of elements assigned to a private workspace. */
  countElementsIn(id: string): number {
    const row = this.sql("SELECT count(*) AS n FROM elements WHERE workspace_seq = ?").get(seqOf(id, "workspace"));
    return (row as { n: number }).n;
  }

  /** Deletes a private workspace and its memberships; the users who lose it get a new etag. */
  deleteWorkspace(id: string): void {
    const seq = seqOf(id, "workspace");
    this.sql(
      "UPDATE users SET version = version + 1 WHERE seq IN (SELECT user_seq FROM memberships WHERE workspace_seq = ?)",
    ).run(seq);
    this.sql("DELETE FROM workspaces WHERE seq = ?").run(seq);
  }

  private toWorkspace(row: WorkspaceRow): Workspace {
    const id = ID_PREFIX.workspace + row.seq;
    return { id, name: row.name, etag: this.etag(id, row.version), createdAt: row.created_at };
  }
}

/** The row number in id `id` of an object of type `type`, or -1 when `id` is not such an id. */
export function seqOf(id: string, type: keyof typeof ID_PREFIX): number {
  const prefix = ID_PREFIX[type];
  if (!id.startsWith(prefix)) return -1;
  const digits = id.slice(prefix.length);
  return /^[1-9]\d{0,14}$/.test(digits) ? Number(digits) : -1;
}

/** A page from `limit + 1` fetched rows: the extra row only says that there is more. */
export function page<R extends { seq: number }, T>(rows: R[], limit: number, map: (row: R) => T): StorePage<T> {
  const more = rows.length > limit;
  const kept = more ? rows.slice(0, limit) : rows;
  return { items: kept.map(map), nextAfter: more ? kept[kept.length - 1].seq : undefined };
}

/** Values for a `json_each(?)` parameter: one SQL parameter for a whole list. */
export function jsonList(values: readonly SQLInputValue[]): string {
  return JSON.stringify(values);
}

/** A database made before users counted invitation sends gains the column (every invitation there was sent once). */
function addInvitationCount(db: DatabaseSync): void {
  const columns = db.prepare("PRAGMA table_info(users)").all() as Array<{ name: string }>;
  if (!columns.some((column) => column.name === "invitations_sent")) {
    db.exec("ALTER TABLE users ADD COLUMN invitations_sent INTEGER NOT NULL DEFAULT 1");
  }
}
