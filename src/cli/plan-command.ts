/**
 * `tracker-access plan <decl>... [--format text|markdown|json] [--detailed-exitcode]`: reads the account, plans
 * the changes that make it match the declaration, and renders them. Sends no write request.
 */

import { withGuardrailRefusals } from "../reconcile/guardrails.ts";
import type { Plan } from "../reconcile/operations.ts";
import { plan as computePlan } from "../reconcile/plan.ts";
import { integerOption } from "./arguments.ts";
import { CLOCK_OPTIONS_HELP, grantClock } from "./clock-options.ts";
import { EXIT, UsageError } from "./command.ts";
import {
  accountLabel,
  CommandFailure,
  checkedDeclaration,
  openAccount,
  printViolations,
  runTrackerCommand,
} from "./command-runner.ts";
import { writeCommentParts } from "./comment-parts.ts";
import { writeOutputFile } from "./output-file.ts";
import { formatNames, OUTPUT_FORMATS, rendererFor } from "./output-formats.ts";
import { outputStyle } from "./output-style.ts";
import { withPlanDigest } from "./render/plan-digest.ts";
import { renderPlanMarkdown } from "./render/plan-markdown.ts";
import { buildSavedPlan, type SavedPlan, savedPlanText, shortDigest } from "./saved-plan.ts";
import type { CliIo } from "./terminal.ts";

/** The help of `plan`. */
export const PLAN_USAGE = `usage: tracker-access plan <file-or-dir>... [--format text|markdown|json] [--detailed-exitcode]
                          [--api-url URL] [--allow-removals N] [--out-dir DIR] [--out FILE] [--guardrails FILE]
                          [-q|-v] [--no-color]

Shows what apply would change in the tracker account, grouped by workspace, user and element: what changes,
from what to what, and why. Sends no write request.
  --format markdown   pull-request comments; a long plan is split into parts below 65,000 characters, each
                      starting with "<!-- tracker-access plan part i/n -->"
  --format json       the operations and a summary, for machines
  --out-dir DIR       with --format markdown: write each part to DIR/plan-part-<i>.md instead of stdout
  --out FILE          also write the plan as data (a saved plan, no key in it) for \`apply FILE\`: the operations,
                      the declaration's digest, the tracker and account, the actor, each touched object's etag.
                      Markdown ends with the plan's short digest ("Plan digest: ..."), in either case
  --detailed-exitcode exit 0 when there is nothing to change, 2 when there are changes
  --allow-removals N  let the plan remove N users even beyond the removal guard (N must match exactly)
  --guardrails FILE   the team's own rules (schemas/guardrails.schema.json); a broken error rule refuses the plan,
                      a warning is printed
  --api-url URL       the tracker API (--api is accepted too); else TRACKER_ACCESS_API_URL
  --max-rps N         requests per second at most; default the tracker's documented rate (policies/)
  -q, --quiet         only the summary and errors
  -v, --verbose       one line per HTTP request on stderr: method, path, status, ms, retries
  --no-color          no colour (NO_COLOR too); colour is used only on a terminal
${CLOCK_OPTIONS_HELP}
The key is read only from TRACKER_ACCESS_API_KEY.
Exit status: 0 ok (no changes, or changes without --detailed-exitcode), 2 changes (only with
--detailed-exitcode), 1 any error: usage, an unreadable file, declaration errors, no key, the tracker unreachable
or failing, a refused plan (a broken error guardrail too).`;

/** Runs `plan` with its arguments; returns the exit code. */
export function runPlan(args: string[], io: CliIo): Promise<number> {
  const spec = {
    values: ["api-url", "format", "allow-removals", "out-dir", "out", "max-rps", "guardrails"],
    flags: ["detailed-exitcode"],
    choices: { format: formatNames(OUTPUT_FORMATS.plan) },
    positional: "required" as const,
  };
  return runTrackerCommand("plan", PLAN_USAGE, spec, args, io, async (parsed, t) => {
    // 1. Want: the declaration, checked.
    const clock = grantClock(parsed.values);
    const checked = await checkedDeclaration(parsed.positional, t, parsed.values.guardrails, clock);
    const allowRemovals = integerOption(parsed, "allow-removals");
    const outDir = parsed.values["out-dir"];
    if (outDir !== undefined && parsed.values.format !== "markdown") {
      throw new UsageError("--out-dir writes markdown comment parts; pass --format markdown");
    }
    // 2. Have: the live account.
    const { have, url } = await openAccount(parsed, t, checked.profile);
    // 3. The plan, rendered; refusals also as violations on stderr. Markdown ends with the plan's short digest.
    const planned = withGuardrailRefusals(
      computePlan(checked.declaration, have, checked.profile, { allowRemovals, now: clock.now }),
      checked.guardrailRefusals,
    );
    const context = { tracker: checked.profile.tracker, account: accountLabel(checked.declaration, have) };
    const format = parsed.values.format ?? OUTPUT_FORMATS.plan.default;
    const saved =
      parsed.values.out !== undefined || format === "markdown"
        ? await buildSavedPlan({
            planned,
            have,
            url,
            profile: checked.profile,
            declaration: checked.declaration,
            ...context,
          })
        : undefined;
    const digest = saved === undefined ? undefined : shortDigest(saved.digest);
    if (outDir === undefined) {
      const render = rendererFor(OUTPUT_FORMATS.plan, format);
      t.stdout.write(render({ plan: planned, context, digest }, outputStyle(parsed, t)));
    } else {
      const parts = withPlanDigest(renderPlanMarkdown(planned, context), digest);
      const paths = await writeCommentParts(outDir, "plan", parts).catch((error: NodeJS.ErrnoException) => {
        throw new CommandFailure(`cannot write to ${outDir}: ${error.code ?? error.message}`);
      });
      t.stderr.write(
        `tracker-access plan: wrote ${paths.length} ${paths.length === 1 ? "part" : "parts"}: ${paths.join(", ")}\n`,
      );
    }
    if (planned.refusals.length > 0) {
      printViolations(t, planned.refusals);
      if (parsed.values.out !== undefined)
        t.stderr.write(`tracker-access plan: the plan is refused; ${parsed.values.out} was not written\n`);
      return EXIT.failed;
    }
    if (parsed.values.out !== undefined && saved !== undefined) await writeSavedPlan(parsed.values.out, saved, t);
    const changes = planned.operations.length > 0;
    return parsed.flags.has("detailed-exitcode") && changes ? EXIT.changes : EXIT.ok;
  });
}

/** Writes the saved plan to `path` (atomically) and says so on stderr with its short digest. */
async function writeSavedPlan(path: string, saved: SavedPlan, t: CliIo): Promise<void> {
  await writeOutputFile(path, savedPlanText(saved)).catch((error: NodeJS.ErrnoException) => {
    throw new CommandFailure(`cannot write ${path}: ${error.code ?? error.message}`);
  });
  t.stderr.write(
    `tracker-access plan: wrote ${path} (${saved.plan.operations.length} operations, digest ${shortDigest(saved.digest)})\n`,
  );
}
