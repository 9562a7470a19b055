/**
 * The access review as markdown: a users × workspaces matrix of the highest element access (with the kinds
 * below it), the per-kind table of every visible workspace, settings access, and hidden columns. Every name is
 * escaped (escape.ts): e-mails, workspaces and columns are user data.
 */
import { cellInWords, summarizeCell } from "./access-levels.ts";
import { mdText } from "./escape.ts";
import { joinMarkdown, type MarkdownBlock } from "./markdown-chunks.ts";
import { changesMarkdown } from "./review-changes.ts";
import type { ReviewInput } from "./review-json.ts";

/** Renders the review as one markdown document. */
export function renderReviewMarkdown(input: ReviewInput): string {
  const { context, profile, workspaces, users } = input;
  const blocks: MarkdownBlock[] = [
    {
      kind: "lines",
      lines: [
        `### Access review: ${mdText(context.account)} (${mdText(profile.displayName)})`,
        "",
        `${users.length} users, ${workspaces.length} ${mdText(profile.workspaceNoun)}s. ` +
          (profile.elementKinds.length > 0
            ? "Access levels: none < use < edit < create; a cell shows the highest level and the kinds below it."
            : `A cell shows whether the user sees the ${mdText(profile.workspaceNoun)}: visible or none.`),
      ],
    },
  ];
  // Phase 1: the matrix.
  blocks.push({
    kind: "table",
    caption: [`#### ${mdText(capitalize(profile.workspaceNoun))} access`, ""],
    header: [
      `| User | Role | ${workspaces.map(mdText).join(" | ")} |`,
      `|---|---|${workspaces.map(() => "---|").join("")}`,
    ],
    rows: users.map(
      (u) =>
        `| ${mdText(u.email)} | ${mdText(u.role)} | ${u.workspaces.map((w) => mdText(cellInWords(summarizeCell(w)))).join(" | ")} |`,
    ),
  });
  // Phase 2: per element kind, only where the user sees the workspace.
  if (profile.elementKinds.length > 0) {
    const kinds = profile.elementKinds;
    blocks.push({
      kind: "table",
      caption: ["#### Element access by kind", ""],
      header: [
        `| User | ${mdText(capitalize(profile.workspaceNoun))} | ${kinds.map((k) => mdText(k.label)).join(" | ")} |`,
        `|---|---|${kinds.map(() => "---|").join("")}`,
      ],
      rows: users.flatMap((u) =>
        u.workspaces
          .filter((w) => w.visible)
          .map(
            (w) =>
              `| ${mdText(u.email)} | ${mdText(w.workspace)} | ${kinds.map((k) => w.elements[k.name] ?? "none").join(" | ")} |`,
          ),
      ),
    });
  }
  // Phase 3: settings and hidden columns.
  const sections = profile.settingsSections;
  if (sections.length > 0) {
    blocks.push({
      kind: "table",
      caption: ["#### Settings", ""],
      header: [
        `| User | ${sections.map((s) => mdText(s.label)).join(" | ")} |`,
        `|---|${sections.map(() => "---|").join("")}`,
      ],
      rows: users.map(
        (u) => `| ${mdText(u.email)} | ${sections.map((s) => u.settings[s.name] ?? "none").join(" | ")} |`,
      ),
    });
  }
  if (profile.columns.length > 0) {
    blocks.push({
      kind: "table",
      caption: ["#### Hidden columns", ""],
      header: ["| User | Hidden columns |", "|---|---|"],
      rows: users.map(
        (u) =>
          `| ${mdText(u.email)} | ${u.hiddenColumns.length > 0 ? u.hiddenColumns.map(mdText).join(", ") : "none"} |`,
      ),
    });
  }
  if (input.changes !== undefined) blocks.push(changesMarkdown(input.changes));
  return joinMarkdown(blocks);
}

/** "workspace" → "Workspace". */
function capitalize(word: string): string {
  return word.charAt(0).toUpperCase() + word.slice(1);
}
