/**
 * `tracker-access apply plan.json`: applies a saved plan (`plan --out`) exactly as it was reviewed, and nothing
 * else. Before anything is written it refuses: a file that is not a valid saved plan (schema, digest), another
 * plan than `--expect-digest` names, a plan older than `--max-age` (default 24h), a plan made for another tracker
 * URL or account, and, once the account's lease is held, a plan whose objects moved since it was made (an etag
 * that no longer matches: the object and what changed are named). Then it applies the plan's operations with the
 * executor `apply <decl>` uses.
 */
import { readFile, stat } from "node:fs/promises";
import { loadProfile } from "../policy/profile-loader.ts";
import { type LiveAccount, readLiveAccount, workspaceNames } from "../reconcile/live-account.ts";
import type { Plan } from "../reconcile/operations.ts";
import { movedObjects } from "../reconcile/plan-binding.ts";
import { apiRoot } from "../tracker/http-client.ts";
import type { TrackerClient } from "../tracker/tracker-client.ts";
import { resolveApiOptions } from "./api-options.ts";
import { applyUnderLease, confirmApply } from "./apply-command.ts";
import type { ParsedArguments } from "./arguments.ts";
import { EXIT, UsageError } from "./command.ts";
import { CommandExit, CommandFailure, openAccount, printViolations } from "./command-runner.ts";
import { formatAge, parseDuration } from "./duration.ts";
import { violationError } from "./json-error.ts";
import { OUTPUT_FORMATS, rendererFor } from "./output-formats.ts";
import { outputStyle, styled } from "./output-style.ts";
import { looksLikeSavedPlan, parseSavedPlan, type SavedPlan, shortDigest } from "./saved-plan.ts";
import type { Terminal } from "./terminal.ts";

/** The options only a saved plan takes. */
export const SAVED_PLAN_OPTIONS = ["max-age", "expect-digest"];

/** How old a saved plan may be by default. */
export const DEFAULT_MAX_AGE = "24h";

/** A saved plan's file and text, when the only argument is one (told by content); else undefined. */
export async function savedPlanArgument(parsed: ParsedArguments): Promise<{ file: string; text: string } | undefined> {
  const found = parsed.positional.length === 1 ? await savedPlanText(parsed.positional[0]) : undefined;
  if (found === undefined) {
    const given = SAVED_PLAN_OPTIONS.find((option) => parsed.values[option] !== undefined);
    if (given !== undefined)
      throw new UsageError(`--${given} applies to a saved plan (plan --out FILE), not a declaration`);
  }
  return found;
}

async function savedPlanText(file: string): Promise<{ file: string; text: string } | undefined> {
  const info = await stat(file).catch(() => undefined);
  // a declaration directory, or a file the declaration loader reports on
  if (info === undefined || !info.isFile() || info.size > 256 * 1024 * 1024) return undefined;
  const text = await readFile(file, "utf8").catch(() => undefined);
  return text !== undefined && looksLikeSavedPlan(text) ? { file, text } : undefined;
}

/** Applies the saved plan in `file`; returns the exit code. */
export async function applySavedPlan(
  { file, text }: { file: string; text: string },
  parsed: ParsedArguments,
  t: Terminal,
): Promise<number> {
  // 1. The file: a valid saved plan, the one expected, not too old, for this tracker.
  const saved = checkedSavedPlan(file, text, t);
  checkBinding(file, saved, parsed, t);
  const yes = parsed.flags.has("yes");
  if (!yes && !t.isTTY) {
    t.stderr.write("tracker-access apply: not a terminal; pass --yes\n");
    return EXIT.failed;
  }
  const profile = loadProfile(saved.profile);
  if (profile === undefined) throw new CommandFailure(`${file}: profile \`${saved.profile}\` is not in policies/`);

  // 2. The account the key reads must be the plan's.
  const { client, have } = await openAccount(parsed, t, profile);
  if (have.account.id !== saved.tracker.accountId) {
    throw new CommandFailure(
      `${file} was made for account "${saved.tracker.accountId}"; the key reads account "${have.account.id}"; ` +
        "nothing was written",
    );
  }
  if (have.actor.email !== saved.actor.email) {
    t.stderr.write(
      `tracker-access apply: note: ${file} was planned as ${saved.actor.email} (${saved.actor.role}); ` +
        `applying as ${have.actor.email} (${have.actor.role})\n`,
    );
  }

  // 3. The plan as reviewed, shown; nothing to do ends here, without taking the lease.
  const planned: Plan = { ...saved.plan, refusals: [] };
  const style = outputStyle(parsed, t);
  const context = { tracker: saved.profile, account: saved.tracker.account };
  t.stdout.write(rendererFor(OUTPUT_FORMATS.plan, "text")({ plan: planned, context }, style));
  t.stdout.write(`Plan digest: ${shortDigest(saved.digest)} (${file}, made ${saved.createdAt})\n`);
  if (planned.operations.length === 0) {
    t.stdout.write("Nothing to apply.\n");
    return EXIT.ok;
  }
  const declined = await confirmApply(t, yes, planned.operations.length, context.account);
  if (declined !== undefined) return declined;

  // 4. Under the lease: the account as it is now must be what the plan was computed from.
  return applyUnderLease(t, parsed, client, planned, () => unmovedAccount(file, saved, client, profile, t), {
    staleFails: true,
  });
}

/** The saved plan in `text`, or its violations printed and CommandExit(1). */
function checkedSavedPlan(file: string, text: string, t: Terminal): SavedPlan {
  const parsed = parseSavedPlan(file, text);
  if ("saved" in parsed) return parsed.saved;
  printViolations(t, parsed.violations);
  t.stderr.write(`${file} is not a saved plan tracker-access can apply; nothing was sent to the tracker\n`);
  throw new CommandExit(EXIT.failed, parsed.violations.map(violationError));
}

/** Refuses another plan than --expect-digest, one older than --max-age, and one made for another tracker URL. */
function checkBinding(file: string, saved: SavedPlan, parsed: ParsedArguments, t: Terminal): void {
  const expected = parsed.values["expect-digest"];
  if (expected !== undefined) {
    const wanted = expected
      .trim()
      .replace(/^sha256:/, "")
      .toLowerCase();
    const digest = saved.digest.replace(/^sha256:/, "");
    if (wanted.length < 12 || !digest.startsWith(wanted)) {
      throw new CommandFailure(
        `${file} is plan ${shortDigest(saved.digest)}, not ${expected} (--expect-digest); nothing was sent to the tracker`,
      );
    }
  }
  const maxAgeText = parsed.values["max-age"] ?? DEFAULT_MAX_AGE;
  const maxAge = parseDuration(maxAgeText, "max-age");
  const age = Date.now() - Date.parse(saved.createdAt);
  if (!(age <= maxAge)) {
    throw new CommandFailure(
      `${file} was made ${Number.isNaN(age) ? "at an unknown time" : `${formatAge(age)} ago`} ` +
        `(${saved.createdAt}), more than --max-age ${maxAgeText}; make the plan again. Nothing was sent to the tracker`,
    );
  }
  const url = apiRoot(resolveApiOptions(parsed.values["api-url"], t.env).baseUrl);
  if (url !== saved.tracker.url) {
    throw new CommandFailure(
      `${file} was made for the tracker at ${saved.tracker.url}, not ${url}; nothing was sent to the tracker`,
    );
  }
}

/** The account read again under the lease; refuses, naming each, when an object the plan touches moved. */
async function unmovedAccount(
  file: string,
  saved: SavedPlan,
  client: TrackerClient,
  profile: NonNullable<ReturnType<typeof loadProfile>>,
  t: Terminal,
): Promise<LiveAccount> {
  const have = await readLiveAccount(client);
  const moved = movedObjects(saved.objects, have, workspaceNames(have.workspaces, profile));
  if (moved.length === 0) return have;
  for (const line of moved) t.stderr.write(`tracker-access apply: ${file}: ${line}\n`);
  throw new CommandFailure(
    `the account moved under ${moved.length} ${moved.length === 1 ? "object" : "objects"} of ${file} since it was ` +
      `planned (${saved.createdAt}); nothing was written. Make the plan again and review it`,
  );
}
