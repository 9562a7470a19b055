/**
 * What changed in who can do what between two access reviews, user by user: the access each user gained and
 * lost (a workspace they now see or no longer see, an element kind's level going up or down in a workspace, a
 * settings section, a column hidden or shown again), and role changes. Pure: compares two sets of effective
 * permissions (effective-permissions.ts), the previous one as a saved `review --format json` holds it.
 */
import { emailKey } from "../declaration/model.ts";
import { ELEMENT_ACCESS_LEVELS, SETTINGS_ACCESS_LEVELS } from "./access-levels.ts";
import type { EffectivePermissions, UserPermissions } from "./effective-permissions.ts";

/** What one change is about: a workspace's visibility, an element kind in a workspace, a section, a column. */
export type AccessChangeScope = "workspace" | "element" | "setting" | "hidden-column";

/** One access that went up or down. */
export interface AccessChange {
  scope: AccessChangeScope;
  /** The workspace, for `workspace` and `element` changes. */
  workspace?: string;
  /** The element kind, section or column; `visible` for a workspace's visibility. */
  item: string;
  /** The level before and after: element and settings levels, `visible`/`none`, `hidden`/`shown`. */
  before: string;
  after: string;
}

/** Everything that changed for one user. */
export interface UserAccessChanges {
  email: string;
  /** `added`: not in the previous review; `removed`: not in this one; `changed`: in both. */
  status: "added" | "removed" | "changed";
  /** The role before (absent for an added user) and now (absent for a removed one). */
  roleBefore?: string;
  roleAfter?: string;
  gained: AccessChange[];
  lost: AccessChange[];
}

/** Per scope, the levels weakest first: a move to the right is a gain. */
const LEVELS: Record<AccessChangeScope, readonly string[]> = {
  workspace: ["none", "visible"],
  element: ELEMENT_ACCESS_LEVELS,
  setting: SETTINGS_ACCESS_LEVELS,
  "hidden-column": ["hidden", "shown"],
};

/** Per scope, the level of an access a review does not list: no access, and a column not hidden. */
const ABSENT: Record<AccessChangeScope, string> = {
  workspace: "none",
  element: "none",
  setting: "none",
  "hidden-column": "shown",
};

/**
 * The changes from `previous` to `current`, one entry per user with any (role changes included): users of
 * `current` in its order, then the removed users in `previous`'s order. E-mails compare as e-mails do.
 */
export function accessChanges(previous: EffectivePermissions, current: EffectivePermissions): UserAccessChanges[] {
  const before = new Map(previous.map((u) => [emailKey(u.email), u]));
  const now = new Set(current.map((u) => emailKey(u.email)));
  const result: UserAccessChanges[] = [];
  for (const user of current) {
    const old = before.get(emailKey(user.email));
    const changes = compare(old, user);
    const roleChanged = old !== undefined && old.role !== user.role;
    if (old !== undefined && !roleChanged && changes.gained.length === 0 && changes.lost.length === 0) continue;
    result.push({
      email: user.email,
      status: old === undefined ? "added" : "changed",
      ...(old !== undefined ? { roleBefore: old.role } : {}),
      roleAfter: user.role,
      ...changes,
    });
  }
  for (const old of previous) {
    if (now.has(emailKey(old.email))) continue;
    result.push({ email: old.email, status: "removed", roleBefore: old.role, ...compare(old, undefined) });
  }
  return result;
}

/** The gains and losses of one user; an absent side has no access at all. */
function compare(
  before: UserPermissions | undefined,
  after: UserPermissions | undefined,
): Pick<UserAccessChanges, "gained" | "lost"> {
  const old = levelsOf(before);
  const now = levelsOf(after);
  const gained: AccessChange[] = [];
  const lost: AccessChange[] = [];
  for (const key of new Set([...now.keys(), ...old.keys()])) {
    const entry = now.get(key) ?? old.get(key);
    // A new or a removed user's hidden columns are no change of what they see: they see nothing, or everything new.
    if (entry === undefined || (entry.scope === "hidden-column" && (before === undefined || after === undefined)))
      continue;
    const levels = LEVELS[entry.scope];
    const from = old.get(key)?.level ?? ABSENT[entry.scope];
    const to = now.get(key)?.level ?? ABSENT[entry.scope];
    if (from === to) continue;
    const change: AccessChange = {
      scope: entry.scope,
      ...(entry.workspace !== undefined ? { workspace: entry.workspace } : {}),
      item: entry.item,
      before: from,
      after: to,
    };
    (levels.indexOf(to) > levels.indexOf(from) ? gained : lost).push(change);
  }
  return { gained, lost };
}

interface Level {
  scope: AccessChangeScope;
  workspace?: string;
  item: string;
  level: string;
}

/** Every access of a user as keyed levels, in review order (workspaces, their kinds, settings, columns). */
function levelsOf(user: UserPermissions | undefined): Map<string, Level> {
  const levels = new Map<string, Level>();
  if (user === undefined) return levels;
  const add = (level: Level) => levels.set(`${level.scope}\0${level.workspace ?? ""}\0${level.item}`, level);
  for (const w of user.workspaces) {
    add({ scope: "workspace", workspace: w.workspace, item: "visible", level: w.visible ? "visible" : "none" });
    for (const [kind, level] of Object.entries(w.elements)) {
      add({ scope: "element", workspace: w.workspace, item: kind, level });
    }
  }
  for (const [section, level] of Object.entries(user.settings)) add({ scope: "setting", item: section, level });
  // A hidden column is access lost; shown is the default, so only hidden ones are listed.
  for (const column of user.hiddenColumns) add({ scope: "hidden-column", item: column, level: "hidden" });
  return levels;
}
