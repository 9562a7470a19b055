/**
 * `tracker-access validate <file-or-dir>... [--format text|json] [--guardrails FILE]`: checks declarations
 * against their tracker's profile, and against a team's guardrails when given, without contacting the tracker.
 *
 * text: one `file:line:col: message (rule)` line per violation, sorted by position, then a summary line.
 * json: `{"valid": bool, "violations": [{rule, severity, file, line, column, path, message}]}`.
 * Exit 0 without errors (warnings allowed), 1 with errors, 2 on usage or I/O problems.
 */
import { DeclarationIoError } from "../declaration/load.ts";
import type { GrantClock } from "../policy/check-grants.ts";
import { checkDeclarationWithGuardrails } from "../policy/guardrails-check.ts";
import { didYouMean } from "../policy/nearest-name.ts";
import { CLOCK_OPTIONS, CLOCK_OPTIONS_HELP, grantClock } from "./clock-options.ts";
import { type CommandIo, EXIT, UsageError } from "./command.ts";
import { wantsJson, writeJsonError } from "./json-error.ts";
import { formatNames, OUTPUT_FORMATS, rendererFor, unknownFormat } from "./output-formats.ts";
import { errorCount } from "./render/validate-report.ts";

/** The one-paragraph help of `validate`. */
export const VALIDATE_USAGE = `usage: tracker-access validate <file-or-dir>... [--format text|json] [--guardrails FILE]

Checks declaration files (or directories of *.yaml files, read as one declaration) against the
tracker's permission rules in policies/, and with --guardrails against the team's own rules in FILE
(schemas/guardrails.schema.json): a broken rule is guardrail/<id> at the user's entry. Exit status:
0 no errors (warnings allowed), 1 errors, 2 usage or I/O problem.
${CLOCK_OPTIONS_HELP}`;

/** Runs `validate` with its arguments; returns the exit code. */
export async function runValidate(args: string[], io: CommandIo): Promise<number> {
  let options: ValidateOptions | "help";
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

  let result: Awaited<ReturnType<typeof checkDeclarationWithGuardrails>>;
  try {
    result = await checkDeclarationWithGuardrails(options.paths, options.guardrails, options.clock);
  } catch (error) {
    if (!(error instanceof DeclarationIoError)) throw error;
    io.stderr.write(`tracker-access validate: ${error.message}\n`);
    if (options.format === "json") writeJsonError(io.stdout, { message: error.message, file: error.path });
    return EXIT.usage;
  }
  const { violations, files } = result;
  io.stdout.write(rendererFor(OUTPUT_FORMATS.validate, options.format)({ violations, files: files.length }));
  return errorCount(violations) > 0 ? EXIT.failed : EXIT.ok;
}

interface ValidateOptions {
  paths: string[];
  format: string;
  guardrails?: string;
  clock: GrantClock;
}

function parseArguments(args: string[]): ValidateOptions | "help" {
  const paths: string[] = [];
  let format = OUTPUT_FORMATS.validate.default;
  let guardrails: string | undefined;
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
      if (value === undefined || !formatNames(OUTPUT_FORMATS.validate).includes(value)) {
        throw unknownFormat(OUTPUT_FORMATS.validate, value);
      }
      format = value;
      continue;
    }
    if (arg === "--guardrails" || arg.startsWith("--guardrails=")) {
      const value = arg === "--guardrails" ? args[++i] : arg.slice("--guardrails=".length);
      if (value === undefined || value === "" || (arg === "--guardrails" && value.startsWith("--")))
        throw new UsageError("--guardrails needs a file");
      guardrails = value;
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
      const known = ["--format", "--guardrails", "--help", ...CLOCK_OPTIONS.map((o) => `--${o}`)];
      throw new UsageError(`unknown option ${arg}${didYouMean(arg.split("=")[0], known, "")}`);
    }
    paths.push(arg);
  }
  if (paths.length === 0) throw new UsageError("give at least one declaration file or directory");
  const clock = grantClock(clockValues);
  return guardrails === undefined ? { paths, format, clock } : { paths, format, guardrails, clock };
}
