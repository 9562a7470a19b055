/**
 * The time-bound grants of a plan, for the text plan and the pull-request comment: every declared `until` still
 * ahead, next to its user, with how long it has left at the plan's time ("expires in 5 days").
 */
import type { Plan } from "../../reconcile/operations.ts";
import { mdText } from "./escape.ts";
import type { MarkdownBlock } from "./markdown-chunks.ts";

/** `freelancer@studio.test in launch-q1: expires in 5 days (until 2027-01-15)`. */
function grantInWords(grant: NonNullable<Plan["timeBound"]>[number]): string {
  const what = grant.workspace === undefined ? grant.email : `${grant.email} in ${grant.workspace}`;
  return `${what}: ${grant.expiresIn} (until ${grant.until})`;
}

/** The text lines of the plan's time-bound grants (none without any). */
export function timeBoundLines(plan: Pick<Plan, "timeBound">): string[] {
  const grants = plan.timeBound ?? [];
  if (grants.length === 0) return [];
  return ["", `Time-bound grants (${grants.length})`, ...grants.map((g) => `  ${grantInWords(g)}`)];
}

/** The markdown table of the plan's time-bound grants (none without any). */
export function timeBoundTable(plan: Pick<Plan, "timeBound">, headingLevel = "####"): MarkdownBlock[] {
  const grants = plan.timeBound ?? [];
  if (grants.length === 0) return [];
  return [
    {
      kind: "table",
      caption: [`${headingLevel} Time-bound grants (${grants.length})`, ""],
      header: ["| User | Workspace | Expires | Until |", "|---|---|---|---|"],
      rows: grants.map(
        (g) =>
          `| ${mdText(g.email)} | ${g.workspace === undefined ? "whole grant" : mdText(g.workspace)} | ${mdText(g.expiresIn)} | ${mdText(g.until)} |`,
      ),
    },
  ];
}
