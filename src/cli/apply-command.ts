/**
 * `tracker-access apply <decl>... [--yes]`: plans, shows the plan, asks for confirmation on a terminal (or takes
 * --yes), applies, and prints the result of every operation. A refused plan never applies. Exit 1 when any
 * operation failed; 130 when Ctrl-C or SIGTERM cancelled it (at the prompt, or during the apply after the
 * operations in flight finished).
 */
import { applyPlan } from "../reconcile/apply.ts";
import { withGuardrailRefusals } from "../reconcile/guardrails.ts";
import type { LiveAccount } from "../reconcile/live-account.ts";
import type { ApplyResult, OperationResult, Plan } from "../reconcile/operations.ts";
import { plan as computePlan } from "../reconcile/plan.ts";
import type { TrackerClient } from "../tracker/tracker-client.ts";
import { LOCK_OPTIONS, lockAccount, lockTimeoutMs, unlockAccount } from "./account-lock.ts";
import { applyReporter } from "./apply-report.ts";
import { applySavedPlan, SAVED_PLAN_OPTIONS, savedPlanArgument } from "./apply-saved-plan.ts";
import { integerOption, type ParsedArguments } from "./arguments.ts";
import { CLOCK_OPTIONS_HELP, grantClock } from "./clock-options.ts";
import { EXIT } from "./command.ts";
import { accountLabel, checkedDeclaration, openAccount, printViolations, runTrackerCommand } from "./command-runner.ts";
import { OUTPUT_FORMATS, rendererFor } from "./output-formats.ts";
import { outputStyle } from "./output-style.ts";
import { countResults } from "./render/apply-text.ts";
import { type CliIo, type Interrupt, PromptCancelled, type Terminal } from "./terminal.ts";

/** The help of `apply`. */
export const APPLY_USAGE = `usage: tracker-access apply <file-or-dir>... [--yes] [--api-url URL] [--allow-removals N] [--guardrails FILE]
                           [-q|-v] [--no-color] [--lock-timeout D] [--expect-digest D] [--max-age D]

Plans like \`tracker-access plan\`, shows the plan, asks for confirmation, applies it and prints the result of
every operation. A refused plan is never applied. Given a saved plan (\`plan --out FILE\`, told by its content)
as the only argument, applies exactly its operations, and refuses, writing nothing, when an object they touch
changed since the plan (named, with what changed), when it was made for another tracker URL or account, or
when it is too old. While writing, apply holds the account's lease: one writer at a time (\`unlock\`).
  --yes               apply without asking (required when not on a terminal)
  --allow-removals N  let the plan remove N users even beyond the removal guard (N must match exactly)
  --guardrails FILE   the team's own rules (schemas/guardrails.schema.json); a broken error rule refuses the plan,
                      a warning is printed
  --lock-timeout D    wait up to D (30s, 5m, ...) for another run's lease; default 0: fail at once naming it
  --expect-digest D   a saved plan only: refuse unless it is the plan with this digest (its first 12 digits do)
  --max-age D         a saved plan only: refuse one made more than D ago (30m, 24h, 7d; default 24h)
  --api-url URL       the tracker API (--api is accepted too); else TRACKER_ACCESS_API_URL
  --max-rps N         requests per second at most; default the tracker's documented rate (policies/)
  -q, --quiet         only the summary and errors
  -v, --verbose       one line per HTTP request on stderr: method, path, status, ms, retries
  --no-color          no colour (NO_COLOR too); colour is used only on a terminal
${CLOCK_OPTIONS_HELP}
The key is read only from TRACKER_ACCESS_API_KEY.
Ctrl-C or end of input (Ctrl-D) at the prompt cancels; nothing is applied. Ctrl-C or SIGTERM during the apply
starts no further operation, waits for those in flight, prints every result so far and exits 130: re-run to
finish. A second Ctrl-C exits at once.
Exit status: 0 applied (or nothing to do), 1 any error: usage (including "not a terminal; pass --yes"), an
unreadable file, declaration errors, no key, the tracker unreachable or failing, a refused plan (a broken error
guardrail too), a declined confirmation (or end of input at the prompt), a failed operation, the lease held by
another run (after --lock-timeout), a refused saved plan (invalid, another digest, too old, another tracker or
account, objects changed since the plan); 130 cancelled by Ctrl-C or SIGTERM.`;

/** Plans with more operations than this show progress (apply-report.ts). */
export { PROGRESS_THRESHOLD } from "./apply-report.ts";

/** Runs `apply` with its arguments; returns the exit code. */
export function runApply(args: string[], io: CliIo): Promise<number> {
  const spec = {
    values: ["api-url", "allow-removals", "guardrails", "max-rps", ...LOCK_OPTIONS, ...SAVED_PLAN_OPTIONS],
    flags: ["yes"],
    positional: "required" as const,
  };
  return runTrackerCommand("apply", APPLY_USAGE, spec, args, io, async (parsed, t) => {
    lockTimeoutMs(parsed); // a mistyped --lock-timeout is a usage error before anything is read
    // A saved plan (`plan --out`), told by its content, applies as it was reviewed (apply-saved-plan.ts).
    const savedPlan = await savedPlanArgument(parsed);
    if (savedPlan !== undefined) return applySavedPlan(savedPlan, parsed, t);
    // 1. Want and have.
    const clock = grantClock(parsed.values);
    const checked = await checkedDeclaration(parsed.positional, t, parsed.values.guardrails, clock);
    const allowRemovals = integerOption(parsed, "allow-removals");
    const yes = parsed.flags.has("yes");
    if (!yes && !t.isTTY) {
      t.stderr.write("tracker-access apply: not a terminal; pass --yes\n");
      return EXIT.failed;
    }
    const { client, have } = await openAccount(parsed, t, checked.profile);

    // 2. The plan, shown; refused plans stop here.
    const planned = withGuardrailRefusals(
      computePlan(checked.declaration, have, checked.profile, { allowRemovals, now: clock.now }),
      checked.guardrailRefusals,
    );
    const account = accountLabel(checked.declaration, have);
    const style = outputStyle(parsed, t);
    const showPlan = rendererFor(OUTPUT_FORMATS.plan, "text");
    t.stdout.write(showPlan({ plan: planned, context: { tracker: checked.profile.tracker, account } }, style));
    if (planned.refusals.length > 0) {
      printViolations(t, planned.refusals);
      t.stderr.write("tracker-access apply: the plan is refused; nothing was applied\n");
      return EXIT.failed;
    }
    if (planned.operations.length === 0) {
      t.stdout.write("Nothing to apply.\n");
      return EXIT.ok;
    }

    // 3. Confirmation: Ctrl-C cancels (130), the end of input (Ctrl-D) declines (1).
    const declined = await confirmApply(t, yes, planned.operations.length, account);
    if (declined !== undefined) return declined;

    // 4. One writer at a time: the account's lease, then the apply.
    return applyUnderLease(t, parsed, client, planned, async () => have);
  });
}

/** Asks for confirmation unless `yes`; the exit code when it was not given, undefined when it was. */
export async function confirmApply(
  t: Terminal,
  yes: boolean,
  operations: number,
  account: string,
): Promise<number | undefined> {
  if (yes) return undefined;
  let answer: string;
  try {
    answer = await t.prompt(`\nApply ${operations} operations to ${account}? Only "yes" applies: `);
  } catch (error) {
    if (!(error instanceof PromptCancelled)) throw error;
    t.stderr.write("\ntracker-access apply: cancelled; nothing was applied\n");
    return error.reason === "interrupt" ? EXIT.interrupted : EXIT.failed;
  }
  if (answer.trim().toLowerCase() !== "yes") {
    t.stderr.write("tracker-access apply: not confirmed; nothing was applied\n");
    return EXIT.failed;
  }
  return undefined;
}

/**
 * Takes the account's lease (waiting up to --lock-timeout), gets the account to apply against from `account`
 * (which may refuse, writing nothing), applies `planned`, and releases the lease.
 */
export async function applyUnderLease(
  t: Terminal,
  parsed: ParsedArguments,
  client: TrackerClient,
  planned: Plan,
  account: () => Promise<LiveAccount>,
  options: { staleFails?: boolean } = {},
): Promise<number> {
  const lease = await lockAccount("apply", client, parsed, t);
  try {
    return await applyPlanned(t, parsed, client, planned, await account(), options.staleFails ?? false);
  } finally {
    await unlockAccount("apply", lease, t);
  }
}

async function applyPlanned(
  t: Terminal,
  parsed: ParsedArguments,
  client: TrackerClient,
  planned: Plan,
  have: LiveAccount,
  staleFails: boolean,
): Promise<number> {
  const style = outputStyle(parsed, t);
  // Apply, reporting as it goes (apply-report.ts); an interruption stops starting operations and lets those
  // in flight finish.
  if (!style.quiet) t.stdout.write("\n");
  const interruption = interruptible(t);
  const reporter = applyReporter(t, style, planned.operations.length);
  let result: ApplyResult;
  try {
    result = await applyPlan(planned, client, {
      have,
      staleFails,
      signal: interruption.signal,
      onResult: (r) => {
        interruption.onResult(r);
        reporter.onResult(r, !interruption.notStarted.has(r.operation.id));
      },
    });
  } finally {
    interruption.stop();
  }
  const ended = result.results.filter((r) => !interruption.notStarted.has(r.operation.id));
  reporter.finish(result, ended);
  if (interruption.by() !== undefined) {
    t.stdout.write(
      `Interrupted: ${interruption.notStarted.size} of ${planned.operations.length} operations not started. ` +
        "Re-run `tracker-access apply` to finish (every operation is idempotent).\n",
    );
    return EXIT.interrupted;
  }
  const counts = countResults(result);
  return counts.failed > 0 ? EXIT.failed : EXIT.ok;
}

/** The state of an apply that Ctrl-C or SIGTERM may interrupt. */
interface Interruption {
  /** Aborted by the first interrupt: the executor starts no further operation. */
  signal: AbortSignal;
  /** The interrupt that stopped the apply, if one did. */
  by(): Interrupt | undefined;
  /** Operations skipped after the interrupt: never started, so not results. */
  notStarted: Set<string>;
  onResult(result: OperationResult): void;
  /** Stops listening (the default handlers apply again). */
  stop(): void;
}

/**
 * Listens for interrupts while an apply runs: the first Ctrl-C or SIGTERM stops starting operations and lets
 * those in flight finish; a second one exits at once (130).
 */
function interruptible(t: Terminal): Interruption {
  const controller = new AbortController();
  const notStarted = new Set<string>();
  let by: Interrupt | undefined;
  const name = (signal: Interrupt) => (signal === "SIGINT" ? "Ctrl-C" : "SIGTERM");
  const stop = t.onInterrupt((signal) => {
    if (by !== undefined) {
      t.stderr.write(
        `\ntracker-access apply: ${name(signal)} again; exiting at once. Operations in flight may or may not ` +
          "have been applied; re-run `tracker-access apply` to finish\n",
      );
      t.exitNow(EXIT.interrupted);
      return;
    }
    by = signal;
    controller.abort();
    t.stderr.write(
      `\ntracker-access apply: ${name(signal)}: starting no further operation; waiting for those in flight ` +
        "(Ctrl-C again exits at once)\n",
    );
  });
  return {
    signal: controller.signal,
    by: () => by,
    notStarted,
    onResult(result) {
      if (by !== undefined && result.status === "skipped") notStarted.add(result.operation.id);
    },
    stop,
  };
}
