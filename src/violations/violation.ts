/**
 * A rule violation: what every check in tracker-access reports, from YAML syntax to the actor guards of a
 * plan. Printed as `file:line:col: message (rule)`; the JSON form uses these field names verbatim.
 */
import type { GuardrailRuleId, RuleId } from "./rules.ts";

/** Errors fail a run; warnings are reported and allowed. */
export type Severity = "error" | "warning";

/** One violation of one rule at one place. */
export interface Violation {
  rule: RuleId | GuardrailRuleId;
  severity: Severity;
  file: string;
  line: number;
  column: number;
  /** JSON pointer into the file's document, "" for the whole file. */
  path: string;
  message: string;
}

/** Orders violations by file, line, column, then rule, and drops exact duplicates. */
export function sortViolations(violations: Violation[]): Violation[] {
  const seen = new Set<string>();
  const unique: Violation[] = [];
  for (const v of violations) {
    const key = `${v.file}\0${v.line}\0${v.column}\0${v.rule}\0${v.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    unique.push(v);
  }
  return unique.sort(
    (a, b) =>
      (a.file < b.file ? -1 : a.file > b.file ? 1 : 0) ||
      a.line - b.line ||
      a.column - b.column ||
      (a.rule < b.rule ? -1 : a.rule > b.rule ? 1 : 0),
  );
}

/** `file:line:col: message (rule)`, the text form of a violation. */
export function formatViolation(v: Violation): string {
  const tag = v.severity === "warning" ? "warning: " : "";
  return `${v.file}:${v.line}:${v.column}: ${tag}${v.message} (${v.rule})`;
}
