/**
 * The guardrails' golden cases (test/validate/cases/guardrail-*, run by test/validate/golden.test.ts) cover every
 * condition and requirement the schema allows: each key of `when` and `require` in schemas/guardrails.schema.json
 * is used by a rule that some case reports as `guardrail/<id>`. A key added to the schema without a case fails.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { GUARDRAILS_SCHEMA_FILE } from "../../src/declaration/guardrails-load.ts";
import { caseGuardrails, caseNames, expectedViolations } from "../validate/golden-cases.ts";

interface SchemaDefs {
  $defs: Record<string, { properties: Record<string, unknown> }>;
}

const defs = (JSON.parse(readFileSync(GUARDRAILS_SCHEMA_FILE, "utf8")) as SchemaDefs).$defs;

/** `when.role`, `require.atMost`, ... of every rule some case reports a violation of. */
function coveredKeys(): Set<string> {
  const covered = new Set<string>();
  for (const name of caseNames()) {
    const file = caseGuardrails(name);
    if (file === undefined) continue;
    const reported = new Set((expectedViolations(name) ?? []).map((v) => v.rule));
    if (![...reported].some((rule) => rule.startsWith("guardrail/"))) continue;
    const doc = parse(readFileSync(file, "utf8")) as {
      rules: Array<{ id: string; when?: object; require?: object }>;
    };
    for (const rule of doc.rules) {
      if (!reported.has(`guardrail/${rule.id}`)) continue;
      for (const key of Object.keys(rule.when ?? {})) covered.add(`when.${key}`);
      for (const key of Object.keys(rule.require ?? {})) covered.add(`require.${key}`);
    }
  }
  return covered;
}

describe("guardrail golden cases", () => {
  it("cover every condition and requirement of the schema with a reported violation", () => {
    const keys = [
      ...Object.keys(defs.conditions.properties).map((k) => `when.${k}`),
      ...Object.keys(defs.requirements.properties).map((k) => `require.${k}`),
    ];
    expect(keys.length).toBeGreaterThanOrEqual(9);
    const covered = coveredKeys();
    expect(keys.filter((k) => !covered.has(k))).toEqual([]);
  });

  it("cover the file's own mistakes: syntax, schema, a duplicate id, a name the tracker lacks", () => {
    const rules = new Set(
      caseNames()
        .filter((name) => caseGuardrails(name) !== undefined)
        .flatMap((name) => (expectedViolations(name) ?? []).filter((v) => v.file === "guardrails.yaml"))
        .map((v) => v.rule),
    );
    expect([...rules].sort()).toEqual(["guardrails/unknown-name", "ref/duplicate", "schema/invalid", "yaml/syntax"]);
  });
});
