/**
 * The access review as one self-contained HTML page a person reads at a glance: a users × workspaces matrix
 * colour-coded by the highest element access (none / use / edit / create), the settings access and hidden
 * columns of every user, and the per-kind detail in each cell's tooltip and disclosure. Inline CSS, no script,
 * no external resource; every string from the declaration or the account is escaped (escape.ts: e-mails and
 * names are user data, shown with controls and invisible characters as the text report shows them).
 */
import type { SettingsAccess } from "../../policy/profile.ts";
import { type CellLevel, cellInWords, cellLevels, summarizeCell } from "./access-levels.ts";
import { escapeHtml } from "./escape.ts";
import { CHANGE_STYLES, cellMark, changesSection, removedRows } from "./review-changes-html.ts";
import type { ReviewInput } from "./review-json.ts";

/**
 * Background and text colour of each matrix level (a sequential scale: darker is more access); `visible` is a
 * workspace on a tracker without element kinds.
 */
export const ACCESS_COLOURS: Record<CellLevel, { background: string; text: string }> = {
  none: { background: "#f1f3f5", text: "#868e96" },
  use: { background: "#d0ebff", text: "#1c3d5a" },
  edit: { background: "#74c0fc", text: "#0b2740" },
  create: { background: "#1971c2", text: "#ffffff" },
  visible: { background: "#1971c2", text: "#ffffff" },
};

/** Background and text colour of each settings access level. */
export const SETTINGS_COLOURS: Record<SettingsAccess, { background: string; text: string }> = {
  none: { background: "#f1f3f5", text: "#868e96" },
  view: { background: "#d3f9d8", text: "#1b4d23" },
  edit: { background: "#2f9e44", text: "#ffffff" },
};

/** The page's stylesheet. */
function stylesheet(): string {
  const rules = [
    "body{font:14px/1.4 system-ui,-apple-system,'Segoe UI',sans-serif;margin:24px;color:#212529}",
    "h1{font-size:20px;margin:0 0 4px}h2{font-size:16px;margin:28px 0 8px}p.meta{color:#495057;margin:0 0 12px}",
    "table{border-collapse:collapse}th,td{border:1px solid #dee2e6;padding:4px 8px;text-align:left;vertical-align:top}",
    "thead th{background:#f8f9fa;position:sticky;top:0}td.cell,td.setting{text-align:center;min-width:64px}",
    // The user column stays in view while many workspace columns scroll sideways (50 at PeerClick): the table
    // scrolls inside its own box, the row headers stick to its left edge, the corner above both ways.
    ".scroll{overflow:auto;max-width:100%;max-height:85vh}",
    "tbody th[scope=row]{position:sticky;left:0;background:#fff;z-index:1}",
    "thead th:first-child{left:0;z-index:2}",
    "td.cell details{font-size:11px;text-align:left}td.cell summary{cursor:pointer;font-size:14px;text-align:center}",
    ".legend span{display:inline-block;padding:2px 10px;margin-right:6px;border-radius:3px}",
    ".role{color:#495057}.columns{font-family:ui-monospace,monospace;font-size:12px}",
  ];
  for (const [level, c] of Object.entries(ACCESS_COLOURS)) {
    rules.push(`.access-${level}{background:${c.background};color:${c.text}}`);
  }
  for (const [level, c] of Object.entries(SETTINGS_COLOURS)) {
    rules.push(`.settings-${level}{background:${c.background};color:${c.text}}`);
  }
  rules.push(...CHANGE_STYLES);
  return rules.join("\n");
}

/** The users × workspaces matrix. */
function matrix(input: ReviewInput): string {
  const head = input.workspaces.map((w) => `<th scope="col">${escapeHtml(w)}</th>`).join("");
  const rows = input.users.map((user) => {
    const cells = user.workspaces.map((w) => {
      const summary = summarizeCell(w);
      const detail = Object.entries(w.elements)
        .map(([kind, level]) => `${kind}: ${level}`)
        .join("; ");
      const mark = cellMark(input, user.email, w.workspace);
      const below =
        summary.below.length > 0
          ? `<details><summary>${mark?.marker ?? ""}${summary.top}</summary>${escapeHtml(detail)}</details>`
          : `${mark?.marker ?? ""}${summary.top}`;
      return (
        `<td class="cell access-${summary.top}${mark?.className ?? ""}"${mark?.attributes ?? ""} data-user="${escapeHtml(user.email)}" data-workspace="${escapeHtml(w.workspace)}"` +
        ` data-access="${summary.top}" title="${escapeHtml(cellInWords(summary) + (mark?.title ?? ""))}">${below}</td>`
      );
    });
    return `<tr><th scope="row">${escapeHtml(user.email)} <span class="role">(${escapeHtml(user.role)})</span></th>${cells.join("")}</tr>`;
  });
  rows.push(...removedRows(input));
  return `<div class="scroll"><table class="matrix"><thead><tr><th>User</th>${head}</tr></thead><tbody>\n${rows.join("\n")}\n</tbody></table></div>`;
}

/** Settings access and hidden columns per user. */
function settingsTable(input: ReviewInput): string {
  const sections = input.profile.settingsSections;
  const hasColumns = input.profile.columns.length > 0;
  const head =
    sections.map((s) => `<th scope="col">${escapeHtml(s.label)}</th>`).join("") +
    (hasColumns ? "<th>Hidden columns</th>" : "");
  const rows = input.users.map((user) => {
    const cells = sections.map((s) => {
      const level = user.settings[s.name] ?? "none";
      return `<td class="setting settings-${level}" data-user="${escapeHtml(user.email)}" data-section="${escapeHtml(s.name)}">${level}</td>`;
    });
    const columns = hasColumns
      ? `<td class="columns" data-user="${escapeHtml(user.email)}">${user.hiddenColumns.length > 0 ? escapeHtml(user.hiddenColumns.join(", ")) : "none"}</td>`
      : "";
    return `<tr><th scope="row">${escapeHtml(user.email)}</th>${cells.join("")}${columns}</tr>`;
  });
  return `<div class="scroll"><table class="settings"><thead><tr><th>User</th>${head}</tr></thead><tbody>\n${rows.join("\n")}\n</tbody></table></div>`;
}

/** Renders the review as a complete HTML page. */
export function renderReviewHtml(input: ReviewInput): string {
  const { context, profile, users, workspaces } = input;
  const title = `Access review: ${context.account} (${profile.displayName})`;
  const noun = profile.workspaceNoun;
  const legend = cellLevels(profile)
    .map((level) => `<span class="access-${level}">${level}</span>`)
    .join("");
  const explained =
    profile.elementKinds.length > 0
      ? `Each cell shows the highest element access in that ${escapeHtml(noun)}; open it for every element kind.`
      : `Each cell shows whether the user sees that ${escapeHtml(noun)}: visible or none.`;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>
${stylesheet()}
</style>
</head>
<body>
<h1>${escapeHtml(title)}</h1>
<p class="meta">${users.length} users, ${workspaces.length} ${escapeHtml(noun)}s; tracker profile ${escapeHtml(context.tracker)}.
${explained}</p>
<p class="legend">${legend}</p>
<h2>Users × ${escapeHtml(noun)}s</h2>
${matrix(input)}
<h2>Settings and hidden columns</h2>
${settingsTable(input)}
${changesSection(input)}</body>
</html>
`;
}
