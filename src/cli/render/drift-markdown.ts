/**
 * The drift report as markdown for an issue or pull-request comment: one table per group of differences
 * (declared value against the account's), unmanaged users and elements, expired invitations and refusals. Split
 * below the comment limit like plans.
 */
import type { DriftReport } from "../../reconcile/drift.ts";
import { type ReportContext, unacceptedWords } from "./describe-change.ts";
import { differenceCount, driftValueInWords, groupDifferences, NOT_COMPARED, unmanagedUsers } from "./drift-text.ts";
import { mdText } from "./escape.ts";
import { type MarkdownBlock, splitMarkdown } from "./markdown-chunks.ts";
import { leftAloneTables, refusalBlock } from "./plan-markdown.ts";

const SUBJECT_LABEL: Record<string, string> = { workspace: "Workspace", user: "User", element: "Element" };

/** The blocks of a drift report. */
export function driftMarkdownBlocks(report: DriftReport, context: ReportContext): MarkdownBlock[] {
  const n = report.differences.length;
  const verdict =
    n === 0
      ? report.refusals.length > 0
        ? `**${NOT_COMPARED.replace(":", ":**")}`
        : "**In sync:** the account matches the declaration."
      : `**Drift:** ${differenceCount(n)} from the declaration.`;
  const blocks: MarkdownBlock[] = [
    {
      kind: "lines",
      lines: [`### tracker-access drift: ${mdText(context.account)} (${mdText(context.tracker)})`, "", verdict],
    },
    ...refusalBlock(report.refusals),
  ];
  for (const { heading, entity, list } of groupDifferences(report.differences)) {
    blocks.push({
      kind: "table",
      caption: [`#### ${heading} (${list.length})`, ""],
      header: [`| ${SUBJECT_LABEL[entity]} | What | Declared | In the account |`, "|---|---|---|---|"],
      rows: list.map(
        (d) =>
          `| ${mdText(d.key)} | ${mdText(d.field)} | ${mdText(driftValueInWords(d.want, d.field))} | ${mdText(d.sent !== undefined ? unacceptedWords(d.sent) : driftValueInWords(d.have, d.field))} |`,
      ),
    });
  }
  const unmanaged = unmanagedUsers(report);
  if (unmanaged.length > 0) {
    blocks.push({
      kind: "lines",
      lines: [
        `#### Unmanaged users (${unmanaged.length}): in the account, not declared`,
        "",
        ...unmanaged.map((u) => `- ${mdText(u.email)}`),
      ],
    });
  }
  blocks.push(...leftAloneTables(report));
  return blocks;
}

/** Renders a drift report as one or more markdown comments, each shorter than `limit` (default 65,000). */
export function renderDriftMarkdown(
  report: DriftReport,
  context: ReportContext,
  options: { limit?: number } = {},
): string[] {
  return splitMarkdown(driftMarkdownBlocks(report, context), { label: "tracker-access drift", limit: options.limit });
}
