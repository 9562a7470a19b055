/**
 * Handlers of /v1/lease: the account's lease, so that one writer at a time applies a plan. Taken with a holder
 * name and a TTL; a second acquire while it is held answers 409 `lease-held` naming the holder and its expiry;
 * an expired lease is taken over; renewed and released by its secret id; broken by an operator. Advisory: the
 * other operations do not ask for it.
 */
import { randomUUID } from "node:crypto";
import { notFound, ProblemError } from "../problems.ts";
import { requireAccessManager } from "../rules.ts";
import { dropLease, heldLease, publicLease, putLease } from "../store-lease.ts";
import type { Handler, HandlerContext } from "./context.ts";

/** GET /v1/lease: the lease held now, without its id; 404 when nobody holds it. */
export const getLease: Handler = (context) => {
  const lease = heldLease(context.store, context.now());
  if (lease === undefined) throw notFound("nobody holds the account's lease");
  return { status: 200, body: publicLease(lease) };
};

/** POST /v1/lease: 201 with the lease and its id, or 409 while another's has not expired. */
export const acquireLease: Handler = (context) => {
  requireAccessManager(context.actorRole);
  const { holder, ttlSeconds } = context.input.body as { holder: string; ttlSeconds: number };
  const now = context.now();
  const held = heldLease(context.store, now);
  if (held !== undefined) {
    throw new ProblemError(409, "lease-held", `the account's lease is held by ${held.holder} until ${held.expiresAt}`, {
      lease: publicLease(held),
    });
  }
  const lease = { id: randomUUID(), holder, acquiredAt: now.toISOString(), expiresAt: expiry(now, ttlSeconds) };
  putLease(context.store, lease);
  return { status: 201, body: lease };
};

/** PUT /v1/lease/{leaseId}: extends the caller's lease; 404 once it is not theirs to extend. */
export const renewLease: Handler = (context) => {
  requireAccessManager(context.actorRole);
  const { ttlSeconds } = context.input.body as { ttlSeconds: number };
  const lease = ownLease(context);
  const renewed = { ...lease, expiresAt: expiry(context.now(), ttlSeconds) };
  putLease(context.store, renewed);
  return { status: 200, body: renewed };
};

/** DELETE /v1/lease/{leaseId}: releases the caller's lease. */
export const releaseLease: Handler = (context) => {
  requireAccessManager(context.actorRole);
  ownLease(context);
  dropLease(context.store);
  return { status: 204 };
};

/** DELETE /v1/lease: releases whatever lease is held (an operator's `unlock --force`). */
export const breakLease: Handler = (context) => {
  requireAccessManager(context.actorRole);
  dropLease(context.store);
  return { status: 204 };
};

function ownLease(context: HandlerContext) {
  const lease = heldLease(context.store, context.now());
  if (lease === undefined || lease.id !== context.input.path.leaseId) {
    throw notFound("this lease is not held: it expired, was released, or another holder took it");
  }
  return lease;
}

function expiry(now: Date, ttlSeconds: number): string {
  return new Date(now.getTime() + ttlSeconds * 1000).toISOString();
}
