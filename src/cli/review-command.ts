/**
 * `tracker-access review <decl>... [--format markdown|csv|json|html] [--out FILE]`: the effective permissions of
 * every declared user (per workspace and element kind, settings, hidden columns), for an access review. Reads
 * only the declaration and the tracker's profile; contacts no tracker.
 */

import { effectivePermissions, PUBLIC_WORKSPACE } from "../policy/effective-permissions.ts";
import { grantsInForce } from "../reconcile/grants-in-force.ts";
import { CLOCK_OPTIONS_HELP, grantClock } from "./clock-options.ts";
import { EXIT } from "./command.ts";
import { accountLabel, CommandFailure, checkedDeclaration, runTrackerCommand } from "./command-runner.ts";
import { writeOutputFile } from "./output-file.ts";
import { renderReviewCsv } from "./render/review-csv.ts";
import { renderReviewHtml } from "./render/review-html.ts";
import { type ReviewInput, renderReviewJson, reviewWorkspaces } from "./render/review-json.ts";
import { renderReviewMarkdown } from "./render/review-markdown.ts";
import type { CliIo } from "./terminal.ts";

/** The help of `review`. */
export const REVIEW_USAGE = `usage: tracker-access review <file-or-dir>... [--format markdown|csv|json|html] [--out FILE]

Lists what every declared user can do once the declaration is applied: element access per workspace and
kind, settings access, hidden columns. html is a page with a users × workspaces matrix, colour-coded by
access level. Reads only the declaration; contacts no tracker.
${CLOCK_OPTIONS_HELP}
Exit status: 0 ok, 1 any error (usage, I/O, declaration errors).`;

const RENDERERS: Record<string, (input: ReviewInput) => string> = {
  markdown: renderReviewMarkdown,
  csv: renderReviewCsv,
  json: renderReviewJson,
  html: renderReviewHtml,
};

/** Runs `review` with its arguments; returns the exit code. */
export function runReview(args: string[], io: CliIo): Promise<number> {
  const spec = {
    values: ["format", "out"],
    flags: [],
    choices: { format: Object.keys(RENDERERS) },
    positional: "required" as const,
  };
  return runTrackerCommand("review", REVIEW_USAGE, spec, args, io, async (parsed, t) => {
    // 1. The declaration, checked; 2. its effective permissions; 3. rendered.
    const clock = grantClock(parsed.values);
    const checked = await checkedDeclaration(parsed.positional, t, clock);
    const { profile } = checked;
    // What is in force at --now: an expired grant has no permissions to review.
    const declaration = grantsInForce(checked.declaration, clock.now).declaration;
    const users = effectivePermissions(declaration, profile);
    const fallback = [
      ...(profile.publicWorkspace ? [PUBLIC_WORKSPACE] : []),
      ...declaration.workspaces.map((w) => w.name),
    ];
    const input: ReviewInput = {
      context: { tracker: profile.tracker, account: accountLabel(declaration, undefined) },
      profile,
      workspaces: reviewWorkspaces(users, fallback),
      users,
    };
    const text = RENDERERS[parsed.values.format ?? "markdown"](input);
    const out = parsed.values.out;
    if (out === undefined) {
      t.stdout.write(text);
      return EXIT.ok;
    }
    try {
      await writeOutputFile(out, text);
    } catch (error) {
      throw new CommandFailure(`cannot write ${out}: ${(error as NodeJS.ErrnoException).code ?? error}`);
    }
    t.stderr.write(`tracker-access review: wrote ${out}\n`);
    return EXIT.ok;
  });
}
