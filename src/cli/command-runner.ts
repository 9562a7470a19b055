/**
 * The steps every tracker command shares, so each command file only says what is its own: parse the
 * arguments, check the declaration (violations as `file:line:col: message (rule)`, exit 1 on errors), connect
 * with the URL and key from api-options.ts, read the live account, and turn failures into one line and an exit
 * code: 1 for every error (usage, I/O, declaration errors, tracker failures). Never prints the key.
 */
import type { Guardrails } from "../declaration/guardrails-model.ts";
import { DeclarationIoError } from "../declaration/load.ts";
import type { Declaration } from "../declaration/model.ts";
import type { SourceLocator } from "../declaration/source-map.ts";
import type { GrantClock } from "../policy/check-grants.ts";
import { checkDeclarationWithGuardrails } from "../policy/guardrails-check.ts";
import type { Profile } from "../policy/profile.ts";
import { type LiveAccount, readLiveAccount } from "../reconcile/live-account.ts";
import { redact, TrackerError } from "../tracker/errors.ts";
import { createTrackerClient } from "../tracker/http-client.ts";
import type { TrackerClient } from "../tracker/tracker-client.ts";
import { apiKeyLengthFault } from "../tracker/transport.ts";
import { isGuardrailRule } from "../violations/guardrail-violation.ts";
import { formatViolation, type Violation } from "../violations/violation.ts";
import { ApiKeyRefusedError, resolveApiOptions } from "./api-options.ts";
import { type ArgumentSpec, type ParsedArguments, parseArguments } from "./arguments.ts";
import { EXIT, UsageError } from "./command.ts";
import { type JsonError, violationError, wantsJson, writeJsonError } from "./json-error.ts";
import { outputStyle } from "./output-style.ts";
import { requestLog } from "./request-log.ts";
import { requestRate } from "./request-rate.ts";
import { type CliIo, type Terminal, terminalOf } from "./terminal.ts";

/**
 * A command's failure that has already been reported on stderr: carries the exit code and, for `--format json`,
 * what stdout says of it.
 */
export class CommandExit extends Error {
  readonly code: number;
  /** The errors for `{"error": ...}` on stdout under `--format json`; the first is `error`. */
  readonly json?: JsonError[];

  constructor(code: number, json?: JsonError[]) {
    super(`exit ${code}`);
    this.name = "CommandExit";
    this.code = code;
    if (json !== undefined) this.json = json;
  }
}

/** A failure a command reports in one line (`tracker-access <command>: <message>`), exit 1; JSON too when asked. */
export class CommandFailure extends Error {
  constructor(message: string) {
    super(message);
    this.name = "CommandFailure";
  }
}

/** A declaration that passed validation (warnings allowed). */
export interface CheckedDeclaration {
  declaration: Declaration;
  profile: Profile;
  /** Positions of JSON pointers in the declaration's files. */
  locate?: SourceLocator;
  /** The guardrails of `--guardrails FILE`, when given. */
  guardrails?: Guardrails;
  /** The declaration's broken error guardrails: not printed here, they refuse the plan (reconcile/guardrails.ts). */
  guardrailRefusals: Violation[];
}

/** A connection to the tracker and what it holds now. */
export interface OpenAccount {
  client: TrackerClient;
  have: LiveAccount;
  /** The API URL connected to. */
  url: string;
}

/** A command body: gets parsed arguments and the resolved terminal, returns an exit code. */
export type CommandBody = (args: ParsedArguments, t: Terminal) => Promise<number>;

/**
 * Runs `body` as command `name`: prints `usage` for --help, reports usage errors, unreadable paths and tracker
 * failures in one line each, exit 1, with the key redacted from anything printed.
 */
export async function runTrackerCommand(
  name: string,
  usage: string,
  spec: ArgumentSpec,
  args: string[],
  io: CliIo,
  body: CommandBody,
): Promise<number> {
  const t = terminalOf(io);
  // A key too short to be one is refused before it is sent (api-options.ts), so nothing can echo it; redacting
  // it would only mangle the message saying so.
  const secret = (t.env.TRACKER_ACCESS_API_KEY ?? "").trim();
  const secrets = apiKeyLengthFault(secret) === undefined ? [secret] : [];
  const json = wantsJson(args);
  const fail = (message: string, code: number, extra: Omit<JsonError, "message"> = {}) => {
    const clean = redact(message, secrets);
    t.stderr.write(`tracker-access ${name}: ${clean}\n`);
    if (json) writeJsonError(t.stdout, { message: clean, ...extra });
    return code;
  };
  try {
    const parsed = parseArguments(args, spec);
    if (parsed === "help") {
      t.stdout.write(`${usage}\n`);
      return EXIT.ok;
    }
    return await body(parsed, t);
  } catch (error) {
    if (error instanceof CommandExit) {
      if (json && error.json !== undefined && error.json.length > 0) {
        writeJsonError(t.stdout, redact(error.json[0], secrets), redact(error.json, secrets));
      }
      return error.code;
    }
    // Every error exits 1: 2 is plan's "changes" and drift's "drift" (command.ts).
    if (error instanceof UsageError) return fail(`${error.message} (see --help)`, EXIT.failed);
    if (error instanceof CommandFailure) return fail(error.message, EXIT.failed);
    if (error instanceof DeclarationIoError) return fail(error.message, EXIT.failed, { file: error.path });
    if (error instanceof ApiKeyRefusedError) return fail(error.message, EXIT.failed);
    if (error instanceof TrackerError) return fail(`the tracker refused or failed: ${error.message}`, EXIT.failed);
    throw error;
  }
}

/** Prints violations as `file:line:col: message (rule)` on stderr. */
export function printViolations(t: Terminal, violations: Violation[]): void {
  for (const v of violations) t.stderr.write(`${formatViolation(v)}\n`);
}

/**
 * Loads and validates the declaration (time-bound grants judged at `clock`), and checks it against the guardrails of `guardrailsFile` when given;
 * prints its violations; throws CommandExit(1) when it has errors. A broken error guardrail is not such an error:
 * it comes back in `guardrailRefusals`, to refuse the plan as the planner's own refusals do.
 */
export async function checkedDeclaration(
  paths: string[],
  t: Terminal,
  guardrailsFile?: string,
  clock?: GrantClock,
): Promise<CheckedDeclaration> {
  const checked = await checkDeclarationWithGuardrails(paths, guardrailsFile, clock);
  const { declaration, profile, locate, guardrails } = checked;
  const refusal = (v: Violation) => v.severity === "error" && isGuardrailRule(v.rule);
  const guardrailRefusals = checked.violations.filter(refusal);
  const violations = checked.violations.filter((v) => !refusal(v));
  printViolations(t, violations);
  const errors = violations.filter((v) => v.severity === "error");
  if (errors.length > 0 || declaration === undefined || profile === undefined) {
    const summary = `${errors.length} ${errors.length === 1 ? "error" : "errors"} in the declaration; nothing was sent to the tracker`;
    t.stderr.write(`${summary}\n`);
    throw new CommandExit(EXIT.failed, errors.length > 0 ? errors.map(violationError) : [{ message: summary }]);
  }
  return { declaration, profile, locate, guardrailRefusals, ...(guardrails !== undefined ? { guardrails } : {}) };
}

/**
 * Connects with the URL from `--api-url` or the environment and the key from the environment; reads the account.
 * The client paces itself to `--max-rps`, else to the rate of `profile` (request-rate.ts).
 */
export async function openAccount(args: ParsedArguments, t: Terminal, profile?: Profile): Promise<OpenAccount> {
  const options = resolveApiOptions(args.values["api-url"], t.env);
  // Every repeat is told on stderr (a wrong URL never waits silently); --verbose adds a line per request.
  const style = outputStyle(args, t);
  const log = requestLog(t.stderr, [options.apiKey], style);
  const requestsPerSecond = requestRate(args, profile);
  const client = createTrackerClient({ baseUrl: options.baseUrl, apiKey: options.apiKey, requestsPerSecond, ...log });
  const have = await readLiveAccount(client);
  return { client, have, url: options.baseUrl };
}

/** The label reports use for the account: the declaration's `account:`, else the live account's name. */
export function accountLabel(declaration: Declaration | undefined, have: LiveAccount | undefined): string {
  return declaration?.account || have?.account.name || have?.account.id || "account";
}
