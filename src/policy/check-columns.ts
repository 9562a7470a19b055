/**
 * Words a user's hidden-column problems (policy/access-rules.ts decides them): only on trackers that can hide
 * columns, only from the roles that profile allows (read-only users), and only columns in the tracker's catalogue.
 */
import type { UserDeclaration } from "../declaration/model.ts";
import type { AccessProblem } from "./access-rules.ts";
import { type CheckContext, listOf } from "./check-context.ts";
import { didYouMean } from "./nearest-name.ts";

/** Reports `problem`, one of `accessProblems`' on the `hiddenColumns` field of `user`. */
export function reportColumnProblem(ctx: CheckContext, user: UserDeclaration, problem: AccessProblem): void {
  const { profile } = ctx;
  const hidden = user.hiddenColumns ?? [];
  if (problem.rule === "columns/unsupported") {
    const message = `${profile.displayName} cannot hide columns from users; remove \`hiddenColumns\``;
    ctx.report("columns/unsupported", user.at, message, "/hiddenColumns");
  } else if (problem.rule === "columns/readonly-only") {
    const message = `columns can be hidden only from ${listOf(profile.hiddenColumnRoles)} users on ${profile.displayName}; ${user.email} is ${user.role}`;
    ctx.report("columns/readonly-only", user.at, message, "/hiddenColumns");
  } else if (problem.rule === "columns/unknown" && problem.index !== undefined) {
    const column = hidden[problem.index];
    const catalogue = profile.columns.map((c) => c.name);
    const message = `column \`${column}\` is not a ${profile.displayName} column${didYouMean(column, catalogue)}; columns: ${listOf(catalogue)}`;
    ctx.report("columns/unknown", user.at, message, `/hiddenColumns/${problem.index}`);
  }
}
