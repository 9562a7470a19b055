/**
 * actor/cannot-move-element end to end, against the sandbox over real HTTP: a key whose role may not edit an
 * element's kind in the workspace it leaves or enters gets its plan refused, so apply writes nothing, instead of
 * a 403 from PUT /v1/elements/{id}/workspace half-way through. The tracker would indeed refuse those moves.
 */
import { afterEach, describe, expect, it } from "vitest";
import { loadDeclaration } from "../../src/declaration/load.ts";
import { applyPlan } from "../../src/reconcile/apply.ts";
import { type LiveAccount, readLiveAccount } from "../../src/reconcile/live-account.ts";
import { plan } from "../../src/reconcile/plan.ts";
import { type RunningSandbox, startSandbox } from "../../src/sandbox/server.ts";
import { createTrackerClient } from "../../src/tracker/http-client.ts";
import { fixturePath, profileOf, seedFile } from "./helpers.ts";

let sandbox: RunningSandbox | undefined;
afterEach(async () => {
  await sandbox?.close();
  sandbox = undefined;
});

/** Where every element is, by name. */
function placement(have: LiveAccount): Record<string, string> {
  return Object.fromEntries(have.elements.map((e) => [`${e.kind} ${e.name}`, e.workspace]));
}

describe("actor/cannot-move-element", () => {
  it("refuses at plan time the moves a worker's key may not make, and apply writes nothing", async () => {
    sandbox = await startSandbox({ seed: seedFile("golden/move-refused/live.yaml"), log: () => {} });
    const client = (email: string) =>
      createTrackerClient({ baseUrl: sandbox!.url, apiKey: sandbox!.apiKeys[email], maxRetries: 0 });
    const owner = client("owner@acme.test");
    const bob = client("bob@acme.test"); // a worker, member of eu-team
    const loaded = await loadDeclaration([fixturePath("golden/move-refused/declaration.yaml")]);
    expect(loaded.violations).toEqual([]);
    const want = loaded.declaration!;

    // A worker's key reads no other user (Voluum), so the account is read with the owner's and planned as bob.
    const before = await readLiveAccount(owner);
    const have = { ...before, actor: await bob.getMe() };
    const planned = plan(want, have, profileOf("voluum"));
    expect(planned.operations.map((op) => op.type)).toEqual(["move-element", "move-element"]);
    expect(planned.refusals.map((v) => `${v.rule} ${v.line}`)).toEqual([
      "actor/cannot-move-element 17",
      "actor/cannot-move-element 18",
    ]);

    // The refused plan sends nothing.
    const applied = await applyPlan(planned, bob, { have });
    expect(applied.requests.writes).toBe(0);
    expect(applied.results.map((r) => r.status)).toEqual(["skipped", "skipped"]);
    expect(placement(await readLiveAccount(owner))).toEqual(placement(before));

    // And the tracker agrees: sent anyway, each move is answered 403 and nothing moves.
    const forced = await applyPlan({ ...planned, refusals: [] }, bob, { have });
    expect(forced.results.map((r) => (r.status === "failed" ? r.httpStatus : r.status))).toEqual([403, 403]);
    expect(placement(await readLiveAccount(owner))).toEqual(placement(before));
  });

  it("lets a key whose role edits the kind at both ends plan the same moves", async () => {
    sandbox = await startSandbox({ seed: seedFile("golden/move-refused/live.yaml"), log: () => {} });
    const owner = createTrackerClient({ baseUrl: sandbox.url, apiKey: sandbox.apiKeys["owner@acme.test"] });
    const loaded = await loadDeclaration([fixturePath("golden/move-refused/declaration.yaml")]);
    const have = await readLiveAccount(owner);
    const planned = plan(loaded.declaration!, have, profileOf("voluum"));
    expect(planned.refusals).toEqual([]);
    const applied = await applyPlan(planned, owner, { have });
    expect(applied.results.map((r) => r.status)).toEqual(["done", "done"]);
  });
});
