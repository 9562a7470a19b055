/**
 * The rules a plan is checked against before anything is applied: what the API key's role may do (actor/*)
 * and the safety guards (guard/*). Each finding is a violation pointing at the declared user or workspace it
 * concerns, or at the declaration's first file when the entity is not declared. Any finding refuses the plan.
 */
import { ALL_WORKSPACES, emailKey, PUBLIC_WORKSPACE, type SourcePosition } from "../declaration/model.ts";
import { kindPlacementProblem, moveAccessBlockers } from "../policy/element-access.ts";
import { compileSelector } from "../policy/element-selectors.ts";
import type { Role } from "../policy/profile.ts";
import { findRole, roleRank } from "../policy/roles.ts";
import { type ManagementRequest, managementRefusals } from "../policy/user-management.ts";
import type { RuleId } from "../violations/rules.ts";
import type { Violation } from "../violations/violation.ts";
import { violationAt } from "../violations/violation-at.ts";
import { liveAccess } from "./live-account.ts";
import type { ElementMove, Operation } from "./operations.ts";
import type { PlanContext, PlanOptions } from "./plan-context.ts";

/** Default largest share of users a plan removes without `allowRemovals`. */
export const DEFAULT_MAX_REMOVAL_SHARE = 0.25;

/** Every actor rule and guard the operations break. */
export function checkPlanRules(operations: Operation[], ctx: PlanContext, options: PlanOptions): Violation[] {
  return [...checkActorRules(operations, ctx), ...checkGuards(operations, ctx, options)];
}

/** actor/*: operations the API key's role may not perform (policy/user-management.ts, policy/element-access.ts). */
export function checkActorRules(operations: Operation[], ctx: PlanContext): Violation[] {
  const { actor } = ctx.have;
  const role = findRole(ctx.profile, actor.role);
  const who = `${actor.email} (${actor.role})`;
  const managed = role?.manages.length ? `manages only ${role.manages.join(", ")} users` : "manages no users";
  const violations: Violation[] = [];
  const refuse = (rule: RuleId, at: SourcePosition, message: string) => violations.push(violationAt(rule, at, message));

  for (const op of operations) {
    if (op.type === "move-element" || op.type === "move-element-group") {
      violations.push(...checkMoveAccess(op.type === "move-element" ? [op] : op.moves, ctx, role, who));
      continue;
    }
    const asked = managementAsk(ctx, op);
    for (const refusal of managementRefusals(role, asked.request)) {
      if (refusal.rule === "actor/cannot-manage-admins") {
        refuse(
          refusal.rule,
          asked.at,
          `${who} may not ${asked.doing} (${[...new Set(asked.roles)].join(" → ")}): ${actor.role} ${managed}`,
        );
      } else if (refusal.rule === "actor/cannot-manage-workspaces") {
        refuse(refusal.rule, asked.at, `${who} may not ${asked.workspaces}: ${actor.role} does not manage workspaces`);
      } else if (op.type === "change-role") {
        refuse(
          refusal.rule,
          asked.at,
          `${who} may not change the role of ${op.email} from ${op.from} to ${op.to}: on ${ctx.profile.displayName} only the ${ctx.profile.ownerRole} changes roles`,
        );
      }
    }
  }
  return violations;
}

/** What an operation asks of the actor's role, and how a refusal words it. */
interface ManagementAsk {
  request: ManagementRequest;
  at: SourcePosition;
  /** The roles involved, as the message lists them. */
  roles: string[];
  /** "invite bob@acme.test", "change the role of bob@acme.test", ... */
  doing: string;
  /** What the workspace part asks: "create workspace eu", "assign bob@… to workspaces". */
  workspaces: string;
}

function managementAsk(
  ctx: PlanContext,
  op: Exclude<Operation, { type: "move-element" | "move-element-group" }>,
): ManagementAsk {
  switch (op.type) {
    case "create-workspace":
      return ask(
        { type: "manage-workspace" },
        workspaceAt(ctx, op.workspace),
        [],
        "",
        `create workspace ${op.workspace}`,
      );
    case "delete-workspace":
      return ask({ type: "manage-workspace" }, ctx.origin, [], "", `delete workspace ${op.workspace}`);
    case "invite-user": {
      const assignsWorkspaces = op.workspaces === ALL_WORKSPACES || op.workspaces.length > 0;
      const request = { type: "invite" as const, role: op.role, assignsWorkspaces };
      return ask(request, userAt(ctx, op.email), [op.role], `invite ${op.email}`, `assign ${op.email} to workspaces`);
    }
    case "resend-invitation": {
      const role = currentRole(ctx, op.userId);
      const request = { type: "resend-invitation" as const, role };
      return ask(request, userAt(ctx, op.email), [role], `re-send the invitation of ${op.email}`, "");
    }
    case "change-role":
      return ask(
        { type: "change-role", from: op.from, to: op.to },
        userAt(ctx, op.email),
        [op.from, op.to],
        `change the role of ${op.email}`,
        "",
      );
    case "set-memberships": {
      const roles = [currentRole(ctx, op.userId), declaredRole(ctx, op.email)];
      const request = { type: "set-memberships" as const, roles };
      return ask(
        request,
        userAt(ctx, op.email),
        roles,
        `change the workspaces of ${op.email}`,
        `change the workspaces of ${op.email}`,
      );
    }
    case "set-hidden-columns": {
      const roles = [currentRole(ctx, op.userId), declaredRole(ctx, op.email)];
      const request = { type: "set-hidden-columns" as const, roles };
      return ask(request, userAt(ctx, op.email), roles, `change the hidden columns of ${op.email}`, "");
    }
    case "remove-user": {
      const request = { type: "remove" as const, role: op.role };
      return ask(
        request,
        userAt(ctx, op.email),
        [op.role],
        `${op.pending ? "revoke the invitation of" : "remove"} ${op.email}`,
        "",
      );
    }
  }
}

function ask(
  request: ManagementRequest,
  at: SourcePosition,
  roles: string[],
  doing: string,
  workspaces: string,
): ManagementAsk {
  return { request, at, roles, doing, workspaces };
}

/**
 * actor/cannot-move-element: a move needs the actor's role to edit the element's kind in the workspace it
 * leaves and in the one it enters (the tracker answers 403 otherwise, half-way through an apply).
 */
function checkMoveAccess(moves: ElementMove[], ctx: PlanContext, role: Role | undefined, who: string): Violation[] {
  const self = ctx.haveUsers.get(ctx.have.actor.userId);
  const access = self === undefined ? undefined : liveAccess(self, ctx.names.nameOf).workspaces;
  const grants = {
    workspaces: access === undefined || access === ALL_WORKSPACES ? [] : access,
    allWorkspaces: access === ALL_WORKSPACES,
  };
  const violations: Violation[] = [];
  for (const move of moves) {
    // A kind the tracker never holds in public is refused as element/not-allowed-in-public, not twice.
    if (kindPlacementProblem(ctx.profile, move.kind, move.to) !== undefined) continue;
    const blocked = moveAccessBlockers(ctx.profile, role, grants, move.kind, move.from, move.to);
    if (blocked.length === 0) continue;
    const where = blocked.map((w) => (w === PUBLIC_WORKSPACE ? "the public workspace" : w)).join(" or ");
    const kinds = ctx.profile.elementKinds.find((k) => k.name === move.kind)?.label.toLowerCase() ?? move.kind;
    violations.push(
      violationAt(
        "actor/cannot-move-element",
        elementAt(ctx, move),
        `${who} may not move ${move.kind} "${move.name}" from ${move.from} to ${move.to}: ${ctx.have.actor.role} cannot edit ${kinds} in ${where} on ${ctx.profile.displayName}`,
      ),
    );
  }
  return violations;
}

/** guard/*: the owner stays, the actor keeps its access, and mass removals need an exact override. */
export function checkGuards(operations: Operation[], ctx: PlanContext, options: PlanOptions): Violation[] {
  const { have, profile } = ctx;
  const owner = profile.ownerRole;
  const self = have.actor.userId;
  const rank = (name: string) => roleRank(profile, name);
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
        op.from === ALL_WORKSPACES
          ? op.to === ALL_WORKSPACES
            ? []
            : ["every workspace"]
          : op.to === ALL_WORKSPACES
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

function currentRole(ctx: PlanContext, userId: string): string {
  return ctx.haveUsers.get(userId)?.role ?? "unknown";
}

function declaredRole(ctx: PlanContext, email: string): string {
  return ctx.wantUsers.get(emailKey(email))?.role ?? "unknown";
}

function userAt(ctx: PlanContext, email: string): SourcePosition {
  return ctx.wantUsers.get(emailKey(email))?.at ?? ctx.origin;
}

/** Where the declaration places a moved element (by id, or by name within its kind). */
function elementAt(ctx: PlanContext, move: ElementMove): SourcePosition {
  const placed = ctx.want.elements.find(
    (e) => e.kind === move.kind && (e.id === move.elementId || (e.id === undefined && e.name === move.name)),
  );
  if (placed !== undefined) return placed.at;
  // Placed by a selector: the selector that names the target workspace and matches the element.
  const element = {
    kind: move.kind,
    name: move.name,
    tags: ctx.have.elements.find((e) => e.id === move.elementId)?.tags,
  };
  const selector = (ctx.want.selectors ?? []).find(
    (s) => s.workspace === move.to && compileSelector(s).matches(element),
  );
  return selector?.at ?? ctx.origin;
}

function workspaceAt(ctx: PlanContext, name: string): SourcePosition {
  return ctx.want.workspaces.find((w) => w.name === name)?.at ?? ctx.origin;
}
