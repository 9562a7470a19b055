/**
 * The changes since the last review (`review --against FILE`), as every review format shows them: what a
 * change says in words, which matrix cells gained or lost access, and the markdown section listing them user by
 * user. The changes themselves are computed by policy/access-changes.ts.
 */
import type { AccessChange, UserAccessChanges } from "../../policy/access-changes.ts";
import { mdText } from "./escape.ts";
import type { MarkdownBlock } from "./markdown-chunks.ts";

/** The changes a review shows, and what they were compared with. */
export interface ReviewChanges {
  /** The saved review compared with, as given on the command line. */
  against: string;
  /** The saved review's tracker and account. */
  previous: { tracker: string; account: string };
  /** One entry per user with a change: users of this review in order, then the removed ones. */
  users: UserAccessChanges[];
}

/** How a matrix cell changed: access gained, lost, or some of each (one kind up, another down). */
export type CellChange = "gained" | "lost" | "gained-and-lost";

/** `campaign in eu-team: none → create`, `workspace apac-team: none → visible`, `column cost: shown → hidden`. */
export function changeInWords(change: AccessChange): string {
  const subject =
    change.scope === "element"
      ? `${change.item} in ${change.workspace ?? ""}`
      : change.scope === "workspace"
        ? `workspace ${change.workspace ?? ""}`
        : change.scope === "setting"
          ? `setting ${change.item}`
          : `column ${change.item}`;
  return `${subject}: ${change.before} → ${change.after}`;
}

/**
 * Changes in one direction as short lines, one per workspace (its visibility first, then element kinds grouped
 * by their levels), one for settings, one for columns: `us-team: workspace none → visible; campaign, offer
 * none → create`.
 */
export function changeLines(changes: AccessChange[]): string[] {
  const groups = new Map<string, Map<string, string[]>>();
  const add = (group: string, levels: string, item: string) => {
    const byLevels = groups.get(group) ?? new Map<string, string[]>();
    byLevels.set(levels, [...(byLevels.get(levels) ?? []), item]);
    groups.set(group, byLevels);
  };
  for (const c of changes) {
    const levels = `${c.before} → ${c.after}`;
    if (c.scope === "workspace") add(`${c.workspace ?? ""}`, levels, "workspace");
    else if (c.scope === "element") add(`${c.workspace ?? ""}`, levels, c.item);
    else add(c.scope === "setting" ? "\0settings" : "\0columns", levels, c.item);
  }
  return [...groups].map(([group, byLevels]) => {
    const parts = [...byLevels].map(([levels, items]) => `${items.join(", ")} ${levels}`);
    return `${group.replace("\0", "")}: ${parts.join("; ")}`;
  });
}

/** `added (worker)`, `removed (was worker)`, `role admin → worker`, or `` when the role stayed. */
export function statusInWords(user: UserAccessChanges): string {
  if (user.status === "added") return `added (${user.roleAfter ?? ""})`;
  if (user.status === "removed") return `removed (was ${user.roleBefore ?? ""})`;
  return user.roleBefore !== user.roleAfter ? `role ${user.roleBefore ?? ""} → ${user.roleAfter ?? ""}` : "";
}

/** How the cell of `email` × `workspace` changed, or undefined when it did not. */
export function cellChange(user: UserAccessChanges | undefined, workspace: string): CellChange | undefined {
  if (user === undefined) return undefined;
  const inCell = (c: AccessChange) => c.workspace === workspace;
  const gained = user.gained.some(inCell);
  const lost = user.lost.some(inCell);
  if (gained && lost) return "gained-and-lost";
  return gained ? "gained" : lost ? "lost" : undefined;
}

/** The changes of `email` (compared as the changes list spells it), or undefined. */
export function changesOf(changes: ReviewChanges | undefined, email: string): UserAccessChanges | undefined {
  return changes?.users.find((u) => u.email === email);
}

/** One line saying what the changes were compared with and how many users changed. */
export function changesHeadline(changes: ReviewChanges): string {
  const gained = changes.users.filter((u) => u.gained.length > 0).length;
  const lost = changes.users.filter((u) => u.lost.length > 0).length;
  const n = changes.users.length;
  return n === 0
    ? `No access changed since the review in ${changes.against}.`
    : `Since the review in ${changes.against}: ${n} ${n === 1 ? "user" : "users"} changed, ${gained} gained access, ${lost} lost access.`;
}

/** The markdown section of the changes: a table, user by user, of every access gained and lost. */
export function changesMarkdown(changes: ReviewChanges): MarkdownBlock {
  const rows: string[] = [];
  for (const user of changes.users) {
    const status = statusInWords(user);
    if (status !== "") rows.push(`| ${mdText(user.email)} | ${mdText(status)} | |`);
    for (const line of changeLines(user.gained)) rows.push(`| ${mdText(user.email)} | gained | ${mdText(line)} |`);
    for (const line of changeLines(user.lost)) rows.push(`| ${mdText(user.email)} | lost | ${mdText(line)} |`);
  }
  const caption = ["#### Changes since the last review", "", mdText(changesHeadline(changes))];
  if (rows.length === 0) return { kind: "lines", lines: caption };
  return {
    kind: "table",
    caption: [...caption, ""],
    header: ["| User | Change | Access |", "|---|---|---|"],
    rows,
  };
}
