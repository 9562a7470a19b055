/**
 * The rules a plan is checked against before anything is applied: what the API key's role may do (actor/*)
 * and the safety guards (guard/*). Each finding is a violation pointing at the declared user or workspace it
 * concerns, or at the declaration's first file when the entity is not declared. Any finding refuses the plan.
 */
import { emailKey, type SourcePosition } from "../declaration/model.ts";
import type { Role } from "../policy/profile.ts";
import type { RuleId } from "../violations/rules.ts";
import type { Violation } from "../violations/violation.ts";
import { violationAt } from "../violations/violation-at.ts";
import type { Operation } from "./operations.ts";
import type { PlanContext, PlanOptions } from "./plan-context.ts";

/** Default largest share of users a plan removes without `allowRemovals`. */
export const DEFAULT_MAX_REMOVAL_SHARE = 0.25;

/** Every actor rule and guard the operations break. */
export function checkPlanRules(operations: Operation[], ctx: PlanContext, options: PlanOptions): Violation[] {
  return [...checkActorRules(operations, ctx), ...checkGuards(operations, ctx, options)];
}

/** actor/*: operations the API key's role may not perform. */
export function checkActorRules(operations: Operation[], ctx: PlanContext): Violation[] {
  const { actor } = ctx.have;
  const role = roleOf(ctx, actor.role);
  const manages = new Set(role?.manages ?? []);
  const who = `${actor.email} (${actor.role})`;
  const managed = role?.manages.length ? `manages only ${role.manages.join(", ")} users` : "manages no users";
  const violations: Violation[] = [];
  const refuse = (rule: RuleId, at: SourcePosition, message: string) => violations.push(violationAt(rule, at, message));
  const needUsers = (op: Operation & { email: string }, roles: string[], doing: string) => {
    const outside = roles.filter((r) => !manages.has(r));
    if (outside.length > 0) {
      refuse(
        "actor/cannot-manage-admins",
        userAt(ctx, op.email),
        `${who} may not ${doing} ${op.email} (${[...new Set(roles)].join(" → ")}): ${actor.role} ${managed}`,
      );
    }
  };
  const needWorkspaces = (at: SourcePosition, doing: string) => {
    if (!role?.managesWorkspaces)
      refuse("actor/cannot-manage-workspaces", at, `${who} may not ${doing}: ${actor.role} does not manage workspaces`);
  };

  for (const op of operations) {
    switch (op.type) {
      case "create-workspace":
        needWorkspaces(workspaceAt(ctx, op.workspace), `create workspace ${op.workspace}`);
        break;
      case "delete-workspace":
        needWorkspaces(ctx.origin, `delete workspace ${op.workspace}`);
        break;
      case "invite-user":
        needUsers(op, [op.role], "invite");
        if (op.workspaces === "*" || op.workspaces.length > 0) {
          needWorkspaces(userAt(ctx, op.email), `assign ${op.email} to workspaces`);
        }
        break;
      case "resend-invitation":
        needUsers(op, [currentRole(ctx, op.userId)], "re-send the invitation of");
        break;
      case "change-role":
        needUsers(op, [op.from, op.to], "change the role of");
        if (!role?.changesRoles) {
          refuse(
            "actor/cannot-manage-roles",
            userAt(ctx, op.email),
            `${who} may not change the role of ${op.email} from ${op.from} to ${op.to}: on ${ctx.profile.displayName} only the ${ctx.profile.ownerRole} changes roles`,
          );
        }
        break;
      case "set-memberships":
        needUsers(op, [currentRole(ctx, op.userId), declaredRole(ctx, op.email)], "change the workspaces of");
        needWorkspaces(userAt(ctx, op.email), `change the workspaces of ${op.email}`);
        break;
      case "set-hidden-columns":
        needUsers(op, [currentRole(ctx, op.userId), declaredRole(ctx, op.email)], "change the hidden columns of");
        break;
      case "remove-user":
        needUsers(op, [op.role], op.pending ? "revoke the invitation of" : "remove");
        break;
    }
  }
  return violations;
}

/** guard/*: the owner stays, the actor keeps its access, and mass removals need an exact override. */
export function checkGuards(operations: Operation[], ctx: PlanContext, options: PlanOptions): Violation[] {
  const { have, profile } = ctx;
  const owner = profile.ownerRole;
  const self = have.actor.userId;
  const rank = (name: string) => {
    const index = profile.roles.findIndex((r) => r.name === name);
    return index < 0 ? profile.roles.length : index;
  };
  const liveOwner = have.users.find((u) => u.role === owner)?.email ?? "nobody";
  const violations: Violation[] = [];
  const refuse = (rule: RuleId, email: string, message: string) =>
    violations.push(violationAt(rule, userAt(ctx, email), message));

  for (const op of operations) {
    if (op.type === "remove-user" && op.role === owner)
      refuse(
        "guard/owner-immutable",
        op.email,
        `the ${owner} ${op.email} is never removed; declare them with role ${owner}`,
      );
    if (op.type === "change-role" && op.from === owner)
      refuse("guard/owner-immutable", op.email, `the ${owner} ${op.email} is never demoted (declared as ${op.to})`);
    if (
      (op.type === "change-role" || op.type === "invite-user") &&
      (op.type === "change-role" ? op.to : op.role) === owner
    ) {
      refuse(
        "guard/owner-immutable",
        op.email,
        `the declaration names ${op.email} as ${owner} but the account's ${owner} is ${liveOwner}; tracker-access never changes the ${owner}`,
      );
    }
    if (!("userId" in op) || op.userId !== self) continue;
    if (op.type === "remove-user")
      refuse("guard/self-lockout", op.email, `the plan would remove ${op.email}, the API key's owner`);
    if (op.type === "change-role" && rank(op.to) > rank(op.from))
      refuse(
        "guard/self-lockout",
        op.email,
        `the plan would demote ${op.email}, the API key's owner, from ${op.from} to ${op.to}`,
      );
    if (op.type === "set-memberships") {
      const lost =
        op.from === "*"
          ? op.to === "*"
            ? []
            : ["every workspace"]
          : op.to === "*"
            ? []
            : op.from.filter((w) => !op.to.includes(w));
      if (lost.length > 0)
        refuse(
          "guard/self-lockout",
          op.email,
          `the plan would take ${lost.join(", ")} from ${op.email}, the API key's owner`,
        );
    }
    if (op.type === "set-hidden-columns") {
      const hidden = op.to.filter((c) => !op.from.includes(c));
      if (hidden.length > 0)
        refuse(
          "guard/self-lockout",
          op.email,
          `the plan would hide ${hidden.join(", ")} from ${op.email}, the API key's owner`,
        );
    }
  }

  // Mass removal: more than the allowed share needs an override naming the exact number.
  const removals = operations.filter((op) => op.type === "remove-user").length;
  const total = have.users.length;
  const limit = options.maxRemovalShare ?? DEFAULT_MAX_REMOVAL_SHARE;
  const share = total === 0 ? 0 : removals / total;
  if (removals > 0 && share > limit && options.allowRemovals !== removals) {
    const given =
      options.allowRemovals === undefined ? "" : ` (--allow-removals ${options.allowRemovals} does not match)`;
    violations.push(
      violationAt(
        "guard/max-removals",
        ctx.origin,
        `cannot remove ${removals} users or ${share.toFixed(3)} of ${have.account.id} (exceeds limit of ${limit.toFixed(3)})${given}; pass --allow-removals ${removals}`,
      ),
    );
  }
  return violations;
}

function roleOf(ctx: PlanContext, name: string): Role | undefined {
  return ctx.profile.roles.find((r) => r.name === name);
}

function currentRole(ctx: PlanContext, userId: string): string {
  return ctx.haveUsers.get(userId)?.role ?? "unknown";
}

function declaredRole(ctx: PlanContext, email: string): string {
  return ctx.wantUsers.get(emailKey(email))?.role ?? "unknown";
}

function userAt(ctx: PlanContext, email: string): SourcePosition {
  return ctx.wantUsers.get(emailKey(email))?.at ?? ctx.origin;
}

function workspaceAt(ctx: PlanContext, name: string): SourcePosition {
  return ctx.want.workspaces.find((w) => w.name === name)?.at ?? ctx.origin;
}
