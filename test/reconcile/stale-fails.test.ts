/**
 * `applyPlan(..., { staleFails: true })`, as `apply plan.json` runs it: an object changed after the plan was
 * checked (its etag stale, 412) fails its operation instead of being re-read and written anyway; the other
 * operations apply. Real HTTP against a sandbox.
 */
import { join } from "node:path";
import { afterEach, beforeEach, expect, it } from "vitest";
import { addToWorkspaceOutOfBand } from "../../src/demo/out-of-band.ts";
import { checkDeclaration } from "../../src/policy/check-declaration.ts";
import { applyPlan } from "../../src/reconcile/apply.ts";
import { readLiveAccount } from "../../src/reconcile/live-account.ts";
import { plan } from "../../src/reconcile/plan.ts";
import { type RunningSandbox, startSandbox } from "../../src/sandbox/server.ts";
import { createTrackerClient } from "../../src/tracker/http-client.ts";

const ROOT = join(import.meta.dirname, "..", "..");
let sandbox: RunningSandbox;

beforeEach(async () => {
  sandbox = await startSandbox({ seed: join(ROOT, "examples/sandbox/voluum-acme.seed.yaml") });
});
afterEach(() => sandbox.close());

it.each([
  [true, "failed"],
  [false, "done"],
])("staleFails %s: bob, changed after the plan was checked, ends %s", async (staleFails, bobEnds) => {
  const key = sandbox.apiKeys["owner@acme.test"];
  const client = createTrackerClient({ baseUrl: sandbox.url, apiKey: key });
  const { declaration, profile } = await checkDeclaration([join(ROOT, "examples/demo/acme-team.yaml")]);
  if (declaration === undefined || profile === undefined) throw new Error("the demo declaration does not load");
  const have = await readLiveAccount(client);
  const planned = plan(declaration, have, profile);
  expect((await addToWorkspaceOutOfBand(sandbox.url, key, "bob@acme.test", "us-team"))?.status).toBe(200);

  const result = await applyPlan(planned, client, { have, staleFails });
  const bob = result.results.find((r) => r.operation.id.startsWith("user:bob@acme.test"));
  expect(bob?.status).toBe(bobEnds);
  if (bob?.status === "failed") expect(bob.error).toMatch(/changed after the plan was checked \(412\); not applied/);
  const others = result.results.filter((r) => r !== bob);
  expect(others.every((r) => r.status === "done")).toBe(true);
});
