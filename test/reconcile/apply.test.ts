import { afterEach, describe, expect, it } from "vitest";
import { applyPlan } from "../../src/reconcile/apply.ts";
import { readLiveAccount } from "../../src/reconcile/live-account.ts";
import type { ApplyResult } from "../../src/reconcile/operations.ts";
import { reconcile } from "../../src/reconcile/reconcile.ts";
import type { FaultConfig } from "../../src/sandbox/faults.ts";
import { type DeclarationSpec, declare, profileOf, seedFile, specOf } from "./helpers.ts";
import { type SandboxSession, sandboxSession } from "./sandbox-helpers.ts";

const seed = seedFile("acme-voluum.yaml");
const voluum = profileOf("voluum");
let session: SandboxSession | undefined;
afterEach(async () => {
  await session?.close();
  session = undefined;
});

/** A declaration touching every phase: new workspace, invite, role, memberships, moves, columns, removal, deletion. */
function everyPhase(): DeclarationSpec {
  const spec = specOf(seed);
  const user = (email: string) => spec.users!.find((u) => u.email === email)!;
  const element = (name: string) => spec.elements!.find((e) => e.name === name)!;
  spec.workspaces = ["eu-team", "apac-team"];
  spec.users!.push({ email: "Dan@Acme.test", role: "worker", workspaces: ["apac-team"] });
  Object.assign(user("bob@acme.test"), {
    role: "readonly",
    workspaces: ["eu-team", "apac-team"],
    hiddenColumns: ["cost"],
  });
  user("ann@brand.test").hiddenColumns = ["cost", "profit"];
  spec.users = spec.users!.filter((u) => u.email !== "carol@acme.test");
  element("Spare Offer").workspace = "apac-team";
  element("Summer Flow").workspace = "eu-team";
  element("Flow Offer").workspace = "eu-team";
  element("US Lander").workspace = "eu-team";
  return spec;
}

const statuses = (result: ApplyResult) => result.results.map((r) => `${r.status} ${r.operation.id}`);
const allDone = (result: ApplyResult) =>
  result.results.filter((r) => r.status !== "done").map((r) => JSON.stringify(r));

async function expectConverged(s: SandboxSession, want: ReturnType<typeof declare>) {
  const writes = s.client.stats.writes;
  const again = await s.replan(want);
  expect(again.plan.operations).toEqual([]);
  expect(again.plan.refusals).toEqual([]);
  const empty = await applyPlan(again.plan, s.client, { have: again.have });
  expect(empty.requests.writes).toBe(0);
  expect(s.client.stats.writes).toBe(writes);
}

describe("apply against the sandbox", () => {
  it("plan → apply → replan is empty, and the replan writes nothing", async () => {
    session = await sandboxSession(seed);
    const want = declare(everyPhase());
    const { have, plan } = await session.replan(want);
    expect(plan.refusals).toEqual([]);
    const result = await applyPlan(plan, session.client, { have });
    expect(allDone(result)).toEqual([]);
    expect(result.requests.writes).toBe(plan.operations.length);
    await expectConverged(session, want);
  });

  it("a no-op plan performs no write request", async () => {
    session = await sandboxSession(seed);
    const outcome = await reconcile(declare(specOf(seed)), session.client, voluum);
    expect(outcome.plan.operations).toEqual([]);
    expect(outcome.result).toBeUndefined();
    expect(session.client.stats.writes).toBe(0);
    expect(session.client.stats.reads).toBe(5); // me, account, and one page each of workspaces, users, elements
  });

  it("re-sends an expired invitation once and converges", async () => {
    const expired = structuredClone(seed);
    expired.users.push({
      email: "eve@brand.test",
      role: "readonly",
      workspaces: ["eu-team"],
      status: "invited",
      invitationExpiresAt: "2020-01-01T00:00:00Z",
    });
    session = await sandboxSession(expired);
    const want = declare(specOf(expired));
    const { have, plan } = await session.replan(want);
    expect(plan.operations.map((op) => op.id)).toEqual(["user:eve@brand.test:resend"]);
    expect(allDone(await applyPlan(plan, session.client, { have }))).toEqual([]);
    const after = await readLiveAccount(session.client);
    expect(after.users.filter((u) => u.email === "eve@brand.test")).toHaveLength(1);
    await expectConverged(session, want);
  });

  const faultRuns: Array<[string, FaultConfig]> = [
    ["a 429 storm", { rateLimit: { everyNth: 2, retryAfterSeconds: 0 } }],
    ["5% server errors", { serverErrorRate: 0.05, seed: 7 }],
    ["dropped connections", { dropConnectionRate: 0.15, seed: 3 }],
  ];
  for (const [name, faults] of faultRuns) {
    it(`converges through ${name}`, async () => {
      session = await sandboxSession(seed, "owner@acme.test", faults);
      const want = declare(everyPhase());
      for (let round = 1; round <= 3; round++) {
        const { have, plan } = await session.replan(want);
        if (plan.operations.length === 0) break;
        await applyPlan(plan, session.client, { have });
      }
      expect(session.client.stats.retries).toBeGreaterThan(0);
      await expectConverged(session, want);
    });
  }

  it("applies every operation at once through the faults when 429 and 5xx are retried", async () => {
    session = await sandboxSession(seed, "owner@acme.test", {
      rateLimit: { everyNth: 3, retryAfterSeconds: 0 },
      serverErrorRate: 0.05,
      seed: 11,
    });
    const want = declare(everyPhase());
    const { have, plan } = await session.replan(want);
    expect(allDone(await applyPlan(plan, session.client, { have }))).toEqual([]);
    await expectConverged(session, want);
  });

  it("a killed apply re-run converges with nothing lost", async () => {
    session = await sandboxSession(seed);
    const want = declare(everyPhase());
    const first = await session.replan(want);
    const half = Math.floor(first.plan.operations.length / 2);
    const stopped = await applyPlan(first.plan, session.client, { have: first.have, stopAfter: half, concurrency: 1 });
    expect(stopped.results.filter((r) => r.status === "done")).toHaveLength(half);
    expect(stopped.results.filter((r) => r.status === "skipped").length).toBe(first.plan.operations.length - half);

    const second = await session.replan(want);
    expect(second.plan.operations.length).toBeGreaterThan(0);
    expect(second.plan.operations.length).toBeLessThan(first.plan.operations.length);
    expect(allDone(await applyPlan(second.plan, session.client, { have: second.have }))).toEqual([]);
    await expectConverged(session, want);
  });

  it("an aborted apply stops starting operations", async () => {
    session = await sandboxSession(seed);
    const { have, plan } = await session.replan(declare(everyPhase()));
    const abort = new AbortController();
    const result = await applyPlan(plan, session.client, {
      have,
      concurrency: 1,
      signal: abort.signal,
      onResult: () => abort.abort(),
    });
    expect(result.results.filter((r) => r.status === "done")).toHaveLength(1);
    expect(result.results.slice(1).every((r) => r.status === "skipped")).toBe(true);
  });

  it("a refused plan writes nothing and leaves the account as it was", async () => {
    session = await sandboxSession(seed);
    const spec = everyPhase();
    spec.users = spec.users!.filter((u) => !["bob@acme.test", "ann@brand.test"].includes(u.email));
    const want = declare(spec);
    const before = await readLiveAccount(session.client);
    const { have, plan } = await session.replan(want);
    expect(plan.refusals.map((v) => v.rule)).toEqual(["guard/max-removals"]);
    const writes = session.client.stats.writes;
    const result = await applyPlan(plan, session.client, { have });
    expect(result.requests.writes).toBe(0);
    expect(session.client.stats.writes).toBe(writes);
    expect(writes).toBe(0);
    expect(result.results.every((r) => r.status === "skipped")).toBe(true);
    expect(await readLiveAccount(session.client)).toEqual(before);
  });

  it("a failed operation skips its dependants; independent operations continue", async () => {
    session = await sandboxSession(seed);
    const spec = specOf(seed);
    spec.workspaces!.push("PUBLIC"); // the tracker reserves it (validate would refuse it first)
    spec.users!.push({ email: "dan@acme.test", role: "worker", workspaces: ["PUBLIC"] });
    spec.users!.find((u) => u.email === "ann@brand.test")!.hiddenColumns = ["cost", "roi"];
    const want = declare(spec);
    const { have, plan } = await session.replan(want);
    const result = await applyPlan(plan, session.client, { have });
    expect(statuses(result)).toEqual([
      "failed workspace:PUBLIC:create",
      "skipped user:dan@acme.test:invite",
      "done user:ann@brand.test:hidden-columns",
    ]);
    expect(result.results[0]).toMatchObject({
      httpStatus: 422,
      problemType: "urn:tracker-access:problem:rule-violation",
    });
    expect(result.results[1]).toMatchObject({ because: "depends on workspace:PUBLIC:create, which failed" });
    expect(result.requests.writes).toBe(2);
  });

  it("a stale etag re-reads the object and re-plans that operation", async () => {
    session = await sandboxSession(seed);
    const spec = specOf(seed);
    spec.users!.find((u) => u.email === "ann@brand.test")!.hiddenColumns = ["cost", "profit"];
    spec.users!.find((u) => u.email === "bob@acme.test")!.workspaces = ["eu-team", "us-team"];
    spec.elements!.find((e) => e.name === "Spare Offer")!.workspace = "us-team";
    const want = declare(spec);
    const { have, plan } = await session.replan(want);

    // Between plan and apply, someone else changes all three objects: ann already as wanted, bob and the offer not.
    const other = session.other("admin@acme.test");
    const live = await readLiveAccount(other);
    const ann = live.users.find((u) => u.email === "ann@brand.test")!;
    const bob = live.users.find((u) => u.email === "bob@acme.test")!;
    const offer = live.elements.find((e) => e.name === "Spare Offer")!;
    const eu = live.workspaces.find((w) => w.name === "eu-team")!;
    await other.updateUser(ann.id, { hiddenColumns: ["profit", "cost"] }, ann.etag);
    await other.updateUser(bob.id, { hiddenColumns: [] }, bob.etag);
    await other.moveElement(offer.id, eu.id, offer.etag);

    const writes = session.client.stats.writes;
    const result = await applyPlan(plan, session.client, { have });
    expect(allDone(result)).toEqual([]);
    // bob and the offer: one 412 and one write each; ann: one 412, then nothing left to write.
    expect(session.client.stats.writes - writes).toBe(5);
    await expectConverged(session, want);
  });

  it("an invitation someone else already sent is found, not duplicated", async () => {
    session = await sandboxSession(seed);
    const spec = specOf(seed);
    spec.users!.push({ email: "dan@acme.test", role: "worker", workspaces: ["eu-team"] });
    const want = declare(spec);
    const { have, plan } = await session.replan(want);
    const eu = have.workspaces.find((w) => w.name === "eu-team")!;
    await session.other("admin@acme.test").inviteUser({ email: "DAN@acme.test", role: "worker", workspaces: [eu.id] });
    const result = await applyPlan(plan, session.client, { have });
    expect(allDone(result)).toEqual([]);
    const after = await readLiveAccount(session.client);
    expect(after.users.filter((u) => u.email.toLowerCase() === "dan@acme.test")).toHaveLength(1);
    await expectConverged(session, want);
  });

  it("applies without a snapshot by reading each object it needs", async () => {
    session = await sandboxSession(seed);
    const want = declare(everyPhase());
    const { plan } = await session.replan(want);
    expect(allDone(await applyPlan(plan, session.client))).toEqual([]);
    await expectConverged(session, want);
  });
});
