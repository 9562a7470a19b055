/**
 * The access review as CSV (RFC 4180), one row per user and permission: each workspace's visibility (scope
 * `workspace`, item `visible`, access `visible` or `none`), element access per workspace and kind,
 * settings access per section, and each hidden column. Every cell goes through `csvCell` (escape.ts): cells that
 * a spreadsheet would run as a formula are prefixed with an apostrophe, controls and invisible characters are
 * shown as the text report shows them; e-mails and names are user data.
 */
import { csvCell } from "./escape.ts";
import { withChangeColumns } from "./review-changes-csv.ts";
import type { ReviewInput } from "./review-json.ts";

/** The header row's columns. */
export const REVIEW_CSV_COLUMNS = ["email", "role", "scope", "workspace", "item", "access"] as const;

/** Renders the review as CSV with CRLF line ends; with `--against`, two more columns say what changed (review-changes-csv.ts). */
export function renderReviewCsv(input: ReviewInput): string {
  const rows = input.changes !== undefined ? withChangeColumns(reviewRows(input), input.changes) : reviewRows(input);
  return rows.map((row) => row.map(csvCell).join(",")).join("\r\n") + "\r\n";
}

/** The review's rows, the header first. */
export function reviewRows(input: ReviewInput): string[][] {
  const rows: string[][] = [[...REVIEW_CSV_COLUMNS]];
  for (const user of input.users) {
    for (const workspace of user.workspaces) {
      rows.push([
        user.email,
        user.role,
        "workspace",
        workspace.workspace,
        "visible",
        workspace.visible ? "visible" : "none",
      ]);
      for (const [kind, access] of Object.entries(workspace.elements)) {
        rows.push([user.email, user.role, "element", workspace.workspace, kind, access]);
      }
    }
    for (const [section, access] of Object.entries(user.settings)) {
      rows.push([user.email, user.role, "setting", "", section, access]);
    }
    for (const column of user.hiddenColumns) rows.push([user.email, user.role, "hidden-column", "", column, "hidden"]);
  }
  return rows;
}
