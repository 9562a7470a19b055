/**
 * Drift: how the live account differs from the declaration, without changing anything. Every operation the plan
 * would run becomes one difference per entity and field (a group move, one per element); unmanaged elements and
 * expired invitations are listed as the plan lists them.
 */
import type { Declaration } from "../declaration/model.ts";
import { emailKey } from "../declaration/model.ts";
import type { Profile } from "../policy/profile.ts";
import type { Violation } from "../violations/violation.ts";
import { compareText, invitationExpired, type LiveAccount } from "./live-account.ts";
import type { Operation, RemoveUser, SetMemberships, UnmanagedElement } from "./operations.ts";
import { type PlanOptions, plan } from "./plan.ts";

/** A value on either side of a difference: presence, a name, or a list of names ("*" for every workspace). */
export type DriftValue = boolean | string | string[];

/** One way the account differs from the declaration. */
export interface Difference {
  entity: "workspace" | "user" | "element";
  /** Workspace name, user e-mail (as declared where declared) or `kind "name"`. */
  key: string;
  /** What differs: `exists`, `invitation`, `role`, `workspaces`, `hiddenColumns` or `workspace` (of an element). */
  field: "exists" | "invitation" | "role" | "workspaces" | "hiddenColumns" | "workspace";
  want: DriftValue;
  have: DriftValue;
  /** One line for people: `user bob@acme.test: role is worker, declared admin`. */
  description: string;
  /** The plan operation that would remove the difference. */
  operationId: string;
}

/** The drift of an account from its declaration. */
export interface DriftReport {
  /** True when nothing differs and the plan has no refusals. */
  inSync: boolean;
  differences: Difference[];
  unmanagedElements: UnmanagedElement[];
  expiredInvitations: Array<{ email: string; expiredAt: string }>;
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
  const differences = planned.operations.flatMap((op) => differencesOf(op, expired));
  return {
    inSync: differences.length === 0 && planned.refusals.length === 0,
    differences,
    unmanagedElements: planned.unmanagedElements,
    expiredInvitations: have.users
      .filter((u) => expired.has(u.id))
      .map((u) => ({ email: u.email, expiredAt: expired.get(u.id) as string }))
      .sort((a, b) => compareText(emailKey(a.email), emailKey(b.email))),
    refusals: planned.refusals,
  };
}

/**
 * The differences an operation removes; `expired` maps the ids of users whose invitation has expired to its
 * expiry, so that an undeclared one reads "invitation expired at …".
 */
export function differencesOf(op: Operation, expired: ReadonlyMap<string, string> = new Map()): Difference[] {
  const names = (list: string[] | "*") => (list === "*" ? "every workspace" : list.join(", ") || "none");
  switch (op.type) {
    case "create-workspace":
      return [
        diff(op, "workspace", op.workspace, "exists", true, false, `workspace ${op.workspace}: declared, missing`),
      ];
    case "delete-workspace":
      return [
        diff(op, "workspace", op.workspace, "exists", false, true, `workspace ${op.workspace}: not declared, present`),
      ];
    case "invite-user":
      return [
        diff(
          op,
          "user",
          op.email,
          "exists",
          true,
          false,
          `user ${op.email}: declared as ${op.role}, not in the account`,
        ),
      ];
    case "resend-invitation":
      return [
        diff(
          op,
          "user",
          op.email,
          "invitation",
          "pending",
          `expired at ${op.expiredAt}`,
          `user ${op.email}: invitation expired at ${op.expiredAt}`,
        ),
      ];
    case "change-role":
      return [
        diff(op, "user", op.email, "role", op.to, op.from, `user ${op.email}: role is ${op.from}, declared ${op.to}`),
      ];
    case "set-memberships":
      return [
        diff(
          op,
          "user",
          op.email,
          "workspaces",
          op.to,
          op.from,
          `user ${op.email}: ${expiredMemberships(op)}workspaces are ${names(op.from)}, declared ${names(op.to)}`,
        ),
      ];
    case "set-hidden-columns":
      return [
        diff(
          op,
          "user",
          op.email,
          "hiddenColumns",
          op.to,
          op.from,
          `user ${op.email}: hidden columns are ${op.from.join(", ") || "none"}, declared ${op.to.join(", ") || "none"}`,
        ),
      ];
    case "remove-user":
      return [
        diff(
          op,
          "user",
          op.email,
          "exists",
          false,
          true,
          op.expired === undefined
            ? `user ${op.email}: ${removedState(op, expired)}, not declared`
            : `user ${op.email}: expired ${op.expired}, still ${removedState(op, expired)}`,
        ),
      ];
    case "move-element":
    case "move-element-group":
      return (op.type === "move-element" ? [op] : op.moves).map((m) =>
        diff(
          op,
          "element",
          `${m.kind} "${m.name}"`,
          "workspace",
          m.to,
          m.from,
          `${m.kind} "${m.name}": in ${m.from}, declared in ${m.to}`,
        ),
      );
  }
}

/** `expired 2027-01-15, still in launch-q1; ` for memberships past their `until`, else nothing. */
function expiredMemberships(op: SetMemberships): string {
  if (op.expired === undefined || op.expired.length === 0) return "";
  return `${op.expired.map((e) => `expired ${e.until}, still in ${e.workspace}`).join("; ")}; `;
}

function removedState(op: RemoveUser, expired: ReadonlyMap<string, string>): string {
  if (!op.pending) return `present as ${op.role}`;
  const at = expired.get(op.userId);
  return at === undefined ? "invitation pending" : `invitation expired at ${at}`;
}

function diff(
  op: Operation,
  entity: Difference["entity"],
  key: string,
  field: Difference["field"],
  want: DriftValue,
  have: DriftValue,
  description: string,
): Difference {
  return { entity, key, field, want, have, description, operationId: op.id };
}
