/**
 * `tracker-access who-can <decl>... KIND/NAME [--at-least use|edit|create]`: every user with at least that access
 * to one element, each with the chain of reasons `explain` gives. From the declaration and the profile alone;
 * `--live` answers for the account as it is.
 */

import { findElement } from "../policy/access-targets.ts";
import { elementTarget } from "../policy/explanation.ts";
import { AT_LEAST_LEVELS, type AtLeast, whoCan } from "../policy/who-can.ts";
import { found, openBasis } from "./access-basis.ts";
import { EXIT, UsageError } from "./command.ts";
import { runTrackerCommand } from "./command-runner.ts";
import { renderWhoCanJson } from "./render/explain-json.ts";
import { renderWhoCanText } from "./render/explain-text.ts";
import type { CliIo } from "./terminal.ts";

/** The help of `who-can`. */
export const WHO_CAN_USAGE = `usage: tracker-access who-can <file-or-dir>... KIND/NAME [--at-least use|edit|create] [--live] [--format text|json]
                             [--api-url URL]

Lists every user with at least that access to one element (default: use), and why, as explain says it: the
user's entry and role, the role's rule and the seed it cites, the membership, the entry that placed the
element. Answers from the declaration and the profile alone; contacts no tracker unless --live.
  --at-least LEVEL     use, edit or create
  --live               answer for the account as it is: reads it (the key from TRACKER_ACCESS_API_KEY)
  --api-url URL        with --live: the tracker API; else TRACKER_ACCESS_API_URL
  --format json        for machines
Exit status: 0 answered (also when nobody has that access), 1 any error: usage, an unreadable file, declaration
errors, an unknown element, no key or the tracker failing (with --live).`;

/** Runs `who-can` with its arguments; returns the exit code. */
export function runWhoCan(args: string[], io: CliIo): Promise<number> {
  const spec = {
    values: ["at-least", "format", "api-url"],
    flags: ["live"],
    choices: { format: ["text", "json"], "at-least": [...AT_LEAST_LEVELS] },
    positional: "required" as const,
  };
  return runTrackerCommand("who-can", WHO_CAN_USAGE, spec, args, io, async (parsed, t) => {
    // 1. The question: the declaration and an element.
    if (parsed.positional.length < 2) throw new UsageError("give the declaration and the element as KIND/NAME");
    const spec = parsed.positional.at(-1) ?? "";
    const { explainer, basis, scope, context } = await openBasis(parsed.positional.slice(0, -1), parsed, t);
    const element = found(findElement(basis.declaration, basis.profile, spec, scope));
    // 2. Every user's access to it, filtered and rendered.
    const answer = whoCan(explainer, basis.declaration.users, element, (parsed.values["at-least"] ?? "use") as AtLeast);
    const target = elementTarget(element);
    const header = { basis: basis.basis, tracker: context.tracker, account: context.account };
    t.stdout.write(
      parsed.values.format === "json"
        ? renderWhoCanJson(header, target, answer)
        : renderWhoCanText(answer, target, { basis: basis.basis, account: context.account }),
    );
    return EXIT.ok;
  });
}
