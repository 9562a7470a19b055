/** The token bucket the client paces itself with and the sandbox enforces a rate with, on a fake clock. */
import { describe, expect, it } from "vitest";
import { RequestPace } from "../../src/tracker/request-pace.ts";

/** A clock that moves only when a sleep is "waited". */
function fakeTime() {
  let now = 0;
  const slept: number[] = [];
  return {
    clock: () => now,
    sleep: async (ms: number) => {
      slept.push(ms);
      now += ms;
    },
    advance: (ms: number) => (now += ms),
    slept,
  };
}

describe("RequestPace", () => {
  it("spaces requests 1/rate apart, concurrent callers in order, sharing one bucket", async () => {
    const time = fakeTime();
    const slept: number[] = [];
    const pace = new RequestPace(4, { clock: time.clock, sleep: async (ms) => void slept.push(ms) });
    // five callers at once: each reserves the next slot before sleeping, so their waits grow by 1/rate
    await Promise.all(Array.from({ length: 5 }, () => pace.take()));
    expect(slept).toEqual([250, 500, 750, 1000]);
  });

  it("lets everything through at once without a rate", async () => {
    const time = fakeTime();
    const pace = new RequestPace(undefined, time);
    for (let i = 0; i < 100; i++) await pace.take();
    expect(time.slept).toEqual([]);
    expect(pace.tryTake()).toBe(0);
  });

  it("tryTake accepts a burst of `burst` requests, then answers the wait until the next token", () => {
    const time = fakeTime();
    const pace = new RequestPace(3, { ...time, burst: 3 });
    expect([pace.tryTake(), pace.tryTake(), pace.tryTake()]).toEqual([0, 0, 0]);
    expect(pace.tryTake()).toBeCloseTo(1000 / 3);
    time.advance(1000 / 3);
    expect(pace.tryTake()).toBe(0);
    expect(pace.tryTake()).toBeGreaterThan(0);
  });

  it("a client paced at the rate never exceeds a server bucket of the same rate", async () => {
    const time = fakeTime();
    const client = new RequestPace(3, time);
    const server = new RequestPace(3, { clock: time.clock, burst: 3 });
    const refused: number[] = [];
    for (let i = 0; i < 50; i++) {
      await client.take();
      if (server.tryTake() > 0) refused.push(i);
    }
    expect(refused).toEqual([]);
  });

  it("refuses a rate that is not a positive number", () => {
    expect(() => new RequestPace(0)).toThrow(RangeError);
    expect(() => new RequestPace(Number.NaN)).toThrow(RangeError);
  });
});
