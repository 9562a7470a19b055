/**
 * When and how long to wait before repeating a tracker request.
 *
 * Which answers are retried:
 * - 429 always, after the `Retry-After` delay: the tracker refuses before doing anything, so any method is safe.
 * - 503 always: "unavailable" means the request was not processed.
 * - Other 5xx and network errors (refused, reset or dropped connections) only for idempotent methods: GET,
 *   and PUT/PATCH/DELETE, which carry `If-Match` so a repeat of an applied change answers 412 rather than
 *   applying twice. A POST (invite, create workspace, resend invitation, group move) is not repeated after
 *   these, because the tracker may have applied it; the caller re-reads the account and converges.
 * - Network failures that no wait can mend never: an unknown host name, a port or URL fetch refuses to use, a
 *   certificate that does not verify. A mistyped `--api-url` fails at once instead of after seconds of backoff.
 * - Timeouts never: an unresponsive tracker would multiply the wait; the caller sees `TrackerTimeoutError`.
 *
 * Backoff without `Retry-After` is exponential with full jitter, capped: `random(0, min(cap, base * 2^n))`.
 */

/** How a retry loop waits and how often it tries again. */
export interface RetryPolicy {
  /** Repeats after the first attempt before giving up. */
  maxRetries: number;
  /** Base delay of the exponential backoff, in milliseconds. */
  baseMs: number;
  /** Upper bound of one backoff delay (not of a `Retry-After` delay), in milliseconds. */
  capMs: number;
  /** Waits the given number of milliseconds (injectable so tests record delays instead of waiting). */
  sleep: (ms: number) => Promise<void>;
  /** Uniform random number in [0, 1) for jitter. */
  random: () => number;
}

/**
 * A repeat about to happen, for whoever tells the user (the CLI prints one line on stderr per notice); the
 * client itself prints nothing.
 */
export interface RetryNotice {
  /** Method and path of the request (`GET`, `/v1/me`); never a header or the query string. */
  method: string;
  path: string;
  /** What the attempt ended in: `answered 503`, `network error: ECONNREFUSED: ...`. */
  failure: string;
  /** The attempt that failed, 1-based. */
  attempt: number;
  /** Attempts allowed in all (the first plus `maxRetries`). */
  attempts: number;
  /** Milliseconds until the next attempt. */
  waitMs: number;
}

/** A request that has ended, after its retries: for a verbose log (one line per request). */
export interface RequestRecord {
  method: string;
  /** The path only: no query string, no header, never the key. */
  path: string;
  /** Status of the final answer, or undefined when it ended without one (`failure` says why). */
  status?: number;
  /** `network error: ...`, `timeout`: what ended it when there was no answer. */
  failure?: string;
  /** Milliseconds from the first attempt to the end, waits included. */
  ms: number;
  /** Repeats it took. */
  retries: number;
}

/** What one attempt ended in, as far as retrying is concerned. */
export type AttemptOutcome =
  | { kind: "answer"; status: number; retryAfter?: string | null }
  | {
      kind: "network-error";
      /** No repeat can succeed (unknown host, refused URL, bad certificate). */
      permanent?: boolean;
    }
  | { kind: "timeout" };

const IDEMPOTENT_METHODS = new Set(["GET", "HEAD", "OPTIONS", "PUT", "PATCH", "DELETE"]);

/** Waits the given number of milliseconds with a real timer. */
export function realSleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Builds a policy from partial settings: 6 retries, 200 ms base, 20 s cap, real timers, Math.random. */
export function retryPolicy(settings: Partial<RetryPolicy> = {}): RetryPolicy {
  return {
    maxRetries: settings.maxRetries ?? 6,
    baseMs: settings.baseMs ?? 200,
    capMs: settings.capMs ?? 20_000,
    sleep: settings.sleep ?? realSleep,
    random: settings.random ?? Math.random,
  };
}

/** Whether an attempt of `method` that ended in `outcome` may be repeated (see the module comment). */
export function isRetryable(method: string, outcome: AttemptOutcome): boolean {
  const idempotent = IDEMPOTENT_METHODS.has(method.toUpperCase());
  switch (outcome.kind) {
    case "timeout":
      return false;
    case "network-error":
      return idempotent && outcome.permanent !== true;
    case "answer":
      if (outcome.status === 429 || outcome.status === 503) return true;
      return outcome.status >= 500 && outcome.status <= 599 && idempotent;
  }
}

/**
 * Milliseconds to wait before retry number `retry` (0 for the first repeat). A `Retry-After` header (seconds
 * or an HTTP date) is honoured: the delay is at least that long, plus up to `baseMs` of jitter so that
 * requests refused together do not return together.
 */
export function retryDelayMs(retry: number, policy: RetryPolicy, retryAfter?: string | null, now = Date.now()): number {
  const jitter = policy.random();
  const serverDelay = parseRetryAfter(retryAfter, now);
  if (serverDelay !== undefined) return serverDelay + Math.floor(jitter * policy.baseMs);
  const ceiling = Math.min(policy.capMs, policy.baseMs * 2 ** retry);
  return Math.floor(jitter * ceiling);
}

/** Parses a `Retry-After` value (delay-seconds or HTTP-date) into milliseconds; undefined when absent or invalid. */
export function parseRetryAfter(value: string | null | undefined, now = Date.now()): number | undefined {
  if (value === null || value === undefined) return undefined;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  const date = Date.parse(trimmed);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - now);
}
