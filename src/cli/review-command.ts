/**
 * `tracker-access review <decl>... [--format markdown|csv|json|html] [--out FILE]`: the effective permissions of
 * every declared user (per workspace and element kind, settings, hidden columns), for an access review. Reads
 * only the declaration and the tracker's profile; contacts no tracker.
 */

import { PUBLIC_WORKSPACE } from "../declaration/model.ts";
import { effectivePermissions } from "../policy/effective-permissions.ts";
import { grantsInForce } from "../reconcile/grants-in-force.ts";
import { CLOCK_OPTIONS_HELP, grantClock } from "./clock-options.ts";
import { EXIT } from "./command.ts";
import { accountLabel, CommandFailure, checkedDeclaration, runTrackerCommand } from "./command-runner.ts";
import { writeOutputFile } from "./output-file.ts";
import { formatNames, OUTPUT_FORMATS, rendererFor } from "./output-formats.ts";
import { type ReviewInput, reviewWorkspaces } from "./render/review-json.ts";
import { changesSince } from "./review-against.ts";
import type { CliIo } from "./terminal.ts";

/** The help of `review`. */
export const REVIEW_USAGE = `usage: tracker-access review <file-or-dir>... [--format markdown|csv|json|html] [--out FILE] [--against FILE]

Lists what every declared user can do once the declaration is applied: element access per workspace and
kind, settings access, hidden columns. html is a page with a users × workspaces matrix, colour-coded by
access level. Reads only the declaration; contacts no tracker.
  --against FILE      a review --format json saved at the last review: also list who gained and who lost which
                      access since then, user by user (html: marked on the matrix, ▲ gained, ▼ lost)
${CLOCK_OPTIONS_HELP}
Exit status: 0 ok, 1 any error (usage, I/O, declaration errors, an --against FILE that is not a review JSON).`;

/** Runs `review` with its arguments; returns the exit code. */
export function runReview(args: string[], io: CliIo): Promise<number> {
  const spec = {
    values: ["format", "out", "against"],
    flags: [],
    choices: { format: formatNames(OUTPUT_FORMATS.review) },
    positional: "required" as const,
  };
  return runTrackerCommand("review", REVIEW_USAGE, spec, args, io, async (parsed, t) => {
    // 1. The declaration, checked; 2. its effective permissions; 3. rendered.
    const clock = grantClock(parsed.values);
    const checked = await checkedDeclaration(parsed.positional, t, undefined, clock);
    const { profile } = checked;
    // What is in force at --now: an expired grant has no permissions to review.
    const declaration = grantsInForce(checked.declaration, clock.now).declaration;
    const users = effectivePermissions(declaration, profile);
    const against = parsed.values.against;
    const changes = against === undefined ? undefined : await changesSince(against, profile.tracker, users);
    const fallback = [
      ...(profile.publicWorkspace ? [PUBLIC_WORKSPACE] : []),
      ...declaration.workspaces.map((w) => w.name),
    ];
    const input: ReviewInput = {
      context: { tracker: profile.tracker, account: accountLabel(declaration, undefined) },
      profile,
      workspaces: reviewWorkspaces(users, fallback),
      users,
      ...(changes !== undefined ? { changes } : {}),
    };
    const text = rendererFor(OUTPUT_FORMATS.review, parsed.values.format)(input);
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
