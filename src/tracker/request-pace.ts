/**
 * The client's own rate limit: a token bucket shared by every request of a run (every concurrent request and
 * every retry takes a token before it is sent), so a large apply stays inside the tracker's documented request
 * rate instead of being throttled with 429s. The bucket holds `burst` tokens (default 1: requests evenly spaced)
 * and refills at `perSecond`; without a rate it lets everything through at once.
 */

/** Waits the given number of milliseconds (injectable so tests and the sandbox need no real timer). */
export type PaceSleep = (ms: number) => Promise<void>;

/** A token bucket: `take()` resolves when the next request may be sent. */
export class RequestPace {
  #perSecond: number | undefined;
  readonly #burst: number;
  readonly #clock: () => number;
  readonly #sleep: PaceSleep;
  /** When the bucket is next full enough for one more request (milliseconds on `clock`): the "theoretical arrival". */
  #next = Number.NEGATIVE_INFINITY;

  constructor(perSecond?: number, options: { burst?: number; clock?: () => number; sleep?: PaceSleep } = {}) {
    this.#burst = options.burst ?? 1;
    if (!Number.isInteger(this.#burst) || this.#burst < 1)
      throw new RangeError(`burst must be ≥ 1, got ${this.#burst}`);
    this.#clock = options.clock ?? (() => performance.now());
    this.#sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
    this.setRate(perSecond);
  }

  /** Requests per second, or undefined when unpaced. */
  get perSecond(): number | undefined {
    return this.#perSecond;
  }

  /** Changes the rate (undefined: no pacing), e.g. once the account's profile is known. */
  setRate(perSecond: number | undefined): void {
    if (perSecond !== undefined && !(Number.isFinite(perSecond) && perSecond > 0)) {
      throw new RangeError(`a request rate must be a positive number, got ${perSecond}`);
    }
    this.#perSecond = perSecond;
  }

  /**
   * Takes a token now when one is left (returns 0) or tells how many milliseconds until one is, without waiting
   * or taking it (the sandbox answers 429 with that delay).
   */
  tryTake(): number {
    if (this.#perSecond === undefined) return 0;
    const now = this.#clock();
    const { interval, tolerance } = this.#shape();
    // GCRA: a request may pass once `now` has reached the theoretical arrival time less the burst tolerance
    // (a microsecond of slack: floating-point refills must not refuse a request that is exactly on time)
    const wait = this.#next - tolerance - now;
    if (wait > 1e-3) return wait;
    this.#next = Math.max(this.#next, now) + interval;
    return 0;
  }

  /** Resolves when a token is taken: at once while the bucket has one, else after the refill it waits for. */
  async take(): Promise<void> {
    if (this.#perSecond === undefined) return;
    // Reserve the slot first, then sleep: concurrent callers queue in order without polling.
    const now = this.#clock();
    const { interval, tolerance } = this.#shape();
    const slot = Math.max(now, this.#next - tolerance);
    this.#next = Math.max(this.#next, slot) + interval;
    if (slot > now) await this.#sleep(slot - now);
  }

  #shape(): { interval: number; tolerance: number } {
    const interval = 1000 / (this.#perSecond as number);
    return { interval, tolerance: (this.#burst - 1) * interval };
  }
}
