/**
 * The argument parser the tracker commands share: positional declaration paths, `--name value` or
 * `--name=value` options, boolean flags, `--` and `--help`. Unknown options and a key passed as an argument are
 * usage errors (exit 1; `validate`, which has its own parser, exits 2). `--api` is an alias of `--api-url`.
 */
import { didYouMean } from "../policy/nearest-name.ts";
import { rejectKeyArguments } from "./api-options.ts";
import { CLOCK_OPTIONS } from "./clock-options.ts";
import { UsageError } from "./command.ts";

/**
 * Other spellings of an option, accepted wherever the option is: `--api` was the code's name for what the README
 * called `--api-url`; `--api-url` is the documented one.
 */
export const OPTION_ALIASES: Record<string, string> = { api: "api-url" };

/** Flags every tracker command accepts: colour off, only the summary and errors, one line per HTTP request. */
export const COMMON_FLAGS = ["no-color", "quiet", "verbose"];

/** One-letter spellings of common flags. */
const SHORT_FLAGS: Record<string, string> = { "-q": "quiet", "-v": "verbose" };

/** What a command accepts. */
export interface ArgumentSpec {
  /** Options that take a value, without dashes: `api-url`, `format`, `out`. */
  values: string[];
  /** Options without a value: `yes`, `detailed-exitcode`. */
  flags: string[];
  /** Allowed values of options with a fixed choice: `{ format: ["text", "json"] }`. */
  choices?: Record<string, string[]>;
  /** Whether positional arguments (declaration paths) are accepted; required when true. */
  positional: "required" | "none";
}

/** Parsed arguments. */
export interface ParsedArguments {
  positional: string[];
  values: Record<string, string>;
  flags: Set<string>;
}

/** Parses `args` per `spec`; returns "help" for -h/--help. Throws UsageError on anything else it does not know. */
export function parseArguments(args: string[], given: ArgumentSpec): ParsedArguments | "help" {
  rejectKeyArguments(args);
  // Every command takes the clock options (clock-options.ts).
  const spec = { ...given, values: [...given.values, ...CLOCK_OPTIONS.filter((o) => !given.values.includes(o))] };
  const parsed: ParsedArguments = { positional: [], values: {}, flags: new Set() };
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === "--") {
      parsed.positional.push(...args.slice(i + 1));
      break;
    }
    if (arg === "-h" || arg === "--help") return "help";
    if (Object.hasOwn(SHORT_FLAGS, arg)) {
      parsed.flags.add(SHORT_FLAGS[arg]);
      continue;
    }
    if (!arg.startsWith("--") || arg === "-") {
      if (arg.startsWith("-") && arg !== "-") {
        const known = [...spec.values, ...spec.flags, ...COMMON_FLAGS, "help"].map((option) => `--${option}`);
        throw new UsageError(`unknown option ${arg}${didYouMean(`-${arg}`, known, "")}`);
      }
      parsed.positional.push(arg);
      continue;
    }
    const eq = arg.indexOf("=");
    const typed = arg.slice(2, eq === -1 ? undefined : eq);
    const alias = Object.hasOwn(OPTION_ALIASES, typed) ? OPTION_ALIASES[typed] : undefined;
    const name = alias !== undefined && spec.values.includes(alias) ? alias : typed;
    if (spec.flags.includes(name) || COMMON_FLAGS.includes(name)) {
      if (eq !== -1) throw new UsageError(`--${name} takes no value`);
      parsed.flags.add(name);
      continue;
    }
    if (!spec.values.includes(name)) {
      const known = [...spec.values, ...spec.flags, ...COMMON_FLAGS, "help"].map((option) => `--${option}`);
      throw new UsageError(`unknown option --${typed}${didYouMean(`--${typed}`, known, "")}`);
    }
    const value = eq === -1 ? args[++i] : arg.slice(eq + 1);
    if (value === undefined || (eq === -1 && value.startsWith("--"))) throw new UsageError(`--${typed} needs a value`);
    const choices = spec.choices?.[name];
    if (choices && !choices.includes(value)) throw new UsageError(unknownChoice(name, choices, value));
    parsed.values[name] = value;
  }
  if (spec.positional === "required" && parsed.positional.length === 0) {
    throw new UsageError("give at least one declaration file or directory");
  }
  if (spec.positional === "none" && parsed.positional.length > 0) {
    throw new UsageError(`unexpected argument ${parsed.positional[0]}`);
  }
  return parsed;
}

/** The message for a value outside an option's choices: `--format must be text, markdown, json, not xml`. */
export function unknownChoice(name: string, choices: readonly string[], value: string): string {
  return `--${name} must be ${choices.join(", ")}, not ${value}`;
}

/** A non-negative integer option, or undefined when absent. */
export function integerOption(parsed: ParsedArguments, name: string): number | undefined {
  const value = parsed.values[name];
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value)) throw new UsageError(`--${name} must be a whole number, not ${value}`);
  return Number(value);
}
