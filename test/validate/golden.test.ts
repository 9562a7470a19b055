/**
 * Golden tests: every case folder's input gives exactly its expected.json. `UPDATE_GOLDEN=1` rewrites the
 * expected files from the current output (review the diff!), except when CI is set: there a mismatch fails.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { RULES } from "../../src/violations/rules.ts";
import { actualViolations, CASES_DIR, caseNames, expectedViolations } from "./golden-cases.ts";

const updating = process.env.UPDATE_GOLDEN === "1" && !process.env.CI;

/** The rules the validator reports from a declaration alone; each needs at least one golden case. */
const VALIDATOR_RULES = [
  "yaml/syntax",
  "schema/invalid",
  "profile/unknown-tracker",
  "ref/duplicate",
  "ref/conflict",
  "ref/unknown-workspace",
  "ref/unknown-element",
  "role/unsupported",
  "owner/exactly-one",
  "workspace/reserved-name",
  "workspace/limit",
  "member/needs-private-workspace",
  "member/implicit-access",
  "member/public-not-assignable",
  "element/single-workspace",
  "element/not-allowed-in-public",
  "element/unsupported-kind",
  "element/funnel-workspace",
  "element/self-reference",
  "columns/readonly-only",
  "columns/unsupported",
  "columns/unknown",
  "access/all-workspaces-unsupported",
  "grant/expired",
  "grant/expires-soon",
  "guard/owner-immutable",
] as const;

describe("golden validation cases", () => {
  for (const name of caseNames()) {
    it(name, async () => {
      const actual = await actualViolations(name);
      if (updating) {
        writeFileSync(join(CASES_DIR, name, "expected.json"), `${JSON.stringify(actual, null, 2)}\n`);
        return;
      }
      const expected = expectedViolations(name);
      expect(expected, `${name}/expected.json is missing; run with UPDATE_GOLDEN=1`).toBeDefined();
      expect(actual).toEqual(expected);
    });
  }
});

describe("golden coverage", () => {
  it("covers every validator rule with a failing case", () => {
    const covered = new Set(caseNames().flatMap((name) => (expectedViolations(name) ?? []).map((v) => v.rule)));
    const missing = VALIDATOR_RULES.filter((rule) => !covered.has(rule));
    expect(missing).toEqual([]);
  });

  it("names only rules of the rule table, each case failing for its own reason", () => {
    for (const name of caseNames()) {
      const expected = expectedViolations(name) ?? [];
      expect(expected.length, `${name} expects no violation`).toBeGreaterThan(0);
      for (const v of expected) {
        expect(Object.keys(RULES), `${name}`).toContain(v.rule);
        expect(v.severity).toBe(RULES[v.rule as keyof typeof RULES].severity);
      }
    }
  });
});
