/**
 * A user's `workspaces:` items and `until:` as the file writes them — a name, or `{ name, until }` for a
 * membership that ends — turned into the model's plain names plus the ends of the time-bound ones, each with
 * the position of its `until`.
 */
import { type GrantExpiry, untilInstant } from "./grant-expiry.ts";
import { ALL_WORKSPACES, type UserDeclaration } from "./model.ts";
import type { FilePositions } from "./source-map.ts";

/** One item of a user's `workspaces:` list in the file. */
export type MembershipItem = string | { name: string; until?: string };

/** The user fields of the file that time-bound grants concern. */
interface UserFields {
  workspaces?: MembershipItem[] | typeof ALL_WORKSPACES;
  until?: string;
}

/** The model's `workspaces`, `until` and `membershipUntil` of a user at JSON pointer `path` of the file. */
export function timeBoundGrant(
  user: UserFields,
  path: string,
  positions: FilePositions,
): Pick<UserDeclaration, "workspaces" | "until" | "membershipUntil"> {
  const expiry = (until: string, at: string): GrantExpiry => ({
    until,
    endsAt: untilInstant(until),
    at: positions.at(at),
  });
  const grant: Pick<UserDeclaration, "workspaces" | "until" | "membershipUntil"> = { workspaces: [] };
  if (user.until !== undefined) grant.until = expiry(user.until, `${path}/until`);
  const items: MembershipItem[] | typeof ALL_WORKSPACES = user.workspaces ?? [];
  if (items === ALL_WORKSPACES) {
    grant.workspaces = "*";
    return grant;
  }
  if (items.every((item) => typeof item === "string")) {
    grant.workspaces = items;
    return grant;
  }
  const names: string[] = [];
  items.forEach((item, index) => {
    if (typeof item === "string") {
      names.push(item);
      return;
    }
    names.push(item.name);
    if (item.until === undefined) return;
    grant.membershipUntil ??= new Map();
    // A workspace listed twice is `ref/duplicate` (check-grants.ts); the first end counts.
    if (!grant.membershipUntil.has(item.name)) {
      grant.membershipUntil.set(item.name, expiry(item.until, `${path}/workspaces/${index}/until`));
    }
  });
  grant.workspaces = names;
  return grant;
}
