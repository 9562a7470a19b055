/**
 * Two applies of one declaration at once against one account (two CI jobs, or a job and a person): both
 * converge, and a write the other apply got to first costs the second at most one extra read of that object —
 * never a re-listing of the account per conflict. Real HTTP against the sandbox; requests counted by each client.
 */
import { afterEach, describe, expect, it } from "vitest";
import { applyPlan } from "../../src/reconcile/apply.ts";
import type { SandboxSeed } from "../../src/sandbox/seed.ts";
import { createTrackerClient } from "../../src/tracker/http-client.ts";
import { declare, seedFile, specOf } from "./helpers.ts";
import { type SandboxSession, sandboxSession } from "./sandbox-helpers.ts";

let session: SandboxSession | undefined;
afterEach(async () => {
  await session?.close();
  session = undefined;
});

/** acme-voluum plus `extra` workers in eu-team, so the user listing spans several pages. */
function largerSeed(extra: number): SandboxSeed {
  const seed = seedFile("acme-voluum.yaml");
  for (let i = 0; i < extra; i++) {
    seed.users.push({ email: `worker${i}@acme.test`, role: "worker", workspaces: ["eu-team"] });
  }
  return seed;
}

describe("two applies of one declaration at once", { timeout: 120_000 }, () => {
  it("both converge; each conflict costs at most one extra read", async () => {
    const EXISTING = 300;
    const INVITES = 120;
    const seed = largerSeed(EXISTING);
    session = await sandboxSession(seed);
    const spec = specOf(seed);
    // Every existing worker moves to us-team (a PATCH each); new workers are invited.
    for (const user of spec.users ?? []) if (user.email.startsWith("worker")) user.workspaces = ["us-team"];
    for (let i = 0; i < INVITES; i++) {
      spec.users?.push({ email: `new${i}@acme.test`, role: "worker", workspaces: ["eu-team"] });
    }
    const want = declare(spec);
    const { have, plan } = await session.replan(want);
    expect(plan.operations).toHaveLength(EXISTING + INVITES);

    // Pages of 50, so a re-listing of the users shows as the ten reads it costs.
    const clientOf = () =>
      createTrackerClient({
        baseUrl: session!.sandbox.url,
        apiKey: session!.sandbox.apiKeys["owner@acme.test"],
        pageSize: 50,
      });
    const first = clientOf();
    const second = clientOf();
    const [a, b] = await Promise.all([applyPlan(plan, first, { have }), applyPlan(plan, second, { have })]);
    const failed = [...a.results, ...b.results].filter((r) => r.status !== "done");
    expect(failed).toEqual([]);

    // Every operation was written once by one of the two; every other write attempt met a 412 or a 409.
    const conflicts = a.requests.writes + b.requests.writes - plan.operations.length;
    const reads = a.requests.reads + b.requests.reads;
    console.log(`concurrent apply: first ${JSON.stringify(a.requests)}, second ${JSON.stringify(b.requests)}`);
    expect(conflicts).toBeGreaterThan(INVITES / 2);
    // At most one read per conflict, plus the two workspace listings an apply may need.
    expect(reads, JSON.stringify({ a: a.requests, b: b.requests, conflicts })).toBeLessThanOrEqual(conflicts + 2);

    const again = await session.replan(want);
    expect(again.plan.operations).toEqual([]);
  });
});
