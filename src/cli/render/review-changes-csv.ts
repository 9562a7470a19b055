/**
 * The CSV review with `--against`: every row gains `previous` (the access at the saved review) and `change`
 * (`gained`, `lost`, or empty), each user's status or role change is a `role` row (`added`, `removed`,
 * `changed`), and what no current row shows any more (a removed user, a column shown again, a workspace gone)
 * follows as rows of its own, so one filter on `change` lists who gained and who lost what, user by user.
 */
import type { AccessChange, UserAccessChanges } from "../../policy/access-changes.ts";
import type { ReviewChanges } from "./review-changes.ts";

/** The columns `--against` adds. */
export const CHANGE_COLUMNS = ["previous", "change"] as const;

/** `rows` (header first, columns email,role,scope,workspace,item,access) with the change columns and rows added. */
export function withChangeColumns(rows: string[][], changes: ReviewChanges): string[][] {
  const [header, ...data] = rows;
  const pending = new Map<string, { user: UserAccessChanges; change: AccessChange; direction: string }>();
  for (const user of changes.users) {
    for (const [list, direction] of [
      [user.gained, "gained"],
      [user.lost, "lost"],
    ] as const) {
      for (const change of list) pending.set(rowKey(user.email, change), { user, change, direction });
    }
  }
  const out: string[][] = [[...header, ...CHANGE_COLUMNS]];
  const statusDone = new Set<string>();
  for (const row of data) {
    const [email, role, scope, workspace, item, access] = row;
    const user = changes.users.find((u) => u.email === email);
    if (user !== undefined && !statusDone.has(email)) {
      statusDone.add(email);
      const status = statusRow(user, role);
      if (status !== undefined) out.push(status);
    }
    const key = `${email}\0${scope}\0${workspace}\0${item}`;
    const hit = pending.get(key);
    pending.delete(key);
    out.push([...row, hit?.change.before ?? (user?.status === "added" ? "none" : access), hit?.direction ?? ""]);
  }
  // What no current row shows: removed users, columns shown again, workspaces gone.
  for (const user of changes.users) {
    const role = user.roleAfter ?? user.roleBefore ?? "";
    if (!statusDone.has(user.email)) {
      statusDone.add(user.email);
      const status = statusRow(user, role);
      if (status !== undefined) out.push(status);
    }
    for (const [key, { change, direction }] of pending) {
      if (!key.startsWith(`${user.email}\0`)) continue;
      out.push([
        user.email,
        role,
        change.scope,
        change.workspace ?? "",
        change.item,
        change.after,
        change.before,
        direction,
      ]);
    }
  }
  return out;
}

/** The `role` row of a user whose status or role changed, or undefined. */
function statusRow(user: UserAccessChanges, role: string): string[] | undefined {
  if (user.status === "added") return [user.email, role, "role", "", "role", user.roleAfter ?? "", "", "added"];
  if (user.status === "removed") return [user.email, role, "role", "", "role", "", user.roleBefore ?? "", "removed"];
  if (user.roleBefore === user.roleAfter) return undefined;
  return [user.email, role, "role", "", "role", user.roleAfter ?? "", user.roleBefore ?? "", "changed"];
}

/** The key of the CSV row a change belongs to: email, scope, workspace, item (`visible` for a workspace). */
function rowKey(email: string, change: AccessChange): string {
  return `${email}\0${change.scope}\0${change.workspace ?? ""}\0${change.item}`;
}
