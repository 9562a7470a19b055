/**
 * `tracker-access drift <decl>... [--format text|markdown|json|patch]`: the scheduled access review. Reads the
 * account and reports every way it differs from the declaration, the users and elements the declaration does not
 * manage, and expired invitations; `patch` prints instead the diff that accepts the account's state into the
 * declaration files. Changes nothing. Exit 0 in sync, 2 on drift, 1 on error.
 */
import { readFile } from "node:fs/promises";
import { acceptDrift } from "../reconcile/accept-drift.ts";
import { driftReport } from "../reconcile/drift.ts";
import { EXIT } from "./command.ts";
import { accountLabel, checkedDeclaration, openAccount, printViolations, runTrackerCommand } from "./command-runner.ts";
import { outputStyle, styled, summaryOnly } from "./output-style.ts";
import { renderDriftJson } from "./render/drift-json.ts";
import { renderDriftMarkdown } from "./render/drift-markdown.ts";
import { renderDriftPatch } from "./render/drift-patch.ts";
import { renderDriftText } from "./render/drift-text.ts";
import type { CliIo } from "./terminal.ts";

/** The help of `drift`. */
export const DRIFT_USAGE = `usage: tracker-access drift <file-or-dir>... [--format text|markdown|json|patch] [--api-url URL] [-q|-v] [--no-color]

Compares the tracker account with the declaration and reports every difference, the users and elements the
declaration does not manage, and expired invitations. Changes nothing; run it on a schedule.
  --format patch      instead, a unified diff that changes the declaration files to describe the account (the
                      drift accepted, not reverted): \`git apply\` it at the repository root; paths are relative
                      to the working directory
  --api-url URL       the tracker API (--api is accepted too); else TRACKER_ACCESS_API_URL
  --max-rps N         requests per second at most; default the tracker's documented rate (policies/)
  -q, --quiet         only the summary and errors
  -v, --verbose       one line per HTTP request on stderr: method, path, status, ms, retries
  --no-color          no colour (NO_COLOR too); colour is used only on a terminal
The key is read only from TRACKER_ACCESS_API_KEY.
Exit status: 0 in sync, 2 drift (also when restoring the declared state would be refused: the report says why),
1 any error: usage, an unreadable file, declaration errors, no key, the tracker unreachable or failing, a
declaration that cannot be matched to the account.`;

/** Exit status when the account has drifted from its declaration. */
export const EXIT_DRIFT = EXIT.changes;

/** Runs `drift` with its arguments; returns the exit code. */
export function runDrift(args: string[], io: CliIo): Promise<number> {
  const spec = {
    values: ["api-url", "format", "max-rps"],
    flags: [],
    choices: { format: ["text", "markdown", "json", "patch"] },
    positional: "required" as const,
  };
  return runTrackerCommand("drift", DRIFT_USAGE, spec, args, io, async (parsed, t) => {
    // 1. Want and have.
    const checked = await checkedDeclaration(parsed.positional, t);
    const { have } = await openAccount(parsed, t, checked.profile);
    // 2. The report, rendered.
    const report = driftReport(checked.declaration, have, checked.profile);
    const context = { tracker: checked.profile.tracker, account: accountLabel(checked.declaration, have) };
    const format = parsed.values.format ?? "text";
    if (format === "patch") {
      const texts = new Map<string, string>();
      for (const file of checked.declaration.files) texts.set(file, await readFile(file, "utf8"));
      const accepted = acceptDrift(checked.declaration, have, checked.profile, texts);
      t.stdout.write(renderDriftPatch(accepted, process.cwd()));
    } else if (format === "json") t.stdout.write(renderDriftJson(report, context));
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
