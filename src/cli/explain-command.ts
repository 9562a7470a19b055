/**
 * `tracker-access explain <decl>... <email> [--element KIND/NAME | --workspace NAME | --setting NAME]`: what one
 * user can do there and why, as a chain of facts with their sources; without a target the user's whole access.
 * From the declaration and the profile alone; `--live` answers for the account as it is.
 */

import { accessSummary } from "../policy/access-summary.ts";
import { findElement, findSetting, findUser, findWorkspace } from "../policy/access-targets.ts";
import { found, openBasis } from "./access-basis.ts";
import { EXIT, UsageError } from "./command.ts";
import { runTrackerCommand } from "./command-runner.ts";
import { renderExplainJson } from "./render/explain-json.ts";
import { renderElementText, renderSettingText, renderSummaryText, renderWorkspaceText } from "./render/explain-text.ts";
import type { CliIo } from "./terminal.ts";

/** The help of `explain`. */
export const EXPLAIN_USAGE = `usage: tracker-access explain <file-or-dir>... <email> [--element KIND/NAME | --workspace NAME | --setting NAME]
                             [--live] [--format text|json] [--api-url URL]

Says what one user can do and why, as a chain with sources: the user's entry and role, the role's line in
policies/<tracker>.yaml and the seed document the rule cites, the membership that makes the workspace visible,
the element's workspace and the entry that placed it. Without a target: the user's whole access. Answers from
the declaration and the profile alone; contacts no tracker unless --live.
  --element KIND/NAME  one element (offer/Summer Sale Offer; KIND/#ID by id)
  --workspace NAME     every element kind in one workspace (public too)
  --setting NAME       one settings section
  --live               answer for the account as it is: reads it (the key from TRACKER_ACCESS_API_KEY)
  --api-url URL        with --live: the tracker API; else TRACKER_ACCESS_API_URL
  --format json        for machines
Exit status: 0 answered, 1 any error: usage, an unreadable file, declaration errors, an unknown user, element,
workspace or section, no key or the tracker failing (with --live).`;

/** Runs `explain` with its arguments; returns the exit code. */
export function runExplain(args: string[], io: CliIo): Promise<number> {
  const spec = {
    values: ["element", "workspace", "setting", "format", "api-url"],
    flags: ["live"],
    choices: { format: ["text", "json"] },
    positional: "required" as const,
  };
  return runTrackerCommand("explain", EXPLAIN_USAGE, spec, args, io, async (parsed, t) => {
    // 1. The question: the declaration, a user, at most one target.
    if (parsed.positional.length < 2) throw new UsageError("give the declaration and the user's e-mail");
    const targets = ["element", "workspace", "setting"].filter((name) => parsed.values[name] !== undefined);
    if (targets.length > 1)
      throw new UsageError(`give one of --element, --workspace, --setting, not ${targets.join(" and ")}`);
    const email = parsed.positional.at(-1) ?? "";
    const { explainer, basis, scope, context } = await openBasis(parsed.positional.slice(0, -1), parsed, t);
    const user = found(findUser(basis.declaration, email, scope));
    const json = parsed.values.format === "json";
    const header = { basis: basis.basis, tracker: context.tracker, account: context.account };
    const answerContext = { basis: basis.basis, account: context.account };

    // 2. The answer, rendered.
    const { element, workspace, setting } = parsed.values;
    if (element !== undefined) {
      const answer = explainer.element(user, found(findElement(basis.declaration, basis.profile, element, scope)));
      t.stdout.write(json ? renderExplainJson(header, "element", answer) : renderElementText(answer, answerContext));
    } else if (workspace !== undefined) {
      const answer = explainer.workspace(
        user,
        found(findWorkspace(basis.declaration, basis.profile, workspace, scope)),
      );
      t.stdout.write(
        json ? renderExplainJson(header, "workspace", answer) : renderWorkspaceText(answer, answerContext),
      );
    } else if (setting !== undefined) {
      const answer = explainer.setting(user, found(findSetting(basis.profile, setting)));
      t.stdout.write(json ? renderExplainJson(header, "setting", answer) : renderSettingText(answer, answerContext));
    } else {
      const answer = accessSummary(explainer, user);
      t.stdout.write(json ? renderExplainJson(header, "user", answer) : renderSummaryText(answer, answerContext));
    }
    return EXIT.ok;
  });
}
