/**
 * Judges users against a team's guardrails: which users each rule selects (`when`) and which of them break a
 * requirement (`require`). Pure: the same users, rules and `now` give the same violations. The users are the
 * declaration's (guardrails-check.ts) or the live account's (reconcile/guardrails.ts), in one shape.
 *
 * `untilWithinDays` holds for the grant the rule targets: a rule that selects by `workspace` targets the
 * memberships it matches, and each must end in time, by its own `until` (`{ name, until }`) or the user's; any
 * other rule targets the whole grant, which only the user's own `until` ends (a membership's end leaves the
 * role and the other workspaces in force).
 */
import { untilInstant } from "../declaration/grant-expiry.ts";
import type { GuardrailRule, Guardrails } from "../declaration/guardrails-model.ts";
import { ALL_WORKSPACES, type SourcePosition, type WorkspaceGrant } from "../declaration/model.ts";
import { guardrailViolationAt } from "../violations/guardrail-violation.ts";
import { sortViolations, type Violation } from "../violations/violation.ts";
import { matchesAnyGlob } from "./glob.ts";

/** A user as guardrails see one: declared or live. */
export interface GuardrailSubject {
  email: string;
  role: string;
  /** Private workspaces by name, or "*" for every workspace. */
  workspaces: WorkspaceGrant;
  hiddenColumns: string[];
  /** When the whole grant ends, as written (an RFC 3339 date-time or a date), where it is time-bound. */
  until?: string;
  /** When single memberships end (`{ name, until }`), by workspace name, as written; absent when none does. */
  membershipUntil?: ReadonlyMap<string, string>;
  /** Where a violation about this user is reported: the user's entry. */
  at: SourcePosition;
}

/** What a judgement needs besides the users. */
export interface GuardrailScope {
  /** Every private workspace (what a "*" membership means). */
  workspaces: string[];
  /** The moment `untilWithinDays` counts from. */
  now: Date;
  /** Put before each message: "in the account: " for live users. */
  prefix?: string;
}

const DAY_MS = 24 * 60 * 60 * 1000;

/** Every way `subjects` break `guardrails`, sorted by position. */
export function evaluateGuardrails(
  guardrails: Guardrails,
  subjects: GuardrailSubject[],
  scope: GuardrailScope,
): Violation[] {
  const violations: Violation[] = [];
  for (const rule of guardrails.rules) {
    const selected = subjects.filter((s) => selects(rule, s, scope));
    const report = (subject: GuardrailSubject, fact: string) => {
      const why = rule.description === undefined ? "" : `${rule.description}; `;
      const message = `${scope.prefix ?? ""}${fact} (${why}rule at ${rule.at.file}:${rule.at.line})`;
      violations.push(guardrailViolationAt(rule.id, rule.severity, subject.at, message));
    };
    for (const subject of selected) {
      for (const fact of brokenRequirements(rule, subject, scope)) report(subject, fact);
    }
    const most = rule.require.atMost;
    if (most !== undefined && selected.length > most) {
      for (const [i, subject] of selected.slice(most).entries()) {
        report(
          subject,
          `${subject.email} is user ${most + i + 1} of ${selected.length} ${selection(rule)}; at most ${most} allowed`,
        );
      }
    }
  }
  return sortViolations(violations);
}

/** Whether `rule`'s conditions all hold for `subject`. */
function selects(rule: GuardrailRule, subject: GuardrailSubject, scope: GuardrailScope): boolean {
  const { role, emailDomain, workspace } = rule.when;
  if (role !== undefined && !role.includes(subject.role)) return false;
  if (emailDomain !== undefined && !matchesAnyGlob(emailDomain, domainOf(subject.email))) return false;
  if (workspace !== undefined && !memberships(subject, scope).some((w) => matchesAnyGlob(workspace, w))) return false;
  return true;
}

/** One fact per requirement of `rule` (other than `atMost`) that `subject` breaks. */
function brokenRequirements(rule: GuardrailRule, subject: GuardrailSubject, scope: GuardrailScope): string[] {
  const facts: string[] = [];
  const who = `${subject.email} (${subject.role})`;
  const req = rule.require;
  if (req.hiddenColumns !== undefined) {
    const hidden = new Set(subject.hiddenColumns);
    const missing = req.hiddenColumns.filter((c) => !hidden.has(c));
    if (missing.length > 0) facts.push(`${who} does not hide ${missing.join(", ")}`);
  }
  if (req.emailDomain !== undefined && !matchesAnyGlob(req.emailDomain, domainOf(subject.email))) {
    facts.push(`${who} has e-mail domain ${domainOf(subject.email)}, not ${req.emailDomain.join(" or ")}`);
  }
  if (req.workspaces !== undefined) {
    const outside = memberships(subject, scope).filter((w) => !matchesAnyGlob(req.workspaces ?? [], w));
    const all = subject.workspaces === ALL_WORKSPACES ? ` (all workspaces)` : "";
    if (outside.length > 0) {
      facts.push(`${who} is a member of ${outside.join(", ")}${all}, outside ${req.workspaces.join(", ")}`);
    }
  }
  if (req.notRole?.includes(subject.role))
    facts.push(`${subject.email} has role ${subject.role}, which this rule forbids`);
  if (req.untilWithinDays !== undefined) {
    for (const fact of untilProblems(rule, subject, req.untilWithinDays, scope)) facts.push(`${who} ${fact}`);
  }
  return facts;
}

/**
 * Why the grant `rule` targets does not end within `days` of the scope's `now`, one fact per grant: the whole
 * grant, or (for a rule selecting by `workspace`) each matched membership; none when every one ends in time.
 */
function untilProblems(rule: GuardrailRule, subject: GuardrailSubject, days: number, scope: GuardrailScope): string[] {
  const limit = `access must end within ${days} ${days === 1 ? "day" : "days"}`;
  const whole = grantProblem(subject.until, days, scope.now);
  const targeted = rule.when.workspace;
  if (whole === undefined) return [];
  if (targeted === undefined) return [`${whole}; ${limit}`];
  const facts: string[] = [];
  for (const workspace of memberships(subject, scope).filter((w) => matchesAnyGlob(targeted, w))) {
    const own = membershipUntil(subject, workspace);
    if (own === undefined) {
      const none = subject.until === undefined || subject.until === "";
      facts.push(`${none ? `has no \`until\`, nor one on its membership in ${workspace}` : whole}; ${limit}`);
      continue;
    }
    const problem = grantProblem(own, days, scope.now);
    if (problem === undefined) continue;
    const ends = untilInstant(own);
    facts.push(
      Number.isNaN(ends)
        ? `has \`until: ${own}\` on its membership in ${workspace}, which is not a date; ${limit}`
        : `is a member of ${workspace} until ${own}, ${daysAway(ends, scope.now)} days away; ${limit}`,
    );
  }
  return facts;
}

/** Why a grant ending at `until` does not end within `days` of `now`, or undefined when it does. */
function grantProblem(until: string | undefined, days: number, now: Date): string | undefined {
  if (until === undefined || until === "") return "has no `until`";
  const ends = untilInstant(until);
  if (Number.isNaN(ends)) return `has \`until: ${until}\`, which is not a date`;
  if ((ends - now.getTime()) / DAY_MS <= days) return undefined;
  return `has access until ${until}, ${daysAway(ends, now)} days away`;
}

/** Whole days from `now` to `ends`, rounded up. */
function daysAway(ends: number, now: Date): number {
  return Math.ceil((ends - now.getTime()) / DAY_MS);
}

/** The `until` of `subject`'s membership in `workspace` (names compared as trackers do), if it has one. */
function membershipUntil(subject: GuardrailSubject, workspace: string): string | undefined {
  if (subject.membershipUntil === undefined) return undefined;
  const key = workspace.trim().toLowerCase();
  for (const [name, until] of subject.membershipUntil) if (name.trim().toLowerCase() === key) return until;
  return undefined;
}

/** The workspaces `subject` is a member of, "*" as every workspace of the scope. */
function memberships(subject: GuardrailSubject, scope: GuardrailScope): string[] {
  return subject.workspaces === ALL_WORKSPACES ? scope.workspaces : subject.workspaces;
}

/** The domain of an e-mail address: what follows its last `@`, lower case. */
function domainOf(email: string): string {
  return email
    .slice(email.lastIndexOf("@") + 1)
    .trim()
    .toLowerCase();
}

/** The users a rule selects, in words: "with role admin", "with e-mail domain *.client.test". */
function selection(rule: GuardrailRule): string {
  const parts: string[] = [];
  if (rule.when.role) parts.push(`role ${rule.when.role.join(" or ")}`);
  if (rule.when.emailDomain) parts.push(`e-mail domain ${rule.when.emailDomain.join(" or ")}`);
  if (rule.when.workspace) parts.push(`membership of ${rule.when.workspace.join(" or ")}`);
  return parts.length === 0 ? "users" : `users with ${parts.join(" and ")}`;
}
