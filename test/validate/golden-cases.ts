/**
 * The golden cases of the validator: folders under test/validate/cases/ (test/golden.ts), each an `input.yaml`
 * (or an `input/` directory) and `expected.json`, the violations `checkDeclaration` must report. Paths in the
 * expected file are relative to the case folder, so the cases do not depend on where the repository lives. A case
 * with a `guardrails.yaml` is checked against those guardrails too (`--guardrails`), on GUARDRAILS_NOW. A case with
 * time-bound grants fixes the time it is judged at in `now.txt`.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { type GrantClock, wallClock } from "../../src/policy/check-grants.ts";
import { checkDeclarationWithGuardrails } from "../../src/policy/guardrails-check.ts";

/** Folder holding one sub-folder per case. */
export const CASES_DIR = join(import.meta.dirname, "cases");

/** One violation as the golden files record it. */
export interface ExpectedViolation {
  rule: string;
  severity: string;
  file: string;
  line: number;
  column: number;
  message: string;
}

/** The moment guardrail cases are judged at (`untilWithinDays` counts from it). */
export const GUARDRAILS_NOW = new Date("2026-01-01T00:00:00Z");

/** The guardrails file of a case, or undefined when it has none. */
export function caseGuardrails(name: string): string | undefined {
  const file = join(CASES_DIR, name, "guardrails.yaml");
  return existsSync(file) ? file : undefined;
}

/** Names of every case folder, sorted. */
export function caseNames(): string[] {
  return readdirSync(CASES_DIR, { withFileTypes: true })
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort();
}

/** The input path of a case: its `input/` directory when present, else `input.yaml`. */
export function caseInput(name: string): string {
  const dir = join(CASES_DIR, name, "input");
  return existsSync(dir) ? dir : join(CASES_DIR, name, "input.yaml");
}

/** The violations `checkDeclaration` reports for a case, with paths relative to the case folder. */
export async function actualViolations(name: string): Promise<ExpectedViolation[]> {
  const caseDir = relative(process.cwd(), join(CASES_DIR, name));
  const input = relative(process.cwd(), caseInput(name));
  const strip = (text: string) => text.replaceAll(`${caseDir}/`, "");
  const guardrails = caseGuardrails(name);
  const guardrailsFile = guardrails === undefined ? undefined : relative(process.cwd(), guardrails);
  const clock = existsSync(join(CASES_DIR, name, "now.txt"))
    ? caseClock(name)
    : { ...wallClock(), now: guardrails === undefined ? new Date() : GUARDRAILS_NOW };
  const { violations } = await checkDeclarationWithGuardrails([input], guardrailsFile, clock);
  return violations.map((v) => ({
    rule: v.rule,
    severity: v.severity,
    file: strip(v.file),
    line: v.line,
    column: v.column,
    message: strip(v.message),
  }));
}

/**
 * The time a case is judged at: the RFC 3339 instant in its `now.txt` (time-bound grants), else the current
 * time. The warning window is the default (7 days).
 */
export function caseClock(name: string): GrantClock {
  const file = join(CASES_DIR, name, "now.txt");
  const clock = wallClock();
  return existsSync(file) ? { ...clock, now: new Date(readFileSync(file, "utf8").trim()) } : clock;
}

/** The expected violations of a case, or undefined when its expected.json does not exist yet. */
export function expectedViolations(name: string): ExpectedViolation[] | undefined {
  const file = join(CASES_DIR, name, "expected.json");
  return existsSync(file) ? (JSON.parse(readFileSync(file, "utf8")) as ExpectedViolation[]) : undefined;
}
