/**
 * The seeds in examples/sandbox/: each is a valid account, and each one paired with a declaration in examples/
 * is one the declaration can be applied to: the plan has changes and no refusals, applying it through the
 * HTTP client succeeds, and planning again finds nothing left to do.
 */
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { checkDeclaration } from "../../src/policy/check-declaration.ts";
import { readLiveAccount } from "../../src/reconcile/live-account.ts";
import { plan } from "../../src/reconcile/plan.ts";
import { reconcile } from "../../src/reconcile/reconcile.ts";
import { readSeed } from "../../src/sandbox/seed.ts";
import { startSandbox } from "../../src/sandbox/server.ts";
import { createTrackerClient } from "../../src/tracker/http-client.ts";

const examples = join(import.meta.dirname, "..", "..", "examples");
const seeds = readdirSync(join(examples, "sandbox")).filter((name) => name.endsWith(".seed.yaml"));
const PAIRS: Record<string, string> = {
  "voluum-team.seed.yaml": "voluum-team.yaml",
  "peerclick-near-limit.seed.yaml": "peerclick-near-limit.yaml",
  "clicky-agency.seed.yaml": "clicky-agency.yaml",
  "clickflare-agency.seed.yaml": "clickflare-agency",
};
const NOW = new Date("2025-06-01T00:00:00Z");

it.each(seeds)("%s is a valid seed", (name) => {
  expect(() => readSeed(join(examples, "sandbox", name))).not.toThrow();
});

describe.each(Object.entries(PAIRS))("%s against examples/%s", (seed, declarationPath) => {
  it("plans without refusals, applies, and converges", async () => {
    const sandbox = await startSandbox({ seed: join(examples, "sandbox", seed), now: () => NOW });
    try {
      const { declaration, profile, violations } = await checkDeclaration([join(examples, declarationPath)]);
      expect(violations.filter((v) => v.severity === "error")).toEqual([]);
      const ownerKey = Object.values(sandbox.apiKeys)[0];
      const client = createTrackerClient({ baseUrl: sandbox.url, apiKey: ownerKey });
      const first = await reconcile(declaration!, client, profile!, { now: NOW, allowRemovals: 5 });
      expect(first.plan.refusals).toEqual([]);
      expect(first.plan.operations.length).toBeGreaterThan(3);
      expect(first.result?.results.map((r) => r.status)).toEqual(first.plan.operations.map(() => "done"));
      const again = plan(declaration!, await readLiveAccount(client), profile!, { now: NOW });
      expect(again.operations).toEqual([]);
    } finally {
      await sandbox.close();
    }
  });
});
