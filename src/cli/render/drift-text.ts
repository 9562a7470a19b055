/**
 * The drift report as terminal text: every difference between the account and its declaration grouped by
 * workspace, user and element, the users and elements the declaration does not manage, expired invitations and
 * what keeps the declaration from being applied. The scheduled access review reads this.
 */

import { ALL_WORKSPACES } from "../../declaration/model.ts";
import type { Difference, DriftReport, DriftValue } from "../../reconcile/drift.ts";
import { singleLine } from "../../violations/single-line.ts";
import { formatViolation } from "../../violations/violation.ts";
import { CHANGE_GROUPS, describeDifference, elementSubject, type ReportContext } from "./describe-change.ts";

/** A user in the account that the declaration does not name. */
export interface UnmanagedUser {
  email: string;
  /** The difference in words: "user eve@acme.test: present as worker, not declared". */
  description: string;
}

/** Users present in the account but not declared: the differences whose fix is a removal. */
export function unmanagedUsers(report: DriftReport): UnmanagedUser[] {
  return report.differences
    .filter((d) => d.entity === "user" && d.field === "exists" && d.want === false)
    .map((d) => ({ email: d.key, description: describeDifference(d) }));
}

/** A drift value in words: present/absent for existence, lists joined, "none" for an empty list. */
export function driftValueInWords(value: DriftValue, field: Difference["field"]): string {
  if (typeof value === "boolean") return field === "exists" ? (value ? "present" : "absent") : String(value);
  if (Array.isArray(value)) return value.length === 0 ? "none" : value.join(", ");
  return value === ALL_WORKSPACES ? "all workspaces" : value;
}

/** Differences grouped by entity in display order. */
export function groupDifferences(
  differences: Difference[],
): Array<{ heading: string; entity: string; list: Difference[] }> {
  return CHANGE_GROUPS.map(({ group, heading }) => ({
    heading,
    entity: group,
    list: differences.filter((d) => d.entity === group),
  })).filter((g) => g.list.length > 0);
}

/** "3 differences" / "1 difference". */
export function differenceCount(n: number): string {
  return `${n} ${n === 1 ? "difference" : "differences"}`;
}

/**
 * Said instead of "in sync" when nothing differs but refusals (a declared element the account lacks) kept parts
 * of the declaration from being compared: a refused comparison never claims a match.
 */
export const NOT_COMPARED =
  "Not checked: the declaration cannot be matched to the account (see the refusals above), so drift cannot be ruled out.";

/** The report's one-word state for its heading: "in sync", "not checked" or "3 differences". */
export function driftState(report: DriftReport): string {
  const n = report.differences.length;
  if (n > 0) return differenceCount(n);
  return report.refusals.length > 0 ? "not checked" : "in sync";
}

/** Renders a drift report as text, ending with a newline. */
export function renderDriftText(report: DriftReport, context: ReportContext): string {
  const n = report.differences.length;
  const lines = [`tracker-access drift for ${context.account} (${context.tracker}): ${driftState(report)}`];
  // Phase 1: the differences.
  for (const { heading, list } of groupDifferences(report.differences)) {
    lines.push("", heading, ...list.map((d) => `  ${describeDifference(d)}`));
  }
  // Phase 2: what the declaration does not manage, and invitations nobody accepted.
  const unmanaged = unmanagedUsers(report);
  if (unmanaged.length > 0) {
    lines.push("", `Unmanaged users (${unmanaged.length}, in the account but not declared; apply removes them)`);
    lines.push(...unmanaged.map((u) => `  ${u.email}`));
  }
  if (report.unmanagedElements.length > 0) {
    lines.push(
      "",
      `Unmanaged elements (${report.unmanagedElements.length}, not in the declaration; left where they are)`,
    );
    lines.push(...report.unmanagedElements.map((e) => `  ${elementSubject(e.kind, e.name)} in ${e.workspace}`));
  }
  if (report.expiredInvitations.length > 0) {
    lines.push("", `Expired invitations (${report.expiredInvitations.length})`);
    lines.push(...report.expiredInvitations.map((i) => `  ${i.email}: expired ${i.expiredAt}`));
  }
  // Phase 3: refusals, then the verdict.
  if (report.refusals.length > 0) {
    lines.push("", `The declaration cannot be applied as it stands (${report.refusals.length})`);
    lines.push(...report.refusals.map((v) => `  ${formatViolation(v)}`));
  }
  lines.push(
    "",
    n === 0
      ? report.refusals.length > 0
        ? NOT_COMPARED
        : "In sync: the account matches the declaration."
      : `Drift: ${differenceCount(n)}. \`tracker-access plan\` shows the changes that restore the declared state.`,
  );
  return `${lines.map(singleLine).join("\n")}\n`;
}
