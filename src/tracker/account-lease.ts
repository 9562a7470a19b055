/**
 * One writer at a time: `holdLease()` takes the account's lease (POST /v1/lease) before a run writes, waits for
 * another holder up to a deadline, renews it every third of its TTL while the run goes on, and releases it at the
 * end. A run that crashes stops renewing, and its lease expires after the TTL. `leaseHolder()` names the holder
 * as a person recognises it: the CI job when there is one, else user@host and the process id.
 */
import { hostname, userInfo } from "node:os";
import { TrackerApiError } from "./errors.ts";
import type { Lease, LeaseGrant } from "./resources.ts";
import type { TrackerClient } from "./tracker-client.ts";

/** How long a lease lasts without a renewal, by default: a crashed run blocks others this long at most. */
export const DEFAULT_LEASE_TTL_SECONDS = 60;

/** Options of `holdLease()`. */
export interface LeaseOptions {
  /** Who takes it (see `leaseHolder()`). */
  holder: string;
  /** Seconds the lease lasts without a renewal (default 60); it is renewed every third of that. */
  ttlSeconds?: number;
  /** How long to wait for another holder's lease, in milliseconds (default 0: fail at once). */
  waitMs?: number;
  /** Between two tries while waiting, in milliseconds (default 1000). */
  pollMs?: number;
  /** Waits between tries (default a real timer). */
  sleep?: (ms: number) => Promise<void>;
  /** Told once, when the lease is held by another and the run starts waiting. */
  onWait?: (held: Lease) => void;
}

/** A lease this run holds. */
export interface HeldLease {
  readonly lease: LeaseGrant;
  /** Why the lease was lost while held (a renewal refused), if it was. */
  lost(): string | undefined;
  /** Stops renewing and releases the lease; never throws (an unreleased lease expires). */
  release(): Promise<void>;
}

/** The lease is held by someone else, and stayed held for as long as the run would wait. */
export class LeaseHeldError extends Error {
  readonly holder: string;
  readonly expiresAt: string;

  constructor(held: Lease, waitedMs: number) {
    const waited = waitedMs > 0 ? ` (waited ${formatWait(waitedMs)})` : "";
    super(`the account's lease is held by ${held.holder} until ${held.expiresAt}${waited}; nothing was written`);
    this.name = "LeaseHeldError";
    this.holder = held.holder;
    this.expiresAt = held.expiresAt;
  }
}

/** Takes the account's lease for `options.holder`, waiting up to `options.waitMs` for another holder's to end. */
export async function holdLease(client: TrackerClient, options: LeaseOptions): Promise<HeldLease> {
  const ttlSeconds = options.ttlSeconds ?? DEFAULT_LEASE_TTL_SECONDS;
  const waitMs = options.waitMs ?? 0;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const started = Date.now();
  let told = false;
  for (;;) {
    try {
      return renewing(client, await client.acquireLease(options.holder, ttlSeconds), ttlSeconds);
    } catch (error) {
      const held = heldBy(error);
      if (held === undefined) throw error;
      const left = started + waitMs - Date.now();
      if (left <= 0) throw new LeaseHeldError(held, waitMs > 0 ? Date.now() - started : 0);
      if (!told) options.onWait?.(held);
      told = true;
      await sleep(Math.min(left, options.pollMs ?? 1000));
    }
  }
}

/** The holder of the lease a 409 `lease-held` names, or undefined for any other error. */
export function heldBy(error: unknown): Lease | undefined {
  if (!(error instanceof TrackerApiError) || error.status !== 409 || error.problemKind !== "lease-held") return;
  return error.problem?.lease ?? { holder: "another run", acquiredAt: "", expiresAt: "an unknown time" };
}

function renewing(client: TrackerClient, lease: LeaseGrant, ttlSeconds: number): HeldLease {
  let lost: string | undefined;
  let renewal: Promise<unknown> = Promise.resolve();
  const timer = setInterval(
    () => {
      renewal = client.renewLease(lease.id, ttlSeconds).catch((error: unknown) => {
        lost ??= error instanceof Error ? error.message : String(error);
      });
    },
    Math.max(1, Math.floor((ttlSeconds * 1000) / 3)),
  );
  // A run that ends without releasing must not be kept alive by its renewals.
  timer.unref();
  return {
    lease,
    lost: () => lost,
    async release() {
      clearInterval(timer);
      await renewal;
      await client.releaseLease(lease.id).catch(() => {});
    },
  };
}

/**
 * The holder name of this run, as a person recognises it: `<what> in GitHub Actions run <id> (<repository>)`, `<what>
 * in CI job <id>` ($CI_JOB_ID: GitLab and others), else `<what> by user@host pid <pid>`.
 */
export function leaseHolder(what: string, env: Record<string, string | undefined> = process.env): string {
  let holder: string;
  if (env.GITHUB_RUN_ID)
    holder = `${what} in GitHub Actions run ${env.GITHUB_RUN_ID}${env.GITHUB_REPOSITORY ? ` (${env.GITHUB_REPOSITORY})` : ""}`;
  else if (env.CI_JOB_ID) holder = `${what} in CI job ${env.CI_JOB_ID}`;
  else holder = `${what} by ${userName()}@${hostname()} pid ${process.pid}`;
  // one line without control characters, as the contract's LeaseHolder allows
  return holder.replace(/[\p{Cc}\p{Cf}\p{Cs}\p{Zl}\p{Zp}]/gu, "?").slice(0, 200);
}

function userName(): string {
  try {
    return userInfo().username;
  } catch {
    return process.env.USER ?? "unknown";
  }
}

function formatWait(ms: number): string {
  return ms < 1000 ? `${ms} ms` : `${Math.round(ms / 1000)} s`;
}
