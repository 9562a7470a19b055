/**
 * The result of `validate` as text (one `file:line:col: message (rule)` line per violation, sorted by position,
 * then a summary line) and as JSON (`{"valid": bool, "violations": [{rule, severity, file, line, column, path,
 * message}]}`).
 */
import { formatViolation, type Violation } from "../../violations/violation.ts";

/** What `validate` found: every violation and how many files it read. */
export interface ValidateResult {
  violations: Violation[];
  files: number;
}

/** The validate result as text, ending with a newline. */
export function renderValidateText({ violations, files }: ValidateResult): string {
  const errors = errorCount(violations);
  const warnings = violations.length - errors;
  const lines = violations.map(formatViolation);
  const fileCount = `${files} ${files === 1 ? "file" : "files"}`;
  if (violations.length === 0) lines.push(`ok: ${fileCount}, no violations`);
  else lines.push(`${count(errors, "error")}, ${count(warnings, "warning")} in ${fileCount}`);
  return `${lines.join("\n")}\n`;
}

/** One violation as the JSON documents give it: rule, severity, position and message. */
export function violationJson({ rule, severity, file, line, column, path, message }: Violation) {
  return { rule, severity, file, line, column, path, message };
}

/** The validate result as pretty-printed JSON, ending with a newline. */
export function renderValidateJson({ violations }: ValidateResult): string {
  const entries = violations.map(violationJson);
  return `${JSON.stringify({ valid: errorCount(violations) === 0, violations: entries }, null, 2)}\n`;
}

/** How many of `violations` are errors (warnings do not fail a run). */
export function errorCount(violations: Violation[]): number {
  return violations.filter((v) => v.severity === "error").length;
}

function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? "" : "s"}`;
}
