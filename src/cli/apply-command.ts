/**
 * `tracker-access apply <decl>... [--yes]`: plans, shows the plan, asks for confirmation on a terminal (or takes
 * --yes), applies, and prints the result of every operation. A refused plan never applies. Exit 1 when any
 * operation failed; 130 when Ctrl-C or SIGTERM cancelled it (at the prompt, or during the apply after the
 * operations in flight finished).
 */
import { applyPlan } from "../reconcile/apply.ts";
import type { ApplyResult, OperationResult } from "../reconcile/operations.ts";
import { plan as computePlan } from "../reconcile/plan.ts";
import { applyReporter } from "./apply-report.ts";
import { integerOption } from "./arguments.ts";
import { CLOCK_OPTIONS_HELP, grantClock } from "./clock-options.ts";
import { EXIT } from "./command.ts";
import { accountLabel, checkedDeclaration, openAccount, printViolations, runTrackerCommand } from "./command-runner.ts";
import { outputStyle, styled } from "./output-style.ts";
import { planSummaryLine } from "./plan-command.ts";
import { countResults } from "./render/apply-text.ts";
import { renderPlanText } from "./render/plan-text.ts";
import { type CliIo, type Interrupt, PromptCancelled, type Terminal } from "./terminal.ts";

/** The help of `apply`. */
export const APPLY_USAGE = `usage: tracker-access apply <file-or-dir>... [--yes] [--api-url URL] [--allow-removals N] [-q|-v] [--no-color]

Plans like \`tracker-access plan\`, shows the plan, asks for confirmation, applies it and prints the result of
every operation. A refused plan is never applied.
  --yes               apply without asking (required when not on a terminal)
  --allow-removals N  let the plan remove N users even beyond the removal guard (N must match exactly)
  --api-url URL       the tracker API (--api is accepted too); else TRACKER_ACCESS_API_URL
  -q, --quiet         only the summary and errors
  -v, --verbose       one line per HTTP request on stderr: method, path, status, ms, retries
  --no-color          no colour (NO_COLOR too); colour is used only on a terminal
${CLOCK_OPTIONS_HELP}
The key is read only from TRACKER_ACCESS_API_KEY.
Ctrl-C or end of input (Ctrl-D) at the prompt cancels; nothing is applied. Ctrl-C or SIGTERM during the apply
starts no further operation, waits for those in flight, prints every result so far and exits 130: re-run to
finish. A second Ctrl-C exits at once.
Exit status: 0 applied (or nothing to do), 1 any error: usage (including "not a terminal; pass --yes"), an
unreadable file, declaration errors, no key, the tracker unreachable or failing, a refused plan, a declined
confirmation (or end of input at the prompt), a failed operation; 130 cancelled by Ctrl-C or SIGTERM.`;

/** Plans with more operations than this show progress (apply-report.ts). */
export { PROGRESS_THRESHOLD } from "./apply-report.ts";

/** Runs `apply` with its arguments; returns the exit code. */
export function runApply(args: string[], io: CliIo): Promise<number> {
  const spec = { values: ["api-url", "allow-removals"], flags: ["yes"], positional: "required" as const };
  return runTrackerCommand("apply", APPLY_USAGE, spec, args, io, async (parsed, t) => {
    // 1. Want and have.
    const clock = grantClock(parsed.values);
    const checked = await checkedDeclaration(parsed.positional, t, clock);
    const allowRemovals = integerOption(parsed, "allow-removals");
    const yes = parsed.flags.has("yes");
    if (!yes && !t.isTTY) {
      t.stderr.write("tracker-access apply: not a terminal; pass --yes\n");
      return EXIT.failed;
    }
    const { client, have } = await openAccount(parsed, t);

    // 2. The plan, shown; refused plans stop here.
    const planned = computePlan(checked.declaration, have, checked.profile, { allowRemovals, now: clock.now });
    const account = accountLabel(checked.declaration, have);
    const style = outputStyle(parsed, t);
    if (style.quiet) t.stdout.write(`${planSummaryLine(planned)}\n`);
    else t.stdout.write(styled(style, renderPlanText(planned, { tracker: checked.profile.tracker, account })));
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
    if (!yes) {
      let answer: string;
      try {
        answer = await t.prompt(`\nApply ${planned.operations.length} operations to ${account}? Only "yes" applies: `);
      } catch (error) {
        if (!(error instanceof PromptCancelled)) throw error;
        t.stderr.write("\ntracker-access apply: cancelled; nothing was applied\n");
        return error.reason === "interrupt" ? EXIT.interrupted : EXIT.failed;
      }
      if (answer.trim().toLowerCase() !== "yes") {
        t.stderr.write("tracker-access apply: not confirmed; nothing was applied\n");
        return EXIT.failed;
      }
    }

    // 4. Apply, reporting as it goes (apply-report.ts); an interruption stops starting operations and lets those
    // in flight finish.
    if (!style.quiet) t.stdout.write("\n");
    const interruption = interruptible(t);
    const reporter = applyReporter(t, style, planned.operations.length);
    let result: ApplyResult;
    try {
      result = await applyPlan(planned, client, {
        have,
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
  });
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
