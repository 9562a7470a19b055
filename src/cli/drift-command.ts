/**
 * `tracker-access drift <decl>... [--format text|markdown|json|patch]`: the scheduled access review. Reads the
 * account and reports every way it differs from the declaration, the users and elements the declaration does not
 * manage, and expired invitations; `patch` prints instead the diff that accepts the account's state into the
 * declaration files. Changes nothing. Exit 0 in sync, 2 on drift, 1 on error.
 */
import { readFile } from "node:fs/promises";
import { type AcceptedFile, acceptDrift } from "../reconcile/accept-drift.ts";
import { driftReport } from "../reconcile/drift.ts";
import { liveGuardrailViolations } from "../reconcile/guardrails.ts";
import type { LiveAccount } from "../reconcile/live-account.ts";
import { CLOCK_OPTIONS_HELP, grantClock } from "./clock-options.ts";
import { EXIT } from "./command.ts";
import { accountLabel, checkedDeclaration, openAccount, printViolations, runTrackerCommand } from "./command-runner.ts";
import { formatNames, OUTPUT_FORMATS, rendererFor } from "./output-formats.ts";
import { outputStyle } from "./output-style.ts";
import type { CliIo } from "./terminal.ts";

/** The help of `drift`. */
export const DRIFT_USAGE = `usage: tracker-access drift <file-or-dir>... [--format text|markdown|json|patch] [--api-url URL]
                           [--guardrails FILE] [-q|-v] [--no-color]

Compares the tracker account with the declaration and reports every difference, the users and elements the
declaration does not manage, and expired invitations. Changes nothing; run it on a schedule.
  --format patch      instead, a unified diff that changes the declaration files to describe the account (the
                      drift accepted, not reverted): \`git apply\` it at the repository root; paths are relative
                      to the working directory
  --api-url URL       the tracker API (--api is accepted too); else TRACKER_ACCESS_API_URL
  --guardrails FILE   also judge the live account by the team's own rules (schemas/guardrails.schema.json):
                      each broken rule is listed after the report; a broken error rule exits 2
  --max-rps N         requests per second at most; default the tracker's documented rate (policies/)
  -q, --quiet         only the summary and errors
  -v, --verbose       one line per HTTP request on stderr: method, path, status, ms, retries
  --no-color          no colour (NO_COLOR too); colour is used only on a terminal
${CLOCK_OPTIONS_HELP}
The key is read only from TRACKER_ACCESS_API_KEY.
Exit status: 0 in sync, 2 drift (also when restoring the declared state would be refused: the report says why;
also when the account breaks an error guardrail),
1 any error: usage, an unreadable file, declaration errors, no key, the tracker unreachable or failing, a
declaration that cannot be matched to the account.`;

/** Exit status when the account has drifted from its declaration. */
export const EXIT_DRIFT = EXIT.changes;

/** Runs `drift` with its arguments; returns the exit code. */
export function runDrift(args: string[], io: CliIo): Promise<number> {
  const spec = {
    values: ["api-url", "format", "guardrails", "max-rps"],
    flags: [],
    choices: { format: formatNames(OUTPUT_FORMATS.drift) },
    positional: "required" as const,
  };
  return runTrackerCommand("drift", DRIFT_USAGE, spec, args, io, async (parsed, t) => {
    // 1. Want and have.
    const clock = grantClock(parsed.values);
    const checked = await checkedDeclaration(parsed.positional, t, parsed.values.guardrails, clock);
    const { have } = await openAccount(parsed, t, checked.profile);
    // 2. The report, rendered.
    const report = driftReport(checked.declaration, have, checked.profile, { now: clock.now });
    const context = { tracker: checked.profile.tracker, account: accountLabel(checked.declaration, have) };
    // The account judged by the guardrails too, when given (the declaration's own breaches refuse plans, not drift).
    const broken =
      checked.guardrails === undefined
        ? undefined
        : liveGuardrailViolations(checked.guardrails, have, checked.profile, checked.declaration, clock.now);
    const format = parsed.values.format ?? OUTPUT_FORMATS.drift.default;
    // `--format patch`: the declaration files edited to describe the account (only read for that format).
    const accepted = format === "patch" ? await acceptedDrift(checked, have) : undefined;
    const render = rendererFor(OUTPUT_FORMATS.drift, format);
    const input = { report, context, ...(broken !== undefined ? { guardrails: broken } : {}), accepted };
    t.stdout.write(render(input, outputStyle(parsed, t)));
    // 3. The verdict: differences are drift, even when restoring the declared state would be refused (mass drift
    // trips the removal guard; an audit key may lack the rights) — the report names those refusals. Refusals
    // without any difference (a declared element the account lacks) mean the declaration cannot be checked: 1.
    if (report.differences.length > 0 || (broken ?? []).some((v) => v.severity === "error")) return EXIT_DRIFT;
    if (report.refusals.length > 0) {
      printViolations(t, report.refusals);
      return EXIT.failed;
    }
    return EXIT.ok;
  });
}

/** The declaration files as they would describe the live account (drift accepted instead of reverted). */
async function acceptedDrift(
  checked: Awaited<ReturnType<typeof checkedDeclaration>>,
  have: LiveAccount,
): Promise<AcceptedFile[]> {
  const texts = new Map<string, string>();
  for (const file of checked.declaration.files) texts.set(file, await readFile(file, "utf8"));
  return acceptDrift(checked.declaration, have, checked.profile, texts);
}
