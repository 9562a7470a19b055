/**
 * What element selectors placed, for the plan's text and markdown forms: one line per selector saying which
 * entry (`match:` as written, file:line) places how many elements in which workspace, and the plan's warnings
 * (`element/selector-unmatched`). Each moved element's own line already names its entry in its reason; the
 * JSON form lists every placed element (plan-json.ts).
 */
import type { Plan } from "../../reconcile/operations.ts";
import type { SelectorPlacement } from "../../reconcile/resolve-selectors.ts";
import { formatViolation } from "../../violations/violation.ts";
import { mdText } from "./escape.ts";
import type { MarkdownBlock } from "./markdown-chunks.ts";

/** `by \`match: {kind: campaign, name: EU *}\` at access/eu.yaml:12: 120 elements in eu-team`. */
export function placementLine(placement: SelectorPlacement): string {
  const count = placement.elements.length;
  return `by \`${placement.match}\` at ${placement.file}:${placement.line}: ${count} ${count === 1 ? "element" : "elements"} in ${placement.workspace}`;
}

/** The text lines of a plan's placements and warnings (none without selectors or warnings). */
export function placementTextLines(plan: Pick<Plan, "placements" | "warnings">): string[] {
  const lines: string[] = [];
  const placements = plan.placements ?? [];
  if (placements.length > 0) {
    lines.push("", `Placed by selectors (${placements.length})`);
    for (const placement of placements) lines.push(`  ${placementLine(placement)}`);
  }
  const warnings = plan.warnings ?? [];
  if (warnings.length > 0) {
    lines.push("", `Warnings (${warnings.length})`);
    for (const v of warnings) lines.push(`  ${formatViolation(v)}`);
  }
  return lines;
}

/** The markdown blocks of a plan's placements (a table) and warnings (a list). */
export function placementBlocks(plan: Pick<Plan, "placements" | "warnings">, headingLevel = "####"): MarkdownBlock[] {
  const blocks: MarkdownBlock[] = [];
  const placements = plan.placements ?? [];
  if (placements.length > 0) {
    blocks.push({
      kind: "table",
      caption: [`${headingLevel} Placed by selectors (${placements.length})`, ""],
      header: ["| Selector | At | Elements | Workspace |", "|---|---|---|---|"],
      rows: placements.map(
        (p) =>
          `| ${mdText(p.match)} | ${mdText(`${p.file}:${p.line}`)} | ${p.elements.length} | ${mdText(p.workspace)} |`,
      ),
    });
  }
  const warnings = plan.warnings ?? [];
  if (warnings.length > 0) {
    blocks.push({
      kind: "lines",
      lines: [`**Warnings (${warnings.length})**`, "", ...warnings.map((v) => `- ${mdText(formatViolation(v))}`)],
    });
  }
  return blocks;
}
