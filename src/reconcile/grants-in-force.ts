/**
 * The declaration as it stands at one instant: a user past their `until` is as if not declared, and so is a
 * membership past its own. The planner plans from what is in force, so the next apply removes what expired
 * behind the same guards as any removal; what expired, and what is still to expire, is kept for the reasons
 * of the operations, for drift ("expired 2027-01-15, still in launch-q1") and for the plan's report.
 */
import { expiresInWords, grantExpired } from "../declaration/grant-expiry.ts";
import { ALL_WORKSPACES, type Declaration, emailKey, type UserDeclaration } from "../declaration/model.ts";
import type { Operation } from "./operations.ts";

/** A time-bound grant still in force: the user, or one of their memberships, and when it ends. */
export interface TimeBoundGrant {
  email: string;
  /** The workspace of a membership that ends; absent when the whole grant ends. */
  workspace?: string;
  /** The `until` as declared. */
  until: string;
  /** "expires in 5 days", at the plan's time. */
  expiresIn: string;
}

/** What expired by the plan's time, by user e-mail key. */
export interface ExpiredGrants {
  /** Users whose whole grant expired: e-mail key → the `until`. */
  users: Map<string, string>;
  /** Memberships that expired: e-mail key → workspace name → the `until`. */
  memberships: Map<string, Map<string, string>>;
}

/** A declaration at one instant. */
export interface GrantsInForce {
  /** The declaration without what expired. */
  declaration: Declaration;
  expired: ExpiredGrants;
  /** Grants with an `until` still ahead, in declaration order. */
  timeBound: TimeBoundGrant[];
}

/** `want` as it stands at `now`. The declaration is returned as it is when none of its users has an `until`. */
export function grantsInForce(want: Declaration, now: Date): GrantsInForce {
  const expired: ExpiredGrants = { users: new Map(), memberships: new Map() };
  const timeBound: TimeBoundGrant[] = [];
  if (!want.users.some((u) => u.until !== undefined || u.membershipUntil !== undefined)) {
    return { declaration: want, expired, timeBound };
  }
  const users: UserDeclaration[] = [];
  for (const user of want.users) {
    const key = emailKey(user.email);
    if (grantExpired(user.until, now)) {
      if (!expired.users.has(key)) expired.users.set(key, user.until?.until ?? "");
      continue;
    }
    if (user.until !== undefined) {
      timeBound.push({ email: user.email, until: user.until.until, expiresIn: expiresInWords(user.until, now) });
    }
    const ends = user.membershipUntil;
    if (ends === undefined || user.workspaces === ALL_WORKSPACES) {
      users.push(user);
      continue;
    }
    const gone = new Map<string, string>();
    for (const [workspace, expiry] of ends) {
      if (grantExpired(expiry, now)) gone.set(workspace, expiry.until);
      else
        timeBound.push({ email: user.email, workspace, until: expiry.until, expiresIn: expiresInWords(expiry, now) });
    }
    if (gone.size === 0) {
      users.push(user);
      continue;
    }
    if (!expired.memberships.has(key)) expired.memberships.set(key, gone);
    users.push({ ...user, workspaces: user.workspaces.filter((w) => !gone.has(w)) });
  }
  return { declaration: { ...want, users }, expired, timeBound };
}

/**
 * Says why each removal of an expired grant happens: a user removed because their grant expired, a membership
 * left because its `until` passed. Rewrites the reasons of `operations` in place and marks them `expired`.
 */
export function explainExpiries(operations: Operation[], expired: ExpiredGrants): void {
  if (expired.users.size === 0 && expired.memberships.size === 0) return;
  for (const op of operations) {
    if (op.type === "remove-user") {
      const until = expired.users.get(emailKey(op.email));
      if (until === undefined) continue;
      op.expired = until;
      op.reason = `grant expired ${until} (declared \`until\`)`;
    }
    if (op.type === "set-memberships" && op.from !== ALL_WORKSPACES) {
      const gone = expired.memberships.get(emailKey(op.email));
      if (gone === undefined) continue;
      const left = op.from.filter((w) => gone.has(w) && (op.to === ALL_WORKSPACES || !op.to.includes(w)));
      if (left.length === 0) continue;
      op.expired = left.map((workspace) => ({ workspace, until: gone.get(workspace) ?? "" }));
      const ended = op.expired.map((e) => `${e.workspace} expired ${e.until}`).join(", ");
      op.reason = `membership in ${ended} (declared \`until\`); ${op.reason}`;
    }
  }
}
