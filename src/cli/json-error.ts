/**
 * Errors as JSON on stdout for `--format json`, so a CI step that parses the output never gets text:
 * `{"error": {"message", "rule"?, "file"?, "line"?}}`. The text line still goes to stderr for the log. A
 * declaration with several errors names the first in `error` and lists them all in `errors`.
 */
import type { Violation } from "../violations/violation.ts";
import type { TextSink } from "./command.ts";

/** One error, as the JSON output has it. */
export interface JsonError {
  message: string;
  rule?: string;
  file?: string;
  line?: number;
}

/** Whether `args` ask for JSON output (`--format json` or `--format=json`, before any `--`). */
export function wantsJson(args: readonly string[]): boolean {
  for (let i = 0; i < args.length; i++) {
    if (args[i] === "--") return false;
    if (args[i] === "--format=json" || (args[i] === "--format" && args[i + 1] === "json")) return true;
  }
  return false;
}

/** The JSON form of a violation. */
export function violationError(v: Violation): JsonError {
  return { message: v.message, rule: v.rule, file: v.file, line: v.line };
}

/** Writes `{"error": first, "errors"?: all}` as one document on `stdout`. */
export function writeJsonError(stdout: TextSink, error: JsonError, all?: JsonError[]): void {
  const body = all !== undefined && all.length > 1 ? { error, errors: all } : { error };
  stdout.write(`${JSON.stringify(body, null, 2)}\n`);
}
