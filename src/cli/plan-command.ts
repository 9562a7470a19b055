/**
 * `tracker-access plan <decl>... [--format text|markdown|json] [--detailed-exitcode]`: reads the account, plans
 * the changes that make it match the declaration, and renders them. Sends no write request.
 */
import type { Plan } from "../reconcile/operations.ts";
import { plan as computePlan } from "../reconcile/plan.ts";
import { integerOption } from "./arguments.ts";
import { CLOCK_OPTIONS_HELP, grantClock } from "./clock-options.ts";
import { type CommandIo, EXIT, UsageError } from "./command.ts";
import {
  accountLabel,
  CommandFailure,
  checkedDeclaration,
  openAccount,
  printViolations,
  runTrackerCommand,
} from "./command-runner.ts";
import { writeCommentParts } from "./comment-parts.ts";
import { type OutputStyle, outputStyle, styled } from "./output-style.ts";
import { type ReportContext, summarizePlan, summaryInWords } from "./render/describe-change.ts";
import { renderPlanJson } from "./render/plan-json.ts";
import { renderPlanMarkdown } from "./render/plan-markdown.ts";
import { NO_CHANGES, NO_CHANGES_REFUSED, renderPlanText } from "./render/plan-text.ts";
import type { CliIo } from "./terminal.ts";

/** The help of `plan`. */
export const PLAN_USAGE = `usage: tracker-access plan <file-or-dir>... [--format text|markdown|json] [--detailed-exitcode]
                          [--api-url URL] [--allow-removals N] [--out-dir DIR] [-q|-v] [--no-color]

Shows what apply would change in the tracker account, grouped by workspace, user and element: what changes,
from what to what, and why. Sends no write request.
  --format markdown   pull-request comments; a long plan is split into parts below 65,000 characters, each
                      starting with "<!-- tracker-access plan part i/n -->"
  --format json       the operations and a summary, for machines
  --out-dir DIR       with --format markdown: write each part to DIR/plan-part-<i>.md instead of stdout
  --detailed-exitcode exit 0 when there is nothing to change, 2 when there are changes
  --allow-removals N  let the plan remove N users even beyond the removal guard (N must match exactly)
  --api-url URL       the tracker API (--api is accepted too); else TRACKER_ACCESS_API_URL
  -q, --quiet         only the summary and errors
  -v, --verbose       one line per HTTP request on stderr: method, path, status, ms, retries
  --no-color          no colour (NO_COLOR too); colour is used only on a terminal
${CLOCK_OPTIONS_HELP}
The key is read only from TRACKER_ACCESS_API_KEY.
Exit status: 0 ok (no changes, or changes without --detailed-exitcode), 2 changes (only with
--detailed-exitcode), 1 any error: usage, an unreadable file, declaration errors, no key, the tracker unreachable
or failing, a refused plan.`;

/**
 * Prints a plan in `format`: text and json as one document, markdown as its comment parts. Text is coloured
 * when the style says so, and only its summary line with `--quiet`.
 */
export function writePlan(
  io: CommandIo,
  plan: Plan,
  context: ReportContext,
  format: string,
  style?: OutputStyle,
): void {
  if (format === "json") io.stdout.write(renderPlanJson(plan, context));
  else if (format === "markdown") io.stdout.write(renderPlanMarkdown(plan, context).join("\n"));
  else if (style?.quiet) io.stdout.write(`${planSummaryLine(plan)}\n`);
  else
    io.stdout.write(style === undefined ? renderPlanText(plan, context) : styled(style, renderPlanText(plan, context)));
}

/** The plan in one line: `Plan: 2 to add, 1 to change, 0 to remove.`, or that nothing changes. */
export function planSummaryLine(plan: Plan): string {
  if (plan.operations.length === 0) return plan.refusals.length > 0 ? NO_CHANGES_REFUSED : NO_CHANGES;
  const verdict = plan.refusals.length > 0 ? " Refused: nothing will be applied." : "";
  return `Plan: ${summaryInWords(summarizePlan(plan))}.${verdict}`;
}

/** Runs `plan` with its arguments; returns the exit code. */
export function runPlan(args: string[], io: CliIo): Promise<number> {
  const spec = {
    values: ["api-url", "format", "allow-removals", "out-dir"],
    flags: ["detailed-exitcode"],
    choices: { format: ["text", "markdown", "json"] },
    positional: "required" as const,
  };
  return runTrackerCommand("plan", PLAN_USAGE, spec, args, io, async (parsed, t) => {
    // 1. Want: the declaration, checked.
    const clock = grantClock(parsed.values);
    const checked = await checkedDeclaration(parsed.positional, t, clock);
    const allowRemovals = integerOption(parsed, "allow-removals");
    const outDir = parsed.values["out-dir"];
    if (outDir !== undefined && parsed.values.format !== "markdown") {
      throw new UsageError("--out-dir writes markdown comment parts; pass --format markdown");
    }
    // 2. Have: the live account.
    const { have } = await openAccount(parsed, t);
    // 3. The plan, rendered; refusals also as violations on stderr.
    const planned = computePlan(checked.declaration, have, checked.profile, { allowRemovals, now: clock.now });
    const context = { tracker: checked.profile.tracker, account: accountLabel(checked.declaration, have) };
    if (outDir === undefined) writePlan(t, planned, context, parsed.values.format ?? "text", outputStyle(parsed, t));
    else {
      const paths = await writeCommentParts(outDir, "plan", renderPlanMarkdown(planned, context)).catch(
        (error: NodeJS.ErrnoException) => {
          throw new CommandFailure(`cannot write to ${outDir}: ${error.code ?? error.message}`);
        },
      );
      t.stderr.write(
        `tracker-access plan: wrote ${paths.length} ${paths.length === 1 ? "part" : "parts"}: ${paths.join(", ")}\n`,
      );
    }
    if (planned.refusals.length > 0) {
      printViolations(t, planned.refusals);
      return EXIT.failed;
    }
    const changes = planned.operations.length > 0;
    return parsed.flags.has("detailed-exitcode") && changes ? EXIT.changes : EXIT.ok;
  });
}
