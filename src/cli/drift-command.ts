/**
 * `tracker-access drift <decl>... [--format text|markdown|json]`: the scheduled access review. Reads the
 * account and reports every way it differs from the declaration, the users and elements the declaration does not
 * manage, and expired invitations. Changes nothing. Exit 0 in sync, 2 on drift, 1 on error.
 */
import { driftReport } from "../reconcile/drift.ts";
import { CLOCK_OPTIONS_HELP, grantClock } from "./clock-options.ts";
import { EXIT } from "./command.ts";
import { accountLabel, checkedDeclaration, openAccount, printViolations, runTrackerCommand } from "./command-runner.ts";
import { outputStyle, styled, summaryOnly } from "./output-style.ts";
import { renderDriftJson } from "./render/drift-json.ts";
import { renderDriftMarkdown } from "./render/drift-markdown.ts";
import { renderDriftText } from "./render/drift-text.ts";
import type { CliIo } from "./terminal.ts";

/** The help of `drift`. */
export const DRIFT_USAGE = `usage: tracker-access drift <file-or-dir>... [--format text|markdown|json] [--api-url URL] [-q|-v] [--no-color]

Compares the tracker account with the declaration and reports every difference, the users and elements the
declaration does not manage, and expired invitations. Changes nothing; run it on a schedule.
  --api-url URL       the tracker API (--api is accepted too); else TRACKER_ACCESS_API_URL
  -q, --quiet         only the summary and errors
  -v, --verbose       one line per HTTP request on stderr: method, path, status, ms, retries
  --no-color          no colour (NO_COLOR too); colour is used only on a terminal
${CLOCK_OPTIONS_HELP}
The key is read only from TRACKER_ACCESS_API_KEY.
Exit status: 0 in sync, 2 drift (also when restoring the declared state would be refused: the report says why),
1 any error: usage, an unreadable file, declaration errors, no key, the tracker unreachable or failing, a
declaration that cannot be matched to the account.`;

/** Exit status when the account has drifted from its declaration. */
export const EXIT_DRIFT = EXIT.changes;

/** Runs `drift` with its arguments; returns the exit code. */
export function runDrift(args: string[], io: CliIo): Promise<number> {
  const spec = {
    values: ["api-url", "format"],
    flags: [],
    choices: { format: ["text", "markdown", "json"] },
    positional: "required" as const,
  };
  return runTrackerCommand("drift", DRIFT_USAGE, spec, args, io, async (parsed, t) => {
    // 1. Want and have.
    const clock = grantClock(parsed.values);
    const checked = await checkedDeclaration(parsed.positional, t, clock);
    const { have } = await openAccount(parsed, t);
    // 2. The report, rendered.
    const report = driftReport(checked.declaration, have, checked.profile, { now: clock.now });
    const context = { tracker: checked.profile.tracker, account: accountLabel(checked.declaration, have) };
    const format = parsed.values.format ?? "text";
    if (format === "json") t.stdout.write(renderDriftJson(report, context));
    else if (format === "markdown") t.stdout.write(renderDriftMarkdown(report, context).join("\n"));
    else {
      const style = outputStyle(parsed, t);
      const text = renderDriftText(report, context);
      t.stdout.write(style.quiet ? summaryOnly(text) : styled(style, text));
    }
    // 3. The verdict: differences are drift, even when restoring the declared state would be refused (mass drift
    // trips the removal guard; an audit key may lack the rights) — the report names those refusals. Refusals
    // without any difference (a declared element the account lacks) mean the declaration cannot be checked: 1.
    if (report.differences.length > 0) return EXIT_DRIFT;
    if (report.refusals.length > 0) {
      printViolations(t, report.refusals);
      return EXIT.failed;
    }
    return EXIT.ok;
  });
}
