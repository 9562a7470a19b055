/**
 * Fault injection: rate limiting (429 + Retry-After), server errors and dropped connections happen before a
 * request is processed, so a refused write has no effect; choices are repeatable from the PRNG seed.
 */
import { afterEach, describe, expect, it } from "vitest";
import { type FaultConfig, FaultInjector } from "../../src/sandbox/faults.ts";
import type { SandboxSeed } from "../../src/sandbox/seed.ts";
import { type RunningSandbox, startSandbox } from "../../src/sandbox/server.ts";
import { call } from "./api.ts";

const KEY = "sk-faults-owner";
const SEED: SandboxSeed = {
  account: { id: "faults", name: "Faults", profile: "peerclick" },
  users: [{ email: "owner@faults.test", role: "owner", apiKey: KEY }],
};
let sandbox: RunningSandbox | undefined;
afterEach(async () => {
  await sandbox?.close();
  sandbox = undefined;
});

async function start(faults: FaultConfig): Promise<RunningSandbox> {
  sandbox = await startSandbox({ seed: SEED, faults });
  return sandbox;
}

/** The workspace names, asking until an answer is not a fault. */
async function workspaceNames(url: string): Promise<string[]> {
  for (let attempt = 0; attempt < 50; attempt++) {
    try {
      const answer = await call(url, "GET", "/v1/workspaces?limit=1000", { key: KEY });
      if (answer.status === 200) return answer.body.items.map((w: { name: string }) => w.name).sort();
    } catch {
      // a dropped connection: ask again
    }
  }
  throw new Error("no answer without a fault in 50 attempts");
}

/** Creates workspaces ws-0..ws-(n-1); returns the outcome of each: a status or "dropped". */
async function createMany(s: RunningSandbox, n: number): Promise<Array<number | "dropped">> {
  const outcomes: Array<number | "dropped"> = [];
  for (let i = 0; i < n; i++) {
    try {
      outcomes.push((await call(s, "POST", "/v1/workspaces", { key: KEY, body: { name: `ws-${i}` } })).status);
    } catch (error) {
      expect((error as Error).message).toBe("fetch failed");
      outcomes.push("dropped");
    }
  }
  return outcomes;
}

const created = (outcomes: Array<number | "dropped">) =>
  outcomes.flatMap((outcome, i) => (outcome === 201 ? [`ws-${i}`] : [])).sort();

describe("rate limiting", () => {
  it("every Nth request is 429 with Retry-After, and a refused write has no effect", async () => {
    const s = await start({ rateLimit: { everyNth: 3, retryAfterSeconds: 2 } });
    const outcomes = await createMany(s, 9);
    expect(outcomes).toEqual([201, 201, 429, 201, 201, 429, 201, 201, 429]);
    const tenth = await call(s, "GET", "/v1/me", { key: KEY });
    const eleventh = await call(s, "GET", "/v1/me", { key: KEY });
    expect([tenth.status, eleventh.status, eleventh.headers.get("retry-after")]).toEqual([200, 200, null]);
    const twelfth = await call(s, "GET", "/v1/me"); // no key: the limit comes before authentication
    expect([twelfth.status, twelfth.headers.get("retry-after")]).toEqual([429, "2"]);
    expect(await workspaceNames(s.url)).toEqual(created(outcomes));
  });

  it("a burst beyond the window's allowance is refused until the window passes", () => {
    let clock = 0;
    const faults = new FaultInjector({ rateLimit: { burst: 2, retryAfterSeconds: 3 } }, () => clock);
    const kinds = () => faults.decide("GET").kind;
    expect([kinds(), kinds(), kinds()]).toEqual(["none", "none", "rate-limited"]);
    clock = 2999;
    expect(kinds()).toBe("rate-limited");
    clock = 3000;
    expect([kinds(), kinds(), kinds()]).toEqual(["none", "none", "rate-limited"]);
  });
});

describe("server errors", () => {
  it("a share of answers are 5xx (503 for writes, before processing); the same seed repeats them", async () => {
    const config = { serverErrorRate: 0.4, seed: 7 };
    const s = await start(config);
    const outcomes = await createMany(s, 30);
    expect(outcomes.filter((o) => o === 503).length).toBeGreaterThan(3);
    expect(outcomes.filter((o) => o !== 201 && o !== 503)).toEqual([]);
    expect(await workspaceNames(s.url)).toEqual(created(outcomes));
    await s.close();
    sandbox = undefined;
    const again = await start(config);
    expect(await createMany(again, 30)).toEqual(outcomes);
  });

  it("reads fail with 500, 502 or 503", async () => {
    const s = await start({ serverErrorRate: 0.5, seed: 3 });
    const statuses = new Set<number>();
    for (let i = 0; i < 40; i++) statuses.add((await call(s, "GET", "/v1/account", { key: KEY })).status);
    expect([...statuses].sort()).toEqual([200, 500, 502, 503]);
  });
});

describe("dropped connections and latency", () => {
  it("a dropped connection is a network error for the client, and the write did not happen", async () => {
    const s = await start({ dropConnectionRate: 0.3, seed: 11 });
    const outcomes = await createMany(s, 30);
    expect(outcomes).toContain("dropped");
    expect(outcomes).toContain(201);
    expect(await workspaceNames(s.url)).toEqual(created(outcomes));
  });

  it("latency is added before every answer", async () => {
    const s = await start({ latencyMs: 120 });
    const started = performance.now();
    await call(s, "GET", "/v1/me", { key: KEY });
    expect(performance.now() - started).toBeGreaterThanOrEqual(115);
  });
});
