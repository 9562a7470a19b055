/**
 * The account's lease in the sandbox's SQLite database: one row at most (who holds it, its secret id, until
 * when). Every function runs on the caller's transaction, so a take-over of an expired lease and a second
 * acquire cannot both win.
 */
import type { Lease, LeaseGrant } from "../tracker/resources.ts";
import type { SandboxStore } from "./store.ts";

interface LeaseRow {
  id: string;
  holder: string;
  acquired_at: string;
  expires_at: string;
}

/** The lease as stored, expired or not; undefined when none was ever taken or it was released. */
export function storedLease(store: SandboxStore): LeaseGrant | undefined {
  const row = store.sql("SELECT id, holder, acquired_at, expires_at FROM lease WHERE one = 1").get() as unknown;
  if (row === undefined) return undefined;
  const { id, holder, acquired_at, expires_at } = row as LeaseRow;
  return { id, holder, acquiredAt: acquired_at, expiresAt: expires_at };
}

/** The lease held at `now`: stored and not expired. */
export function heldLease(store: SandboxStore, now: Date): LeaseGrant | undefined {
  const lease = storedLease(store);
  return lease !== undefined && Date.parse(lease.expiresAt) > now.getTime() ? lease : undefined;
}

/** Stores `lease`, replacing any other (the caller checked that none is held). */
export function putLease(store: SandboxStore, lease: LeaseGrant): void {
  store
    .sql("INSERT OR REPLACE INTO lease (one, id, holder, acquired_at, expires_at) VALUES (1, ?, ?, ?, ?)")
    .run(lease.id, lease.holder, lease.acquiredAt, lease.expiresAt);
}

/** Removes the lease (whoever holds it). */
export function dropLease(store: SandboxStore): void {
  store.sql("DELETE FROM lease").run();
}

/** The lease without its secret id: what others may see of it. */
export function publicLease(lease: LeaseGrant): Lease {
  return { holder: lease.holder, acquiredAt: lease.acquiredAt, expiresAt: lease.expiresAt };
}
