/**
 * Every guardrails file in examples/ (`<example>.guardrails.yaml`, beside the declaration `<example>` or
 * `<example>.yaml`) names its schema on line 1, reads without a violation, and its example passes it: no error,
 * no warning. At least one sits beside a directory declaration.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";
import { loadGuardrails } from "../../src/declaration/guardrails-load.ts";
import { checkDeclarationWithGuardrails } from "../../src/policy/guardrails-check.ts";
import { formatViolation } from "../../src/violations/violation.ts";

const examplesDir = relative(process.cwd(), join(import.meta.dirname, "..", "..", "examples"));
const schemaLine = /^# yaml-language-server: \$schema=\.\.\/schemas\/guardrails\.schema\.json$/;

const files = readdirSync(examplesDir)
  .filter((name) => name.endsWith(".guardrails.yaml"))
  .sort();

/** The declaration a guardrails file sits beside: a directory, or a file of the same name. */
function declarationOf(file: string): string {
  const base = join(examplesDir, file.slice(0, -".guardrails.yaml".length));
  return existsSync(base) ? base : `${base}.yaml`;
}

describe("example guardrails", () => {
  it("include one beside a directory declaration", () => {
    expect(files.length).toBeGreaterThan(0);
    expect(files.some((f) => !declarationOf(f).endsWith(".yaml"))).toBe(true);
  });

  for (const file of files) {
    it(`${file} names its schema, reads clean, and its example passes it`, async () => {
      const path = join(examplesDir, file);
      expect(readFileSync(path, "utf8").split("\n")[0]).toMatch(schemaLine);
      const loaded = await loadGuardrails(path);
      expect(loaded.violations.map(formatViolation)).toEqual([]);
      expect(loaded.guardrails?.rules.length).toBeGreaterThan(0);
      const checked = await checkDeclarationWithGuardrails([declarationOf(file)], path);
      expect(checked.violations.map(formatViolation)).toEqual([]);
      expect(checked.guardrails).toBeDefined();
    });
  }
});
