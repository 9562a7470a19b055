/**
 * Checks a user's hidden columns: only on trackers that can hide columns, only from the roles that profile
 * allows (read-only users), and only columns in the tracker's catalogue.
 */
import type { UserDeclaration } from "../declaration/model.ts";
import { type CheckContext, listOf } from "./check-context.ts";
import { didYouMean } from "./nearest-name.ts";
import type { Role } from "./profile.ts";

/** Checks `hiddenColumns` of `user`, whose role is `role` (undefined when the role is unknown). */
export function checkHiddenColumns(ctx: CheckContext, user: UserDeclaration, role: Role | undefined): void {
  const { profile } = ctx;
  const hidden = user.hiddenColumns;
  if (hidden === undefined || hidden.length === 0) return;
  if (profile.hiddenColumnRoles.length === 0 || profile.columns.length === 0) {
    const message = `${profile.displayName} cannot hide columns from users; remove \`hiddenColumns\``;
    ctx.report("columns/unsupported", user.at, message, "/hiddenColumns");
    return;
  }
  if (role !== undefined && !profile.hiddenColumnRoles.includes(role.name)) {
    const message = `columns can be hidden only from ${listOf(profile.hiddenColumnRoles)} users on ${profile.displayName}; ${user.email} is ${role.name}`;
    ctx.report("columns/readonly-only", user.at, message, "/hiddenColumns");
    return;
  }
  const catalogue = new Set(profile.columns.map((c) => c.name));
  hidden.forEach((column, index) => {
    if (catalogue.has(column)) return;
    const message = `column \`${column}\` is not a ${profile.displayName} column${didYouMean(column, catalogue)}; columns: ${listOf(catalogue)}`;
    ctx.report("columns/unknown", user.at, message, `/hiddenColumns/${index}`);
  });
}
