/**
 * Guardrails where the account is involved: a plan refused for the declaration's broken error guardrails (as the
 * planner refuses for its actor rules and guards), and the live account judged by the same rules, for drift.
 * Pure, like `plan()`.
 */
import type { Guardrails } from "../declaration/guardrails-model.ts";
import { type Declaration, emailKey, type SourcePosition } from "../declaration/model.ts";
import { declaredSubject } from "../policy/guardrails-check.ts";
import { evaluateGuardrails, type GuardrailSubject } from "../policy/guardrails-evaluate.ts";
import type { Profile } from "../policy/profile.ts";
import { sortViolations, type Violation } from "../violations/violation.ts";
import { type LiveAccount, liveMemberships, workspaceNames } from "./live-account.ts";
import type { Plan } from "./operations.ts";

/** `planned` refused also for `refusals` (the declaration's broken error guardrails); unchanged without any. */
export function withGuardrailRefusals(planned: Plan, refusals: Violation[]): Plan {
  if (refusals.length === 0) return planned;
  return { ...planned, refusals: sortViolations([...planned.refusals, ...refusals]) };
}

/**
 * Every way the live account `have` breaks `guardrails`, each message starting "in the account: ". A user the
 * declaration lists is reported at that entry; one it does not list at the declaration's first line, where the
 * removal guard reports undeclared users too. A pending invitation counts as a user: it is access on its way.
 * The tracker's API keeps no end for a grant (its users carry no `until`): for `untilWithinDays` a live user's
 * access ends where the declaration says it does (the next apply removes it then), and an undeclared user's never.
 */
export function liveGuardrailViolations(
  guardrails: Guardrails,
  have: LiveAccount,
  profile: Profile,
  declaration: Declaration,
  now: Date = new Date(),
): Violation[] {
  const declared = new Map(declaration.users.map((u) => [emailKey(u.email), declaredSubject(u)]));
  const start: SourcePosition = { file: declaration.files[0] ?? "", line: 1, column: 1, path: "" };
  const names = workspaceNames(have.workspaces, profile);
  const subjects: GuardrailSubject[] = have.users.map((u) => {
    const entry = declared.get(emailKey(u.email));
    return {
      email: u.email,
      role: u.role,
      workspaces: liveMemberships(u, names),
      hiddenColumns: [...(u.hiddenColumns ?? [])],
      // The API's users carry no end: a live grant ends when an apply removes it, at the declared `until`.
      ...(entry?.until !== undefined ? { until: entry.until } : {}),
      ...(entry?.membershipUntil !== undefined ? { membershipUntil: entry.membershipUntil } : {}),
      at: entry?.at ?? start,
    };
  });
  const workspaces = have.workspaces.map((w) => w.name);
  return evaluateGuardrails(guardrails, subjects, { workspaces, now, prefix: "in the account: " });
}
