/**
 * A declaration checked against its tracker's profile and a team's guardrails: the entry point of
 * `validate|plan|apply|drift --guardrails FILE` and of the Pulumi stack's `tracker-access:guardrails`. The
 * guardrails file's own mistakes are violations in it (declaration/guardrails-load.ts); a rule that names a role
 * or column the tracker lacks is a warning there; every broken rule is `guardrail/<id>` at the user's entry.
 */
import { loadGuardrails } from "../declaration/guardrails-load.ts";
import type { Guardrails } from "../declaration/guardrails-model.ts";
import type { Declaration, UserDeclaration } from "../declaration/model.ts";
import { sortViolations, type Violation } from "../violations/violation.ts";
import { violationAt } from "../violations/violation-at.ts";
import { type CheckResult, checkDeclaration } from "./check-declaration.ts";
import { type GrantClock, wallClock } from "./check-grants.ts";
import { evaluateGuardrails, type GuardrailSubject } from "./guardrails-evaluate.ts";
import type { Profile } from "./profile.ts";

/** A checked declaration, with the guardrails it was checked against when they could be read. */
export interface GuardedCheckResult extends CheckResult {
  guardrails?: Guardrails;
}

/**
 * `checkDeclaration(paths)`, and with `guardrailsFile` the guardrails too: their file's violations and every
 * way the declaration breaks them, in one sorted list. Throws DeclarationIoError when a path cannot be read.
 */
export async function checkDeclarationWithGuardrails(
  paths: string[],
  guardrailsFile: string | undefined,
  clock: GrantClock = wallClock(),
): Promise<GuardedCheckResult> {
  const checked = await checkDeclaration(paths, clock);
  const { now } = clock;
  if (guardrailsFile === undefined) return checked;
  const loaded = await loadGuardrails(guardrailsFile);
  const { declaration, profile } = checked;
  const found = [...checked.violations, ...loaded.violations];
  if (loaded.guardrails !== undefined && declaration !== undefined && profile !== undefined) {
    for (const v of checkGuardrails(loaded.guardrails, declaration, profile, now)) found.push(v);
  }
  const result: GuardedCheckResult = { ...checked, violations: sortViolations(found) };
  if (loaded.guardrails !== undefined) result.guardrails = loaded.guardrails;
  return result;
}

/** Every way `declaration` breaks `guardrails`, and the names in them that `profile` does not know. */
export function checkGuardrails(
  guardrails: Guardrails,
  declaration: Declaration,
  profile: Profile,
  now: Date,
): Violation[] {
  const subjects = declaration.users.map(declaredSubject);
  const workspaces = declaration.workspaces.map((w) => w.name);
  return sortViolations([
    ...unknownNames(guardrails, profile),
    ...evaluateGuardrails(guardrails, subjects, { workspaces, now }),
  ]);
}

/**
 * A declared user as guardrails see one: the memberships by name (a `{ name, until }` item is its name, so the
 * `workspace` condition and the `workspaces` requirement see it like any other), the user's own `until` and the
 * `until`s of single memberships as written.
 */
export function declaredSubject(user: UserDeclaration): GuardrailSubject {
  const subject: GuardrailSubject = {
    email: user.email,
    role: user.role,
    workspaces: user.workspaces,
    hiddenColumns: user.hiddenColumns ?? [],
    at: user.at,
  };
  if (user.until !== undefined) subject.until = user.until.until;
  if (user.membershipUntil !== undefined) {
    subject.membershipUntil = new Map([...user.membershipUntil].map(([name, expiry]) => [name, expiry.until]));
  }
  return subject;
}

/** `guardrails/unknown-name` for each role and column a rule names that the tracker does not have. */
function unknownNames(guardrails: Guardrails, profile: Profile): Violation[] {
  const roles = new Set(profile.roles.map((r) => r.name));
  const columns = new Set(profile.columns.map((c) => c.name));
  const violations: Violation[] = [];
  const check = (
    rule: Guardrails["rules"][number],
    key: string,
    names: string[] | undefined,
    known: Set<string>,
    what: string,
  ) => {
    const unknown = (names ?? []).filter((n) => !known.has(n));
    if (unknown.length === 0) return;
    const at = rule.keys[key] ?? rule.at;
    const message = `guardrail \`${rule.id}\` names ${what} ${unknown.map((n) => `\`${n}\``).join(", ")}, which ${profile.tracker} does not have; known: ${[...known].join(", ") || "(none)"}`;
    violations.push(violationAt("guardrails/unknown-name", at, message));
  };
  for (const rule of guardrails.rules) {
    check(rule, "when.role", rule.when.role, roles, "role");
    check(rule, "require.notRole", rule.require.notRole, roles, "role");
    check(rule, "require.hiddenColumns", rule.require.hiddenColumns, columns, "column");
  }
  return violations;
}
