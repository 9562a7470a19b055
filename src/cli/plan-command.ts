/**
 * `tracker-access plan <decl>... [--format text|markdown|json] [--detailed-exitcode]`: reads the account, plans
 * the changes that make it match the declaration, and renders them. Sends no write request.
 */
import type { Plan } from "../reconcile/operations.ts";
import { plan as computePlan } from "../reconcile/plan.ts";
import { integerOption } from "./arguments.ts";
import { type CommandIo, EXIT } from "./command.ts";
import type { ReportContext } from "./render/describe-change.ts";
import { renderPlanJson } from "./render/plan-json.ts";
import { renderPlanMarkdown } from "./render/plan-markdown.ts";
import { renderPlanText } from "./render/plan-text.ts";
import type { CliIo } from "./terminal.ts";
import {
  accountLabel,
  checkedDeclaration,
  openAccount,
  printViolations,
  runTrackerCommand,
} from "./tracker-session.ts";

/** The help of `plan`. */
export const PLAN_USAGE = `usage: tracker-access plan <file-or-dir>... [--format text|markdown|json] [--detailed-exitcode]
                          [--api-url URL] [--allow-removals N]

Shows what apply would change in the tracker account, grouped by workspace, user and element: what changes,
from what to what, and why. Sends no write request.
  --format markdown   pull-request comments; a long plan is split into parts below 65,000 characters, each
                      starting with "<!-- tracker-access plan part i/n -->"
  --format json       the operations and a summary, for machines
  --detailed-exitcode exit 0 when there is nothing to change, 2 when there are changes
  --allow-removals N  let the plan remove N users even beyond the removal guard (N must match exactly)
  --api-url URL       the tracker API (--api is accepted too); else TRACKER_ACCESS_API_URL
The key is read only from TRACKER_ACCESS_API_KEY.
Exit status: 0 ok (no changes, or changes without --detailed-exitcode), 2 changes (only with
--detailed-exitcode), 1 any error: usage, an unreadable file, declaration errors, no key, the tracker unreachable
or failing, a refused plan.`;

/** Prints a plan in `format`: text and json as one document, markdown as its comment parts. */
export function writePlan(io: CommandIo, plan: Plan, context: ReportContext, format: string): void {
  if (format === "json") io.stdout.write(renderPlanJson(plan, context));
  else if (format === "markdown") io.stdout.write(renderPlanMarkdown(plan, context).join("\n"));
  else io.stdout.write(renderPlanText(plan, context));
}

/** Runs `plan` with its arguments; returns the exit code. */
export function runPlan(args: string[], io: CliIo): Promise<number> {
  const spec = {
    values: ["api-url", "format", "allow-removals"],
    flags: ["detailed-exitcode"],
    choices: { format: ["text", "markdown", "json"] },
    positional: "required" as const,
  };
  return runTrackerCommand("plan", PLAN_USAGE, spec, args, io, async (parsed, t) => {
    // 1. Want: the declaration, checked.
    const checked = await checkedDeclaration(parsed.positional, t);
    const allowRemovals = integerOption(parsed, "allow-removals");
    // 2. Have: the live account.
    const { have } = await openAccount(parsed, t);
    // 3. The plan, rendered; refusals also as violations on stderr.
    const planned = computePlan(checked.declaration, have, checked.profile, { allowRemovals });
    const context = { tracker: checked.profile.tracker, account: accountLabel(checked.declaration, have) };
    writePlan(t, planned, context, parsed.values.format ?? "text");
    if (planned.refusals.length > 0) {
      printViolations(t, planned.refusals);
      return EXIT.failed;
    }
    const changes = planned.operations.length > 0;
    return parsed.flags.has("detailed-exitcode") && changes ? EXIT.changes : EXIT.ok;
  });
}
