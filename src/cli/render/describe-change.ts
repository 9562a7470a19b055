/**
 * Turns plan operations and drift differences into the lines a person reads: which user, workspace or element
 * changes, what of it, from what to what, and why. The one wording of a change: the text, markdown and json
 * renderers of plans and drift reports all take it from here (reconcile/drift.ts is data only), so they always
 * say the same thing. Pure; describes, never decides.
 */
import { ALL_WORKSPACES, type WorkspaceGrant } from "../../declaration/model.ts";
import type { Difference } from "../../reconcile/drift.ts";
import type { ElementMove, Operation, Plan } from "../../reconcile/operations.ts";

/** Which account a report is about, for headings. */
export interface ReportContext {
  /** Profile id: voluum, clickflare, ... */
  tracker: string;
  /** The account's label (declaration `account:` or the live account's name). */
  account: string;
}

/** What a change is about: the renderers group by it. */
export type ChangeGroup = "workspace" | "user" | "element";

/** Whether something is added, changed or removed (`+`, `~`, `-`). */
export type ChangeKind = "add" | "change" | "remove";

/** One readable change: a line of a rendered plan. */
export interface DescribedChange {
  group: ChangeGroup;
  /** The entity by its human key: an e-mail, a workspace name, `campaign "EU Summer Push"`. */
  subject: string;
  kind: ChangeKind;
  /**
   * For a change, the aspect that changes (role, workspaces, hidden columns, invitation); for an addition or
   * removal, what is done (create workspace, invite as worker, remove user, revoke invitation).
   */
  what: string;
  /** The value before, in words ("" for an addition). */
  from: string;
  /** The value after, in words ("" for a removal). */
  to: string;
  /** Why, from the planner. */
  reason: string;
  /** The operation this line comes from. */
  operationId: string;
}

/** Counts of operations by kind, for summary lines. */
export interface ChangeSummary {
  add: number;
  change: number;
  remove: number;
  /** Number of operations (a group move is one). */
  operations: number;
}

/** The groups in display order, with their headings. */
export const CHANGE_GROUPS: ReadonlyArray<{ group: ChangeGroup; heading: string }> = [
  { group: "workspace", heading: "Workspaces" },
  { group: "user", heading: "Users" },
  { group: "element", heading: "Elements" },
];

/** The symbol of a change kind in text and markdown. */
export const KIND_SYMBOL: Record<ChangeKind, string> = { add: "+", change: "~", remove: "-" };

/** A list of workspace or column names in words: "eu-team, us-team", "all workspaces", "none". */
export function listInWords(names: WorkspaceGrant, all = "all workspaces"): string {
  if (names === ALL_WORKSPACES) return all;
  return names.length === 0 ? "none" : names.join(", ");
}

/** `kind "name"`: how an element is named in reports. */
export function elementSubject(kind: string, name: string): string {
  return `${kind} "${name}"`;
}

/** The readable changes of one operation (a group move gives one line per element). */
export function describeOperation(op: Operation): DescribedChange[] {
  const base = { reason: op.reason, operationId: op.id };
  switch (op.type) {
    case "create-workspace":
      return [
        { ...base, group: "workspace", subject: op.workspace, kind: "add", what: "create workspace", from: "", to: "" },
      ];
    case "delete-workspace":
      return [
        {
          ...base,
          group: "workspace",
          subject: op.workspace,
          kind: "remove",
          what: "delete workspace",
          from: "",
          to: "",
        },
      ];
    case "invite-user": {
      const columns = op.hiddenColumns.length > 0 ? `; hidden columns: ${op.hiddenColumns.join(", ")}` : "";
      const to = `workspaces: ${listInWords(op.workspaces)}${columns}`;
      return [{ ...base, group: "user", subject: op.email, kind: "add", what: `invite as ${op.role}`, from: "", to }];
    }
    case "resend-invitation":
      return [
        {
          ...base,
          group: "user",
          subject: op.email,
          kind: "change",
          what: "invitation",
          from: `expired ${op.expiredAt}`,
          to: "re-sent",
        },
      ];
    case "change-role":
      return [{ ...base, group: "user", subject: op.email, kind: "change", what: "role", from: op.from, to: op.to }];
    case "set-memberships":
      return [
        {
          ...base,
          group: "user",
          subject: op.email,
          kind: "change",
          what: "workspaces",
          from: listInWords(op.from),
          to: listInWords(op.to),
        },
      ];
    case "set-hidden-columns":
      return [
        {
          ...base,
          group: "user",
          subject: op.email,
          kind: "change",
          what: "hidden columns",
          from: listInWords(op.from),
          to: listInWords(op.to),
        },
      ];
    case "remove-user":
      return [
        {
          ...base,
          group: "user",
          subject: op.email,
          kind: "remove",
          what: op.pending ? "revoke invitation" : "remove user",
          from: op.role,
          to: "",
        },
      ];
    case "move-element":
      return [describeMove(op, base, "workspace")];
    case "move-element-group":
      return op.moves.map((move) => describeMove(move, base, `workspace (one move of ${op.moves.length} connected)`));
  }
}

/** One element move as a change line. */
function describeMove(move: ElementMove, base: { reason: string; operationId: string }, what: string): DescribedChange {
  return {
    ...base,
    group: "element",
    subject: elementSubject(move.kind, move.name),
    kind: "change",
    what,
    from: move.from,
    to: move.to,
  };
}

/** Every readable change of a plan, in plan order. */
export function describePlan(plan: Pick<Plan, "operations">): DescribedChange[] {
  return plan.operations.flatMap(describeOperation);
}

/**
 * Changes grouped for display: group order of CHANGE_GROUPS, subjects in first-appearance order (the planner's
 * order), each subject's lines in plan order.
 */
export function groupChanges(changes: DescribedChange[]): Array<{
  group: ChangeGroup;
  heading: string;
  subjects: Array<{ subject: string; changes: DescribedChange[] }>;
}> {
  return CHANGE_GROUPS.map(({ group, heading }) => {
    const bySubject = new Map<string, DescribedChange[]>();
    for (const change of changes) {
      if (change.group !== group) continue;
      const list = bySubject.get(change.subject);
      if (list) list.push(change);
      else bySubject.set(change.subject, [change]);
    }
    return { group, heading, subjects: [...bySubject].map(([subject, list]) => ({ subject, changes: list })) };
  }).filter((g) => g.subjects.length > 0);
}

/** Counts a plan's operations as additions, changes and removals. */
export function summarizePlan(plan: Pick<Plan, "operations">): ChangeSummary {
  const summary: ChangeSummary = { add: 0, change: 0, remove: 0, operations: plan.operations.length };
  for (const op of plan.operations) {
    const kind = describeOperation(op)[0]?.kind ?? "change";
    summary[kind] += 1;
  }
  return summary;
}

/** "3 to add, 4 to change, 1 to remove". */
export function summaryInWords(summary: ChangeSummary): string {
  return `${summary.add} to add, ${summary.change} to change, ${summary.remove} to remove`;
}

/**
 * A drift difference in one line, the account's value first: `user bob@acme.test: role is worker, declared
 * admin`, `workspace us-team: declared, missing`, `campaign "EU Summer Push": in us-team, declared in eu-team`.
 */
export function describeDifference(d: Difference): string {
  const names = (value: Difference["want"]) => listInWords(asList(value), "every workspace");
  switch (d.field) {
    case "exists":
      if (d.entity === "workspace")
        return `workspace ${d.key}: ${d.want ? "declared, missing" : "not declared, present"}`;
      if (d.want) return `user ${d.key}: declared as ${d.role}, not in the account`;
      if (d.expiredGrant !== undefined)
        return `user ${d.key}: expired ${d.expiredGrant}, still ${undeclaredStanding(d)}`;
      return `user ${d.key}: ${undeclaredStanding(d)}, not declared`;
    case "invitation":
      if (d.sent !== undefined) {
        return `user ${d.key}: ${unacceptedWords(d.sent)} (last expired at ${d.expiredAt})`;
      }
      return `user ${d.key}: invitation ${d.have}`;
    case "role":
      return `user ${d.key}: role is ${d.have}, declared ${d.want}`;
    case "workspaces": {
      const expired = (d.expiredMemberships ?? []).map((e) => `expired ${e.until}, still in ${e.workspace}; `).join("");
      return `user ${d.key}: ${expired}workspaces are ${names(d.have)}, declared ${names(d.want)}`;
    }
    case "hiddenColumns":
      return `user ${d.key}: hidden columns are ${names(d.have)}, declared ${names(d.want)}`;
    case "workspace":
      return `${d.key}: in ${d.have}, declared in ${d.want}`;
  }
}

/** An invitation sent `sent` times and never accepted: `invited 3 times, never accepted`. */
export function unacceptedWords(sent: number): string {
  return `invited ${sent} ${sent === 1 ? "time" : "times"}, never accepted`;
}

/** An undeclared user as the account holds it: a member with a role, or an invitation pending or expired. */
function undeclaredStanding(d: Difference): string {
  if (!d.pending) return `present as ${d.role}`;
  return d.expiredAt === undefined ? "invitation pending" : `invitation expired at ${d.expiredAt}`;
}

/** A list-valued drift side as listInWords takes it. */
function asList(value: Difference["want"]): WorkspaceGrant {
  if (Array.isArray(value)) return value;
  return value === ALL_WORKSPACES ? ALL_WORKSPACES : [String(value)];
}
