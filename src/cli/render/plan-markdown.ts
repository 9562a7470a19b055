/**
 * The plan as markdown fit for a pull-request comment: a summary, the refusals (if any), then one table per
 * group (workspaces, users, elements) with a row per change, and what the plan leaves alone. Split into chunks
 * below the comment limit by markdown-chunks.ts. Every value from the account or the declaration is escaped.
 */

import type { Plan } from "../../reconcile/operations.ts";
import { formatViolation } from "../../violations/violation.ts";
import {
  type DescribedChange,
  describePlan,
  elementSubject,
  groupChanges,
  KIND_SYMBOL,
  type ReportContext,
  summarizePlan,
  summaryInWords,
} from "./describe-change.ts";
import { mdText } from "./escape.ts";
import { type MarkdownBlock, splitMarkdown } from "./markdown-chunks.ts";
import { placementBlocks } from "./placement-lines.ts";
import { NO_CHANGES, NO_CHANGES_REFUSED } from "./plan-text.ts";
import { timeBoundTable } from "./time-bound-grants.ts";

const SUBJECT_LABEL = { workspace: "Workspace", user: "User", element: "Element" } as const;

/** A table row of one change. */
function changeRow(change: DescribedChange): string {
  const cells = [
    `\`${KIND_SYMBOL[change.kind]}\``,
    mdText(change.subject),
    mdText(change.what),
    change.from === "" ? "—" : mdText(change.from),
    change.to === "" ? "—" : mdText(change.to),
    mdText(change.reason),
  ];
  return `| ${cells.join(" | ")} |`;
}

/** The tables of grouped changes (shared with the drift report). */
export function changeTables(changes: DescribedChange[], headingLevel = "####"): MarkdownBlock[] {
  return groupChanges(changes).map(({ group, heading, subjects }) => ({
    kind: "table",
    caption: [`${headingLevel} ${heading} (${subjects.length})`, ""],
    header: [`| | ${SUBJECT_LABEL[group]} | Change | From | To | Why |`, "|---|---|---|---|---|---|"],
    rows: subjects.flatMap(({ changes: list }) => list.map(changeRow)),
  }));
}

/** Tables of what a plan leaves alone: unmanaged elements and expired invitations. */
export function leftAloneTables(
  plan: Pick<Plan, "unmanagedElements" | "expiredInvitations">,
  headingLevel = "####",
): MarkdownBlock[] {
  const blocks: MarkdownBlock[] = [];
  if (plan.unmanagedElements.length > 0) {
    blocks.push({
      kind: "table",
      caption: [`${headingLevel} Unmanaged elements (${plan.unmanagedElements.length}): left where they are`, ""],
      header: ["| Element | Workspace |", "|---|---|"],
      rows: plan.unmanagedElements.map((e) => `| ${mdText(elementSubject(e.kind, e.name))} | ${mdText(e.workspace)} |`),
    });
  }
  if (plan.expiredInvitations.length > 0) {
    blocks.push({
      kind: "table",
      caption: [`${headingLevel} Expired invitations (${plan.expiredInvitations.length})`, ""],
      header: ["| User | Expired |", "|---|---|"],
      rows: plan.expiredInvitations.map((i) => `| ${mdText(i.email)} | ${mdText(i.expiredAt)} |`),
    });
  }
  return blocks;
}

/** Refusals as a markdown list block. */
export function refusalBlock(refusals: Plan["refusals"]): MarkdownBlock[] {
  if (refusals.length === 0) return [];
  return [
    {
      kind: "lines",
      lines: [
        `**Refused (${refusals.length}): this plan will not be applied.**`,
        "",
        ...refusals.map((v) => `- ${mdText(formatViolation(v))}`),
      ],
    },
  ];
}

/** The blocks of a plan's markdown report. */
export function planMarkdownBlocks(plan: Plan, context: ReportContext): MarkdownBlock[] {
  const changes = describePlan(plan);
  const summary =
    changes.length === 0
      ? plan.refusals.length > 0
        ? NO_CHANGES_REFUSED
        : NO_CHANGES
      : `**Plan:** ${summaryInWords(summarizePlan(plan))} (${plan.operations.length} operations).`;
  return [
    {
      kind: "lines",
      lines: [`### tracker-access plan: ${mdText(context.account)} (${mdText(context.tracker)})`, "", summary],
    },
    ...refusalBlock(plan.refusals),
    ...changeTables(changes),
    ...leftAloneTables(plan),
    ...placementBlocks(plan),
    ...timeBoundTable(plan),
  ];
}

/** Renders a plan as one or more markdown comments, each shorter than `limit` (default 65,000) characters. */
export function renderPlanMarkdown(plan: Plan, context: ReportContext, options: { limit?: number } = {}): string[] {
  return splitMarkdown(planMarkdownBlocks(plan, context), { label: "tracker-access plan", limit: options.limit });
}
