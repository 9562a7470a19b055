/**
 * The client paces itself to the tracker's documented request rate (policies/peerclick.yaml: 3 per second):
 * an apply against a sandbox that enforces that rate is never answered 429, counted on the server's side. A
 * control run with `--max-rps` far above the rate shows the sandbox does enforce it. No clock is asserted.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { OWNER_KEY, rateLimitedDeclaration, rateLimitedSeed } from "../../bench/rate-limited-account.ts";
import { type RunningSandbox, startSandbox } from "../../src/sandbox/server.ts";
import { runMain } from "./in-process.ts";

const CHANGES = 6;
let sandbox: RunningSandbox | undefined;
let tmp: string | undefined;

afterEach(async () => {
  await sandbox?.close();
  if (tmp !== undefined) rmSync(tmp, { recursive: true, force: true });
  sandbox = tmp = undefined;
});

async function applyAgainstRateLimit(extra: string[]) {
  sandbox = await startSandbox({ seed: rateLimitedSeed(CHANGES), rateLimit: 3 });
  tmp = mkdtempSync(join(tmpdir(), "tracker-access-rate-"));
  const file = join(tmp, "access.yaml");
  writeFileSync(file, rateLimitedDeclaration(CHANGES));
  const env = { TRACKER_ACCESS_API_URL: sandbox.url, TRACKER_ACCESS_API_KEY: OWNER_KEY };
  const outcome = await runMain(["apply", file, "--yes", ...extra], env);
  const replan = await runMain(["plan", file, "--detailed-exitcode"], env);
  return { outcome, replan, traffic: { ...sandbox.traffic } };
}

describe("the tracker's request rate", () => {
  it("paces apply to the profile's documented rate: no request is refused with 429", async () => {
    const { outcome, replan, traffic } = await applyAgainstRateLimit([]);
    expect(outcome.stderr).not.toContain("429");
    expect(outcome.code).toBe(0);
    expect(replan.code).toBe(0);
    expect(traffic.rateLimited).toBe(0);
    // the reads, the writes and the re-plan's reads all reached the server
    expect(traffic.requests).toBeGreaterThanOrEqual(CHANGES + 10);
  });

  it("--max-rps overrides the profile's rate (far above it, the sandbox refuses and the client backs off)", async () => {
    const { outcome, replan, traffic } = await applyAgainstRateLimit(["--max-rps", "1000"]);
    expect(outcome.code).toBe(0);
    expect(replan.code).toBe(0);
    expect(traffic.rateLimited).toBeGreaterThan(0);
  });

  it("refuses a --max-rps that is not a positive number, before anything is sent", async () => {
    const outcome = await runMain(["plan", "examples/voluum-team.yaml", "--max-rps", "0"], {
      TRACKER_ACCESS_API_URL: "http://127.0.0.1:9",
      TRACKER_ACCESS_API_KEY: OWNER_KEY,
    });
    expect(outcome.code).toBe(1);
    expect(outcome.stderr).toContain("--max-rps must be a positive number of requests per second, not 0");
  });
});
