/**
 * The HTML review with `--against`: matrix cells whose access went up carry a green ▲ outline, those whose
 * access went down a red ▼ dashed outline (both: ▲▼), with the changes in the tooltip and `data-change`; users
 * removed since the saved review get a struck-through row of ▼ cells; a section lists every gain and loss user
 * by user. Every name is escaped (escape.ts).
 */

import type { AccessChange } from "../../policy/access-changes.ts";
import { escapeHtml } from "./escape.ts";
import {
  type CellChange,
  cellChange,
  changeLines,
  changesHeadline,
  changesOf,
  statusInWords,
} from "./review-changes.ts";
import type { ReviewInput } from "./review-json.ts";

/** The markers a changed cell shows before its level. */
export const CHANGE_MARKERS: Record<CellChange, string> = { gained: "▲", lost: "▼", "gained-and-lost": "▲▼" };

/** The stylesheet rules of changed cells and removed users. */
export const CHANGE_STYLES = [
  "td.change-gained{outline:3px solid #2f9e44;outline-offset:-3px}",
  "td.change-lost{outline:3px dashed #e03131;outline-offset:-3px}",
  "td.change-gained-and-lost{outline:3px double #f08c00;outline-offset:-3px}",
  ".marker{font-weight:bold;margin-right:3px}tr.removed th{text-decoration:line-through;color:#868e96}",
  "ul.changes li.gained::marker{content:'▲ ';color:#2f9e44}ul.changes li.lost::marker{content:'▼ ';color:#e03131}",
];

/** What a matrix cell adds when it changed: a class, attributes, a marker before its content, tooltip text. */
export interface CellMark {
  className: string;
  attributes: string;
  marker: string;
  title: string;
}

/** The mark of `email` × `workspace`, or undefined when the review has no changes or the cell did not change. */
export function cellMark(input: ReviewInput, email: string, workspace: string): CellMark | undefined {
  const user = changesOf(input.changes, email);
  const change = cellChange(user, workspace);
  if (user === undefined || change === undefined) return undefined;
  const inCell = (c: AccessChange) => c.workspace === workspace;
  const words = [
    ...changeLines(user.gained.filter(inCell)).map((line) => `gained ${line}`),
    ...changeLines(user.lost.filter(inCell)).map((line) => `lost ${line}`),
  ];
  return {
    className: ` change-${change}`,
    attributes: ` data-change="${change}"`,
    marker: `<span class="marker">${CHANGE_MARKERS[change]}</span>`,
    title: `; ${words.join("; ")}`,
  };
}

/** Matrix rows of the users removed since the saved review: every cell they saw is marked lost. */
export function removedRows(input: ReviewInput): string[] {
  return (input.changes?.users ?? [])
    .filter((u) => u.status === "removed")
    .map((user) => {
      const cells = input.workspaces.map((workspace) => {
        const mark = cellMark(input, user.email, workspace);
        return mark === undefined
          ? `<td class="cell access-none">none</td>`
          : `<td class="cell access-none${mark.className}"${mark.attributes} data-user="${escapeHtml(user.email)}" data-workspace="${escapeHtml(workspace)}" title="${escapeHtml(`none${mark.title}`)}">${mark.marker}none</td>`;
      });
      return `<tr class="removed"><th scope="row">${escapeHtml(user.email)} <span class="role">(${escapeHtml(statusInWords(user))})</span></th>${cells.join("")}</tr>`;
    });
}

/** The section listing every gain and loss, user by user; empty without `--against`. */
export function changesSection(input: ReviewInput): string {
  const changes = input.changes;
  if (changes === undefined) return "";
  const users = changes.users.map((user) => {
    const status = statusInWords(user);
    const items = [
      ...changeLines(user.gained).map((line) => `<li class="gained">gained ${escapeHtml(line)}</li>`),
      ...changeLines(user.lost).map((line) => `<li class="lost">lost ${escapeHtml(line)}</li>`),
    ];
    return `<h3>${escapeHtml(user.email)}${status !== "" ? ` <span class="role">${escapeHtml(status)}</span>` : ""}</h3>\n<ul class="changes">${items.join("")}</ul>`;
  });
  return `<h2>Changes since the last review</h2>\n<p class="meta">${escapeHtml(changesHeadline(changes))} ▲ gained, ▼ lost on the matrix above.</p>\n${users.join("\n")}\n`;
}
