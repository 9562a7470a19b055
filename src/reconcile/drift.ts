/**
 * Drift: how the live account differs from the declaration, without changing anything. Every operation the plan
 * would run becomes one difference per entity and field (a group move, one per element); unmanaged elements and
 * expired invitations are listed as the plan lists them. An invitation sent as often as allowed and never accepted
 * is a difference no plan removes ("invited 3 times, never accepted"), for the access review to decide. Data only:
 * the words are cli/render's.
 */
import type { Declaration } from "../declaration/model.ts";
import { emailKey } from "../declaration/model.ts";
import type { Profile } from "../policy/profile.ts";
import type { Violation } from "../violations/violation.ts";
import { type UnacceptedInvitation, unacceptedInvitation } from "./invitation-sends.ts";
import { compareText, invitationExpired, type LiveAccount } from "./live-account.ts";
import type { Operation, RemoveUser, SetMemberships, UnmanagedElement } from "./operations.ts";
import { type PlanOptions, plan } from "./plan.ts";

/** A value on either side of a difference: presence, a name, or a list of names ("*" for every workspace). */
export type DriftValue = boolean | string | string[];

/**
 * One way the account differs from the declaration, as data: what differs and the values on either side. Its
 * words for people are the renderers' (cli/render/describe-change.ts `describeDifference`).
 */
export interface Difference {
  entity: "workspace" | "user" | "element";
  /** Workspace name, user e-mail (as declared where declared) or `kind "name"`. */
  key: string;
  /** What differs: `exists`, `invitation`, `role`, `workspaces`, `hiddenColumns` or `workspace` (of an element). */
  field: "exists" | "invitation" | "role" | "workspaces" | "hiddenColumns" | "workspace";
  want: DriftValue;
  have: DriftValue;
  /**
   * The plan operation that would remove the difference; `user:<email>:unaccepted` for an invitation sent as often
   * as allowed, which no plan removes (the access review decides).
   */
  operationId: string;
  /** A user's existence: the role declared (not in the account) or held (not declared). */
  role?: string;
  /** A user not declared: whether it is an invitation nobody accepted (`pending`) rather than a member. */
  pending?: boolean;
  /** A user not declared whose invitation has expired, or an expired invitation: when it expired. */
  expiredAt?: string;
  /** An invitation sent as often as allowed and never accepted: how many times it was sent. */
  sent?: number;
  /** Memberships still held past their `until` (time-bound grants). */
  expiredMemberships?: Array<{ workspace: string; until: string }>;
  /** A user still present past its grant's `until`: that `until`. */
  expiredGrant?: string;
}

/** The drift of an account from its declaration. */
export interface DriftReport {
  /** True when nothing differs and the plan has no refusals. */
  inSync: boolean;
  differences: Difference[];
  unmanagedElements: UnmanagedElement[];
  expiredInvitations: Array<{ email: string; expiredAt: string }>;
  /** Declared users whose invitation was sent as often as allowed, expired, and was never accepted. */
  unacceptedInvitations: UnacceptedInvitation[];
  /** What keeps the declaration from being applied as it stands (unknown elements, guards, actor rules). */
  refusals: Violation[];
}

/** Compares `want` with `have` and reports every difference. Pure, like `plan()`. */
export function driftReport(
  want: Declaration,
  have: LiveAccount,
  profile: Profile,
  options: PlanOptions = {},
): DriftReport {
  const planned = plan(want, have, profile, options);
  // Every expired invitation in the account, declared or not: an undeclared one is also a removal below.
  const now = options.now ?? new Date();
  const expired = new Map(
    have.users.filter((u) => invitationExpired(u, now)).map((u) => [u.id, u.invitationExpiresAt as string]),
  );
  const unaccepted = unacceptedInvitations(want, have, profile, now);
  const differences = [
    ...planned.operations.flatMap((op) => differencesOf(op, expired)),
    ...unaccepted.map(unacceptedDifference),
  ];
  return {
    inSync: differences.length === 0 && planned.refusals.length === 0,
    differences,
    unmanagedElements: planned.unmanagedElements,
    expiredInvitations: have.users
      .filter((u) => expired.has(u.id))
      .map((u) => ({ email: u.email, expiredAt: expired.get(u.id) as string }))
      .sort((a, b) => compareText(emailKey(a.email), emailKey(b.email))),
    unacceptedInvitations: unaccepted,
    refusals: planned.refusals,
  };
}

/** The declared users whose invitation the plan no longer re-sends, by e-mail. */
function unacceptedInvitations(
  want: Declaration,
  have: LiveAccount,
  profile: Profile,
  now: Date,
): UnacceptedInvitation[] {
  const live = new Map(have.users.map((u) => [emailKey(u.email), u]));
  return want.users
    .flatMap((user) => {
      const found = live.get(emailKey(user.email));
      const invitation = found === undefined ? undefined : unacceptedInvitation(user, found, profile, now);
      return invitation === undefined ? [] : [invitation];
    })
    .sort((a, b) => compareText(emailKey(a.email), emailKey(b.email)));
}

function unacceptedDifference(invitation: UnacceptedInvitation): Difference {
  return {
    entity: "user",
    key: invitation.email,
    field: "invitation",
    want: "accepted",
    have: "never accepted",
    operationId: `user:${emailKey(invitation.email)}:unaccepted`,
    expiredAt: invitation.expiredAt,
    sent: invitation.sent,
  };
}

/**
 * The differences an operation removes; `expired` maps the ids of users whose invitation has expired to its
 * expiry, so that an undeclared one says when it expired.
 */
export function differencesOf(op: Operation, expired: ReadonlyMap<string, string> = new Map()): Difference[] {
  switch (op.type) {
    case "create-workspace":
      return [diff(op, "workspace", op.workspace, "exists", true, false)];
    case "delete-workspace":
      return [diff(op, "workspace", op.workspace, "exists", false, true)];
    case "invite-user":
      return [{ ...diff(op, "user", op.email, "exists", true, false), role: op.role }];
    case "resend-invitation":
      return [
        {
          ...diff(op, "user", op.email, "invitation", "pending", `expired at ${op.expiredAt}`),
          expiredAt: op.expiredAt,
        },
      ];
    case "change-role":
      return [diff(op, "user", op.email, "role", op.to, op.from)];
    case "set-memberships":
      return [
        {
          ...diff(op, "user", op.email, "workspaces", op.to, op.from),
          ...(op.expired !== undefined && op.expired.length > 0 ? { expiredMemberships: op.expired } : {}),
        },
      ];
    case "set-hidden-columns":
      return [diff(op, "user", op.email, "hiddenColumns", op.to, op.from)];
    case "remove-user":
      return [
        {
          ...diff(op, "user", op.email, "exists", false, true),
          role: op.role,
          ...standing(op, expired),
          ...(op.expired !== undefined ? { expiredGrant: op.expired } : {}),
        },
      ];
    case "move-element":
    case "move-element-group":
      return (op.type === "move-element" ? [op] : op.moves).map((m) =>
        diff(op, "element", `${m.kind} "${m.name}"`, "workspace", m.to, m.from),
      );
  }
}

/** Whether an undeclared user is a member or an invitation, and when that invitation expired. */
function standing(op: RemoveUser, expired: ReadonlyMap<string, string>): Pick<Difference, "pending" | "expiredAt"> {
  if (!op.pending) return {};
  const at = expired.get(op.userId);
  return at === undefined ? { pending: true } : { pending: true, expiredAt: at };
}

function diff(
  op: Operation,
  entity: Difference["entity"],
  key: string,
  field: Difference["field"],
  want: DriftValue,
  have: DriftValue,
): Difference {
  return { entity, key, field, want, have, operationId: op.id };
}
