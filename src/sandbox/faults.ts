/**
 * Fault injection for tests, by configuration only: rate limiting, server errors, added latency and dropped
 * connections, decided before a request is processed so a refused request never has an effect. Random choices
 * come from a PRNG seeded with `seed`, so a run with the same configuration and request order repeats exactly.
 */

/** Which faults a sandbox injects. */
export interface FaultConfig {
  /**
   * 429 with `Retry-After: retryAfterSeconds`: every `everyNth` request, and/or every request beyond `burst`
   * within a window of `max(retryAfterSeconds, 1)` seconds (wall clock, not the sandbox's `now`).
   */
  rateLimit?: { everyNth?: number; burst?: number; retryAfterSeconds: number };
  /** Share (0..1) of requests answered with a 5xx: 503 for writes, 500/502/503 for reads. */
  serverErrorRate?: number;
  /** Milliseconds added before every request is processed. */
  latencyMs?: number;
  /** Share (0..1) of requests whose connection is destroyed before they are processed. */
  dropConnectionRate?: number;
  /** PRNG seed (default 1). */
  seed?: number;
}

/** What to do with one request before processing it. */
export type FaultDecision =
  | { kind: "none" }
  | { kind: "drop" }
  | { kind: "rate-limited"; retryAfterSeconds: number }
  | { kind: "server-error"; status: number };

/** Decides, request by request, which fault (if any) to inject. */
export class FaultInjector {
  readonly latencyMs: number;
  private readonly config: FaultConfig;
  private readonly random: () => number;
  private readonly clock: () => number;
  private requests = 0;
  private windowStart = Number.NEGATIVE_INFINITY;
  private windowCount = 0;

  /** `clock` gives milliseconds for the rate-limit window (default `performance.now`). */
  constructor(config: FaultConfig = {}, clock: () => number = () => performance.now()) {
    this.config = config;
    this.latencyMs = config.latencyMs ?? 0;
    this.random = mulberry32(config.seed ?? 1);
    this.clock = clock;
  }

  /** The fault for the next request (`method` in upper case). */
  decide(method: string): FaultDecision {
    this.requests += 1;
    // Three draws per request whatever happens, so one fault's settings don't shift another's sequence.
    const [drop, error, pick] = [this.random(), this.random(), this.random()];
    if (drop < (this.config.dropConnectionRate ?? 0)) return { kind: "drop" };
    const limited = this.rateLimited();
    if (limited !== undefined) return limited;
    if (error < (this.config.serverErrorRate ?? 0)) {
      const statuses = method === "GET" ? [500, 502, 503] : [503];
      return { kind: "server-error", status: statuses[Math.floor(pick * statuses.length)] };
    }
    return { kind: "none" };
  }

  private rateLimited(): FaultDecision | undefined {
    const limit = this.config.rateLimit;
    if (limit === undefined) return undefined;
    const refused = { kind: "rate-limited", retryAfterSeconds: limit.retryAfterSeconds } as const;
    if (limit.everyNth !== undefined && this.requests % limit.everyNth === 0) return refused;
    if (limit.burst !== undefined) {
      const now = this.clock();
      if (now - this.windowStart >= Math.max(limit.retryAfterSeconds, 1) * 1000) {
        this.windowStart = now;
        this.windowCount = 0;
      }
      if (this.windowCount >= limit.burst) return refused;
      this.windowCount += 1;
    }
    return undefined;
  }
}

/** A small, fast, seedable PRNG (mulberry32) giving numbers in [0, 1). */
export function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
