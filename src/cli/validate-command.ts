/**
 * `tracker-access validate <file-or-dir>... [--format text|json]`: checks declarations against their
 * tracker's profile without contacting the tracker.
 *
 * text: one `file:line:col: message (rule)` line per violation, sorted by position, then a summary line.
 * json: `{"valid": bool, "violations": [{rule, severity, file, line, column, path, message}]}`.
 * Exit 0 without errors (warnings allowed), 1 with errors, 2 on usage or I/O problems.
 */
import { DeclarationIoError } from "../declaration/load.ts";
import { checkDeclaration } from "../policy/check-declaration.ts";
import type { GrantClock } from "../policy/check-grants.ts";
import { didYouMean } from "../policy/nearest-name.ts";
import { formatViolation, type Violation } from "../violations/violation.ts";
import { CLOCK_OPTIONS, CLOCK_OPTIONS_HELP, grantClock } from "./clock-options.ts";
import { type CommandIo, EXIT, UsageError } from "./command.ts";
import { wantsJson, writeJsonError } from "./json-error.ts";

/** The one-paragraph help of `validate`. */
export const VALIDATE_USAGE = `usage: tracker-access validate <file-or-dir>... [--format text|json]

Checks declaration files (or directories of *.yaml files, read as one declaration) against the
tracker's permission rules in policies/. Exit status: 0 no errors (warnings allowed), 1 errors,
2 usage or I/O problem.
${CLOCK_OPTIONS_HELP}`;

type Format = "text" | "json";

interface Options {
  paths: string[];
  format: Format;
  clock: GrantClock;
}

/** Runs `validate` with its arguments; returns the exit code. */
export async function runValidate(args: string[], io: CommandIo): Promise<number> {
  let options: Options | "help";
  try {
    options = parseArguments(args);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    io.stderr.write(`tracker-access validate: ${error.message} (see --help)\n`);
    if (wantsJson(args)) writeJsonError(io.stdout, { message: `${error.message} (see --help)` });
    return EXIT.usage;
  }
  if (options === "help") {
    io.stdout.write(`${VALIDATE_USAGE}\n`);
    return EXIT.ok;
  }

  let result: Awaited<ReturnType<typeof checkDeclaration>>;
  try {
    result = await checkDeclaration(options.paths, options.clock);
  } catch (error) {
    if (!(error instanceof DeclarationIoError)) throw error;
    io.stderr.write(`tracker-access validate: ${error.message}\n`);
    if (options.format === "json") writeJsonError(io.stdout, { message: error.message, file: error.path });
    return EXIT.usage;
  }
  const { violations, files } = result;
  const errors = violations.filter((v) => v.severity === "error").length;
  io.stdout.write(
    options.format === "json" ? renderJson(violations, errors) : renderText(violations, errors, files.length),
  );
  return errors > 0 ? EXIT.failed : EXIT.ok;
}

function parseArguments(args: string[]): Options | "help" {
  const paths: string[] = [];
  let format: Format = "text";
  const clockValues: Record<string, string> = {};
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === "--") {
      paths.push(...args.slice(i + 1));
      break;
    }
    if (arg === "-h" || arg === "--help") return "help";
    if (arg === "--format" || arg.startsWith("--format=")) {
      const value = arg === "--format" ? args[++i] : arg.slice("--format=".length);
      if (value !== "text" && value !== "json")
        throw new UsageError(`--format must be text or json, not ${value ?? "nothing"}`);
      format = value;
      continue;
    }
    const clockOption = CLOCK_OPTIONS.find((o) => arg === `--${o}` || arg.startsWith(`--${o}=`));
    if (clockOption !== undefined) {
      const value = arg === `--${clockOption}` ? args[++i] : arg.slice(clockOption.length + 3);
      if (value === undefined) throw new UsageError(`--${clockOption} needs a value`);
      clockValues[clockOption] = value;
      continue;
    }
    if (arg.startsWith("-") && arg !== "-") {
      const known = ["--format", "--help", ...CLOCK_OPTIONS.map((o) => `--${o}`)];
      throw new UsageError(`unknown option ${arg}${didYouMean(arg.split("=")[0], known, "")}`);
    }
    paths.push(arg);
  }
  if (paths.length === 0) throw new UsageError("give at least one declaration file or directory");
  return { paths, format, clock: grantClock(clockValues) };
}

function renderText(violations: Violation[], errors: number, files: number): string {
  const warnings = violations.length - errors;
  const lines = violations.map(formatViolation);
  const fileCount = `${files} ${files === 1 ? "file" : "files"}`;
  if (violations.length === 0) lines.push(`ok: ${fileCount}, no violations`);
  else lines.push(`${count(errors, "error")}, ${count(warnings, "warning")} in ${fileCount}`);
  return `${lines.join("\n")}\n`;
}

function renderJson(violations: Violation[], errors: number): string {
  const entries = violations.map(({ rule, severity, file, line, column, path, message }) => ({
    rule,
    severity,
    file,
    line,
    column,
    path,
    message,
  }));
  return `${JSON.stringify({ valid: errors === 0, violations: entries }, null, 2)}\n`;
}

function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? "" : "s"}`;
}
