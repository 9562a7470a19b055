/**
 * Golden plans (test/golden.ts, the suite's one golden mechanism): each folder under fixtures/golden/ holds a
 * declaration, a live account (sandbox seed format), `options.json` (the API key's owner, the plan options) and
 * the expected plan as JSON, a file snapshot: `npx vitest run test/reconcile/golden.test.ts -u` rewrites it
 * (review the diff); under CI (CI=true) a missing or different plan.json fails.
 */
import { describe, expect, it } from "vitest";
import { loadDeclaration } from "../../src/declaration/load.ts";
import { plan } from "../../src/reconcile/plan.ts";
import { expectGolden, goldenCases, goldenJson } from "../golden.ts";
import { fixturePath, liveFromSeed, profileOf, seedFile } from "./helpers.ts";

/** A case's options.json: who applies, when, and the plan options. */
interface PlanCaseOptions {
  actor: string;
  now: string;
  allowRemovals?: number;
  maxRemovalShare?: number;
}

describe("golden plans", () => {
  const cases = goldenCases<PlanCaseOptions>(fixturePath("golden"), { optionsRequired: true });

  it("has cases, each with its options (a folder without options.json throws above)", () => {
    expect(cases.map((c) => c.name)).toContain("every-phase");
    for (const golden of cases) expect(golden.options.actor, golden.name).toMatch(/@/);
  });

  for (const golden of cases) {
    it(golden.name, async () => {
      const { actor, now, ...options } = golden.options;
      const loaded = await loadDeclaration([golden.file("declaration.yaml")]);
      expect(loaded.violations).toEqual([]);
      const want = loaded.declaration!;
      want.files = [`golden/${golden.name}/declaration.yaml`]; // machine-independent paths in the snapshot
      for (const entity of [...want.workspaces, ...want.users, ...want.elements, ...(want.selectors ?? [])])
        entity.at.file = want.files[0];
      const have = liveFromSeed(seedFile(`golden/${golden.name}/live.yaml`), actor);
      const result = plan(want, have, profileOf(want.tracker), { now: new Date(now), ...options });
      await expectGolden(goldenJson(result), golden.file("plan.json"));
    });
  }
});
