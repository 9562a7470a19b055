/**
 * Golden plans: each folder under fixtures/golden/ holds a declaration, a live account (sandbox seed format)
 * and the expected plan as JSON. A changed plan fails the test; regenerate deliberately with
 * `npx vitest run test/reconcile/golden.test.ts --update` and review the diff. Under CI (CI=true) vitest never
 * writes snapshots, so a missing or different plan.json fails there.
 */
import { readdirSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { loadDeclaration } from "../../src/declaration/load.ts";
import { plan } from "../../src/reconcile/plan.ts";
import { fixturePath, liveFromSeed, profileOf, seedFile } from "./helpers.ts";

const cases: Record<string, { actor: string; allowRemovals?: number }> = {
  "every-phase": { actor: "owner@acme.test", allowRemovals: 2 },
  refused: { actor: "admin@acme.test" },
  selectors: { actor: "owner@bluepeak.test" },
  "selectors-refused": { actor: "owner@bluepeak.test" },
};

describe("golden plans", () => {
  it("covers every folder", () => {
    expect(readdirSync(fixturePath("golden")).sort()).toEqual(Object.keys(cases).sort());
  });

  for (const [name, { actor, allowRemovals }] of Object.entries(cases)) {
    it(name, async () => {
      const loaded = await loadDeclaration([fixturePath(`golden/${name}/declaration.yaml`)]);
      expect(loaded.violations).toEqual([]);
      const want = loaded.declaration!;
      want.files = [`golden/${name}/declaration.yaml`]; // machine-independent paths in the snapshot
      for (const entity of [...want.workspaces, ...want.users, ...want.elements, ...(want.selectors ?? [])])
        entity.at.file = want.files[0];
      const have = liveFromSeed(seedFile(`golden/${name}/live.yaml`), actor);
      const result = plan(want, have, profileOf(want.tracker), {
        now: new Date("2026-06-01T00:00:00Z"),
        allowRemovals,
      });
      await expect(`${JSON.stringify(result, null, 2)}\n`).toMatchFileSnapshot(`fixtures/golden/${name}/plan.json`);
    });
  }
});
