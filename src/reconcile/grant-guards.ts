/**
 * guard/self-lockout for time-bound grants: the API key's owner may not hold an `until`, on the whole grant or on
 * a membership. When it passed, the plan would take the key's own access away, and the key could not undo it;
 * the plan is refused at the `until` as soon as it is declared, not only once it has passed.
 */
import { emailKey } from "../declaration/model.ts";
import type { Violation } from "../violations/violation.ts";
import { violationAt } from "../violations/violation-at.ts";
import type { PlanContext } from "./plan-context.ts";

/** A refusal at every `until` of the declared user who owns the API key. */
export function checkGrantGuards(ctx: Pick<PlanContext, "want" | "have">): Violation[] {
  const actor = emailKey(ctx.have.actor.email);
  const self = ctx.want.users.find((u) => emailKey(u.email) === actor);
  if (self === undefined) return [];
  const violations: Violation[] = [];
  const owner = `${self.email} (the API key's owner)`;
  if (self.until !== undefined) {
    const message = `the grant of ${owner} cannot expire (\`until: ${self.until.until}\`): the key would lose its own access`;
    violations.push(violationAt("guard/self-lockout", self.until.at, message));
  }
  for (const [workspace, expiry] of self.membershipUntil ?? []) {
    const message = `the membership in ${workspace} of ${owner} cannot expire (\`until: ${expiry.until}\`): the key would lose its own access`;
    violations.push(violationAt("guard/self-lockout", expiry.at, message));
  }
  return violations;
}
