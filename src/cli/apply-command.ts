/**
 * `tracker-access apply <decl>... [--yes]`: plans, shows the plan, asks for confirmation on a terminal (or takes
 * --yes), applies, and prints the result of every operation. A refused plan never applies. Exit 1 when any
 * operation failed.
 */
import { applyPlan } from "../reconcile/apply.ts";
import type { ApplyResult, OperationResult } from "../reconcile/operations.ts";
import { plan as computePlan } from "../reconcile/plan.ts";
import { integerOption } from "./arguments.ts";
import { EXIT } from "./command.ts";
import { countResults, renderApplyText } from "./render/apply-text.ts";
import { renderPlanText } from "./render/plan-text.ts";
import type { CliIo, Terminal } from "./terminal.ts";
import {
  accountLabel,
  checkedDeclaration,
  openAccount,
  printViolations,
  runTrackerCommand,
} from "./tracker-session.ts";

/** The help of `apply`. */
export const APPLY_USAGE = `usage: tracker-access apply <file-or-dir>... [--yes] [--api URL] [--allow-removals N]

Plans like \`tracker-access plan\`, shows the plan, asks for confirmation, applies it and prints the result of
every operation. A refused plan is never applied.
  --yes               apply without asking (required when not on a terminal)
  --allow-removals N  let the plan remove N users even beyond the removal guard (N must match exactly)
The API URL comes from --api or TRACKER_ACCESS_API_URL; the key only from TRACKER_ACCESS_API_KEY.
Exit status: 0 applied (or nothing to do), 1 declaration errors, a refused plan, a declined confirmation or a
failed operation, 2 usage (including "not a terminal; pass --yes").`;

/** Plans with more operations than this show a progress line on a terminal's stderr. */
export const PROGRESS_THRESHOLD = 20;

/** Runs `apply` with its arguments; returns the exit code. */
export function runApply(args: string[], io: CliIo): Promise<number> {
  const spec = { values: ["api", "allow-removals"], flags: ["yes"], positional: "required" as const };
  return runTrackerCommand("apply", APPLY_USAGE, spec, args, io, async (parsed, t) => {
    // 1. Want and have.
    const checked = await checkedDeclaration(parsed.positional, t);
    const allowRemovals = integerOption(parsed, "allow-removals");
    const yes = parsed.flags.has("yes");
    if (!yes && !t.isTTY) {
      t.stderr.write("tracker-access apply: not a terminal; pass --yes\n");
      return EXIT.usage;
    }
    const { client, have } = await openAccount(parsed, t);

    // 2. The plan, shown; refused plans stop here.
    const planned = computePlan(checked.declaration, have, checked.profile, { allowRemovals });
    const account = accountLabel(checked.declaration, have);
    t.stdout.write(renderPlanText(planned, { tracker: checked.profile.tracker, account }));
    if (planned.refusals.length > 0) {
      printViolations(t, planned.refusals);
      t.stderr.write("tracker-access apply: the plan is refused; nothing was applied\n");
      return EXIT.failed;
    }
    if (planned.operations.length === 0) {
      t.stdout.write("Nothing to apply.\n");
      return EXIT.ok;
    }

    // 3. Confirmation.
    if (!yes) {
      const answer = await t.prompt(
        `\nApply ${planned.operations.length} operations to ${account}? Only "yes" applies: `,
      );
      if (answer.trim().toLowerCase() !== "yes") {
        t.stderr.write("tracker-access apply: not confirmed; nothing was applied\n");
        return EXIT.failed;
      }
    }

    // 4. Apply, with a progress line on long runs, then every operation's result.
    t.stdout.write("\n");
    const result = await withProgress(t, planned.operations.length, (onResult) =>
      applyPlan(planned, client, { have, onResult }),
    );
    t.stdout.write(renderApplyText(result));
    const counts = countResults(result);
    return counts.failed > 0 ? EXIT.failed : EXIT.ok;
  });
}

/** Runs `apply` while redrawing a progress line on stderr, when stderr is a terminal and the plan is long. */
async function withProgress(
  t: Terminal,
  total: number,
  run: (onResult?: (result: OperationResult) => void) => Promise<ApplyResult>,
): Promise<ApplyResult> {
  if (!t.stderrIsTTY || total <= PROGRESS_THRESHOLD) return run();
  const counts = { done: 0, failed: 0, skipped: 0 };
  let drawn = 0;
  const draw = () => {
    const ended = counts.done + counts.failed + counts.skipped;
    const width = 30;
    const filled = Math.round((ended / total) * width);
    t.stderr.write(
      `\r[${"#".repeat(filled)}${".".repeat(width - filled)}] ${ended}/${total} operations` +
        ` (${counts.done} done, ${counts.failed} failed, ${counts.skipped} skipped)`,
    );
    drawn = Date.now();
  };
  try {
    return await run((result) => {
      counts[result.status] += 1;
      if (Date.now() - drawn >= 100) draw();
    });
  } finally {
    t.stderr.write("\r\x1b[K");
  }
}
