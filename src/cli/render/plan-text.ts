/**
 * The plan as terminal text: changes grouped by workspace, user and element, one line per change saying what
 * changes from what to what and why, then what the plan leaves alone and why it is refused (if it is).
 */

import type { Plan } from "../../reconcile/operations.ts";
import { singleLine } from "../../violations/single-line.ts";
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
import { placementTextLines } from "./placement-lines.ts";
import { timeBoundLines } from "./time-bound-grants.ts";

/** A plan without operations or refusals: the only case that may say the account matches. */
export const NO_CHANGES = "No changes. The account matches the declaration.";

/** A plan without operations but with refusals: the comparison is incomplete, so it never claims a match. */
export const NO_CHANGES_REFUSED =
  "No changes planned, but the plan is refused (below): the account is not known to match the declaration.";

/** One change as a text line: `~ role: from worker to admin — declared admin in team.yaml:4`. */
export function changeLine(change: DescribedChange): string {
  return `${KIND_SYMBOL[change.kind]} ${changeInWords(change)} — ${change.reason}`;
}

/** A change without its reason: `role: from worker to admin`, `invite as worker: workspaces: eu`, `remove user (worker)`. */
export function changeInWords(change: DescribedChange): string {
  if (change.kind === "add") return change.to === "" ? change.what : `${change.what}: ${change.to}`;
  if (change.kind === "remove") return change.from === "" ? change.what : `${change.what} (${change.from})`;
  return `${change.what}: from ${change.from} to ${change.to}`;
}

/** The grouped change lines of a plan, indented under their group and subject headings. */
export function changeLines(changes: DescribedChange[]): string[] {
  const lines: string[] = [];
  for (const { heading, subjects } of groupChanges(changes)) {
    lines.push(heading);
    for (const { subject, changes: list } of subjects) {
      lines.push(`  ${subject}`);
      for (const change of list) lines.push(`    ${changeLine(change)}`);
    }
  }
  return lines;
}

/** What the plan leaves alone: unmanaged elements and expired invitations. */
export function leftAloneLines(plan: Pick<Plan, "unmanagedElements" | "expiredInvitations">): string[] {
  const lines: string[] = [];
  if (plan.unmanagedElements.length > 0) {
    lines.push(
      "",
      `Unmanaged elements (${plan.unmanagedElements.length}, not in the declaration; left where they are)`,
    );
    for (const e of plan.unmanagedElements) lines.push(`  ${elementSubject(e.kind, e.name)} in ${e.workspace}`);
  }
  if (plan.expiredInvitations.length > 0) {
    lines.push("", `Expired invitations (${plan.expiredInvitations.length})`);
    for (const i of plan.expiredInvitations) lines.push(`  ${i.email}: expired ${i.expiredAt}`);
  }
  return lines;
}

/** Renders a plan as text, ending with a newline. */
export function renderPlanText(plan: Plan, context: ReportContext): string {
  const lines = [`tracker-access plan for ${context.account} (${context.tracker})`, ""];
  const changes = describePlan(plan);
  if (changes.length > 0) lines.push(...changeLines(changes));
  else lines.push(plan.refusals.length > 0 ? NO_CHANGES_REFUSED : NO_CHANGES);
  lines.push(...leftAloneLines(plan), ...placementTextLines(plan), ...timeBoundLines(plan));
  if (plan.refusals.length > 0) {
    lines.push("", `Refused (${plan.refusals.length}): this plan will not be applied`);
    for (const v of plan.refusals) lines.push(`  ${formatViolation(v)}`);
  }
  if (changes.length > 0) {
    const verdict = plan.refusals.length > 0 ? " Refused: nothing will be applied." : "";
    lines.push("", `Plan: ${summaryInWords(summarizePlan(plan))}.${verdict}`);
  }
  return `${lines.map(singleLine).join("\n")}\n`;
}
