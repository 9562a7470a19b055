/**
 * Golden validation cases (test/golden.ts, the suite's one golden mechanism): every folder under cases/ holds an
 * `input.yaml` (or an `input/` directory) and `expected.json`, the violations `checkDeclaration` must report, a
 * file snapshot (`vitest -u` rewrites it; under CI a mismatch or a missing file fails). The rule coverage derives
 * from the rule table: every rule of src/violations/rules.ts has a golden case, validator or planner, or is named
 * here with the test file that covers it.
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { RULES, type RuleId } from "../../src/violations/rules.ts";
import { expectGolden, goldenCases, goldenJson } from "../golden.ts";
import { actualViolations, CASES_DIR, expectedViolations } from "./golden-cases.ts";

const root = join(import.meta.dirname, "..", "..");

/** The planner's golden cases: their plans' refusals count as golden coverage too. */
const PLAN_CASES_DIR = join(root, "test", "reconcile", "fixtures", "golden");

/** Rules without a golden case, and the test file that covers each (it must name the rule id). */
const COVERED_ELSEWHERE: Partial<Record<RuleId, string>> = {
  "actor/cannot-manage-workspaces": "test/reconcile/guards.test.ts",
  "saved-plan/invalid": "test/cli/saved-plan.e2e.test.ts",
};

describe("golden validation cases", () => {
  for (const golden of goldenCases(CASES_DIR)) {
    it(golden.name, async () => {
      await expectGolden(goldenJson(await actualViolations(golden.name)), golden.file("expected.json"));
    });
  }
});

/** Rule ids in the rule table's order. */
function byTableOrder(a: string, b: string): number {
  const order = Object.keys(RULES);
  return order.indexOf(a) - order.indexOf(b);
}

/** The rules a case's expected file names: violations of a validator case, refusals and warnings of a planner case. */
function goldenRules(): Set<string> {
  const validator = goldenCases(CASES_DIR).flatMap((c) => (expectedViolations(c.name) ?? []).map((v) => v.rule));
  const planner = goldenCases(PLAN_CASES_DIR).flatMap((c) => {
    const plan = JSON.parse(readFileSync(c.file("plan.json"), "utf8")) as {
      refusals: Array<{ rule: string }>;
      warnings?: Array<{ rule: string }>;
    };
    return [...plan.refusals, ...(plan.warnings ?? [])].map((v) => v.rule);
  });
  return new Set([...validator, ...planner]);
}

describe("golden coverage", () => {
  it("covers every rule of the rule table with a golden case, or names the test file that covers it", () => {
    const covered = goldenRules();
    const missing = (Object.keys(RULES) as RuleId[]).filter((rule) => !covered.has(rule) && !COVERED_ELSEWHERE[rule]);
    expect(missing, "add a golden case, or name the covering test in COVERED_ELSEWHERE").toEqual([]);
  });

  it("names for a rule covered elsewhere a test file that exists and names the rule, and no rule a case covers", () => {
    const covered = goldenRules();
    for (const [rule, file] of Object.entries(COVERED_ELSEWHERE)) {
      expect(Object.keys(RULES), rule).toContain(rule);
      expect(existsSync(join(root, file)), `${rule}: ${file}`).toBe(true);
      expect(readFileSync(join(root, file), "utf8"), `${file} does not name ${rule}`).toContain(`"${rule}"`);
      expect(covered.has(rule), `${rule} has a golden case: drop it from COVERED_ELSEWHERE`).toBe(false);
    }
  });

  it("the coverage check finds a rule without a case", () => {
    const uncovered = (covered: Set<string>) =>
      (Object.keys(RULES) as RuleId[]).filter((rule) => !covered.has(rule) && !COVERED_ELSEWHERE[rule]);
    const covered = goldenRules();
    const before = uncovered(covered);
    covered.delete("columns/unknown");
    expect(uncovered(covered)).toEqual([...before, "columns/unknown"].sort(byTableOrder));
  });

  it("names only rules of the rule table, each case failing for its own reason", () => {
    for (const { name } of goldenCases(CASES_DIR)) {
      const expected = expectedViolations(name) ?? [];
      expect(expected.length, `${name} expects no violation`).toBeGreaterThan(0);
      for (const v of expected) {
        // A guardrail's rule id is the team's (`guardrail/<id>`), with the severity its rule gives it.
        if (v.rule.startsWith("guardrail/")) {
          expect(["error", "warning"]).toContain(v.severity);
          continue;
        }
        expect(Object.keys(RULES), `${name}`).toContain(v.rule);
        expect(v.severity).toBe(RULES[v.rule as keyof typeof RULES].severity);
      }
    }
  });
});
