/**
 * The planner: `plan(want, have, profile)` compares a declaration with a live account and returns the typed
 * operations that make the account match, in the order the tracker accepts, with the reasons a plan is refused.
 * Pure: no I/O, and the same input gives the same plan. Executed by `applyPlan()` (apply.ts).
 */
import { ALL_WORKSPACES, type Declaration } from "../declaration/model.ts";
import type { Profile } from "../policy/profile.ts";
import { sortViolations, type Violation } from "../violations/violation.ts";
import { violationAt } from "../violations/violation-at.ts";
import { checkGrantGuards } from "./grant-guards.ts";
import { explainExpiries, grantsInForce } from "./grants-in-force.ts";
import { checkPlanRules } from "./guards.ts";
import type { LiveAccount } from "./live-account.ts";
import { type Operation, PHASES, type Phase, type Plan } from "./operations.ts";
import { type PlanOptions, planContext } from "./plan-context.ts";
import { planElements } from "./plan-elements.ts";
import { planUsers } from "./plan-users.ts";
import { planWorkspaces } from "./plan-workspaces.ts";

export type { PlanOptions } from "./plan-context.ts";

/** Computes the plan that makes `have` match `want` under `profile`; the actor is `have.actor`. */
export function plan(want: Declaration, have: LiveAccount, profile: Profile, options: PlanOptions = {}): Plan {
  // Want as it stands now: grants past their `until` are as if not declared (grants-in-force.ts).
  const now = options.now ?? new Date();
  const inForce = grantsInForce(want, now);
  const ctx = planContext(inForce.declaration, have, profile, { ...options, now });
  const refusals: Violation[] = checkGrantGuards({ want, have });

  // Sanity: the account follows the declaration's tracker profile.
  if (have.account.profile !== profile.tracker || want.tracker !== profile.tracker) {
    refusals.push(
      violationAt(
        "ref/conflict",
        ctx.origin,
        `the declaration is for ${want.tracker} but the account ${have.account.id} follows the ${have.account.profile} profile`,
      ),
    );
    return { operations: [], unmanagedElements: [], expiredInvitations: [], refusals };
  }

  // Want vs have: elements first (a workspace holding unmanaged elements cannot be deleted), then workspaces, users.
  const elements = planElements(ctx);
  const workspaces = planWorkspaces(ctx, elements.managedIds);
  const users = planUsers(ctx);
  refusals.push(...elements.refusals, ...workspaces.refusals, ...users.refusals);

  // Order: phases in the tracker's order; each operation waits for what it needs.
  const operations = orderByPhase([
    ...workspaces.create,
    ...users.operations,
    ...elements.operations,
    ...workspaces.delete,
  ]);
  linkDependencies(operations, have);
  explainExpiries(operations, inForce.expired);

  // Check: what the API key may do, and the safety guards.
  refusals.push(...checkPlanRules(operations, ctx, options));
  return {
    operations,
    unmanagedElements: elements.unmanaged,
    expiredInvitations: users.expiredInvitations,
    refusals: sortViolations(refusals),
    ...(elements.placements.length > 0 ? { placements: elements.placements } : {}),
    ...(elements.warnings.length > 0 ? { warnings: sortViolations(elements.warnings) } : {}),
    ...(inForce.timeBound.length > 0 ? { timeBound: inForce.timeBound } : {}),
  };
}

/** The phase an operation runs in. */
export function phaseOf(op: Operation): Phase {
  switch (op.type) {
    case "create-workspace":
      return "create-workspaces";
    case "invite-user":
    case "resend-invitation":
      return "invite-users";
    case "change-role":
      return "change-roles";
    case "set-memberships":
      return "set-memberships";
    case "move-element":
    case "move-element-group":
      return "move-elements";
    case "set-hidden-columns":
      return "set-hidden-columns";
    case "remove-user":
      return "remove-users";
    case "delete-workspace":
      return "delete-workspaces";
  }
}

/** Stable sort by phase: within a phase, the sub-planners' order (by entity key) is kept. */
function orderByPhase(operations: Operation[]): Operation[] {
  const rank = (op: Operation) => PHASES.indexOf(phaseOf(op));
  return operations
    .map((op, i) => ({ op, i }))
    .sort((a, b) => rank(a.op) - rank(b.op) || a.i - b.i)
    .map(({ op }) => op);
}

/**
 * Adds the dependencies between operations: new workspaces before their use, a user's role change before their
 * memberships and hidden columns, departures before a workspace is deleted.
 */
function linkDependencies(operations: Operation[], have: LiveAccount): void {
  const created = new Map<string, string>();
  for (const op of operations) if (op.type === "create-workspace") created.set(op.workspace, op.id);
  const needs = (op: Operation, names: Iterable<string> | typeof ALL_WORKSPACES | undefined) => {
    if (names === undefined || names === ALL_WORKSPACES) return;
    for (const name of names) {
      const id = created.get(name);
      if (id !== undefined && !op.dependsOn.includes(id)) op.dependsOn.push(id);
    }
  };
  for (const op of operations) {
    if (op.type === "invite-user") needs(op, op.workspaces);
    if (op.type === "set-memberships") needs(op, op.to);
    if (op.type === "change-role") needs(op, op.with?.workspaces);
    if (op.type === "move-element") needs(op, [op.to]);
    if (op.type === "move-element-group")
      needs(
        op,
        op.moves.map((m) => m.to),
      );
  }

  // A user's memberships and hidden columns follow their role change: if the role change fails, they are
  // skipped, not written against a state the plan never meant (a worker's workspaces on a failed demotion).
  const roleChange = new Map<string, string>();
  for (const op of operations) if (op.type === "change-role") roleChange.set(op.userId, op.id);
  for (const op of operations) {
    if (op.type !== "set-memberships" && op.type !== "set-hidden-columns") continue;
    const id = roleChange.get(op.userId);
    if (id !== undefined && !op.dependsOn.includes(id)) op.dependsOn.push(id);
  }

  // A workspace is deleted after its members and elements have left it.
  const membersOf = new Map(have.users.map((u) => [u.id, new Set(u.workspaces)]));
  for (const del of operations) {
    if (del.type !== "delete-workspace") continue;
    for (const op of operations) {
      const leaves =
        (op.type === "set-memberships" && op.from !== ALL_WORKSPACES && op.from.includes(del.workspace)) ||
        (op.type === "remove-user" && (membersOf.get(op.userId)?.has(del.workspaceId) ?? false)) ||
        (op.type === "move-element" && op.from === del.workspace) ||
        (op.type === "move-element-group" && op.moves.some((m) => m.from === del.workspace));
      if (leaves) del.dependsOn.push(op.id);
    }
  }
}
