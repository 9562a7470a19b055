/**
 * The request rate the sandbox enforces, as a tracker enforces its documented one: a bucket of one second's
 * requests that refills evenly (GCRA). Its own code, not the client's pacing (tracker/request-pace.ts): the
 * sandbox judges the client, so the two must not share an implementation.
 */

/** A per-second limit with a burst of one second's requests. */
export class EnforcedRate {
  readonly perSecond: number;
  readonly #interval: number;
  readonly #tolerance: number;
  readonly #clock: () => number;
  /** The theoretical arrival time of the next request, in milliseconds on `clock`. */
  #next = Number.NEGATIVE_INFINITY;

  constructor(perSecond: number, clock: () => number = () => performance.now()) {
    if (!(Number.isFinite(perSecond) && perSecond > 0)) throw new RangeError(`a rate must be positive: ${perSecond}`);
    this.perSecond = perSecond;
    this.#interval = 1000 / perSecond;
    this.#tolerance = this.#interval * (Math.max(1, Math.floor(perSecond)) - 1);
    this.#clock = clock;
  }

  /** Admits a request now (0), or tells in how many milliseconds one would be admitted (nothing is taken then). */
  tryTake(): number {
    const now = this.#clock();
    // a microsecond of slack: floating-point refills must not refuse a request that is exactly on time
    const wait = this.#next - this.#tolerance - now;
    if (wait > 0.001) return wait;
    this.#next = Math.max(now, this.#next) + this.#interval;
    return 0;
  }
}
