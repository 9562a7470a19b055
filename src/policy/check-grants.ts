/**
 * Checks the time-bound grants of the declared users at a given time: an `until` that names no real instant
 * (`schema/invalid`), a grant already past its `until` (`grant/expired`: the next apply removes it) or ending
 * within the warning window (`grant/expires-soon`), an owner whose grant would end (`guard/owner-immutable`), and
 * a workspace listed twice, once with an `until`.
 */
import { daysLeft, type GrantExpiry, grantExpired } from "../declaration/grant-expiry.ts";
import { ALL_WORKSPACES, type UserDeclaration } from "../declaration/model.ts";
import type { CheckContext } from "./check-context.ts";

/** Days before an `until` that `validate` starts warning `grant/expires-soon`, unless told otherwise. */
export const DEFAULT_EXPIRES_SOON_DAYS = 7;

/** The time grants are judged at, and how early an ending grant is announced. */
export interface GrantClock {
  now: Date;
  /** `grant/expires-soon` for an `until` less than this many days after `now`. */
  expiresSoonDays: number;
}

/** The current time and the default warning window. */
export function wallClock(): GrantClock {
  return { now: new Date(), expiresSoonDays: DEFAULT_EXPIRES_SOON_DAYS };
}

/** Checks the `until`s of every declared user at `clock`. */
export function checkGrants(ctx: CheckContext, clock: GrantClock): void {
  const owner = ctx.profile.ownerRole;
  for (const user of ctx.declaration.users) {
    if (user.until !== undefined) {
      if (user.role === owner) {
        const message = `the ${owner} ${user.email} cannot have an \`until\`: the ${owner}'s grant never ends`;
        ctx.report("guard/owner-immutable", user.until.at, message);
      } else checkEnd(ctx, clock, user, user.until, "the grant");
    }
    for (const [workspace, expiry] of user.membershipUntil ?? []) {
      checkEnd(ctx, clock, user, expiry, `the membership in ${workspace}`);
    }
    checkRepeatedMemberships(ctx, user);
  }
}

function checkEnd(ctx: CheckContext, clock: GrantClock, user: UserDeclaration, expiry: GrantExpiry, what: string) {
  if (Number.isNaN(expiry.endsAt)) {
    const message = `\`until: ${expiry.until}\` names no day or time the calendar has`;
    ctx.report("schema/invalid", expiry.at, message);
    return;
  }
  if (grantExpired(expiry, clock.now)) {
    const message = `${what} of ${user.email} expired ${expiry.until}; the next apply removes it`;
    ctx.report("grant/expired", expiry.at, message);
    return;
  }
  const days = daysLeft(expiry, clock.now);
  if (days <= clock.expiresSoonDays) {
    const message = `${what} of ${user.email} expires in ${days} ${days === 1 ? "day" : "days"} (${expiry.until})`;
    ctx.report("grant/expires-soon", expiry.at, message);
  }
}

/** `[eu-team, { name: eu-team, until: … }]`: the schema's uniqueItems sees two different items. */
function checkRepeatedMemberships(ctx: CheckContext, user: UserDeclaration): void {
  if (user.membershipUntil === undefined || user.workspaces === ALL_WORKSPACES) return;
  const seen = new Set<string>();
  user.workspaces.forEach((name, index) => {
    if (seen.has(name)) {
      const message = `${user.email} lists workspace ${name} twice; list it once (with its \`until\`, if it ends)`;
      ctx.report("ref/duplicate", user.at, message, `/workspaces/${index}`);
    }
    seen.add(name);
  });
}
