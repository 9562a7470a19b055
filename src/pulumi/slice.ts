/**
 * How one Pulumi resource changes the account through the reconcile engine: the resource owns a slice of the
 * account (one user, one workspace, or the element assignments). Its wanted state is the live account as it
 * is — every other user and workspace declared exactly as the tracker has them — with only the slice replaced;
 * `plan()` then yields the operations of that slice alone, in the engine's order, checked by the engine's actor
 * rules and guards, and `applyPlan()` executes them. The provider holds no rule or plan step of its own: it
 * translates the resource into a declaration and the engine's result into success or an error.
 */
import type { Declaration, SourcePosition, UserDeclaration } from "../declaration/model.ts";
import type { Profile } from "../policy/profile.ts";
import { loadProfile } from "../policy/profile-loader.ts";
import { sortViolations, type Violation } from "../policy/violation.ts";
import { applyPlan } from "../reconcile/apply.ts";
import { checkPlanRules } from "../reconcile/guards.ts";
import { type LiveAccount, liveMemberships, sortedNames, workspaceNames } from "../reconcile/live-account.ts";
import type { Operation, Plan } from "../reconcile/operations.ts";
import { plan } from "../reconcile/plan.ts";
import { planContext } from "../reconcile/plan-context.ts";
import { formatStackViolation } from "./declaration-files.ts";
import { ProviderError, type ProviderSession } from "./session.ts";

/** Where the entities copied from the live account "are declared". */
export const LIVE_ACCOUNT_FILE = "(live account)";

/** One resource's part of the account. */
export interface Slice {
  /** How errors name the resource: `User bob@acme.test`. */
  label: string;
  /** The declared account and tracker profile. */
  account: string;
  tracker: string;
  /** The wanted declaration: the live account as it is (`asIs`), with this slice replaced. */
  want(asIs: Declaration, have: LiveAccount): Declaration;
  /** Whether an operation of the plan is this slice's. */
  owns(operation: Operation): boolean;
  /**
   * The part of the account the slice's plan needs (default: all of it). The engine plans each entity from its
   * own live entry, so a user's slice planned on that user alone has the operations it has on the whole account,
   * at a cost that does not grow with the account.
   */
  scope?(have: LiveAccount): LiveAccount;
}

/** What applying a slice did. */
export interface SliceResult {
  /** The slice's operations, all applied. */
  operations: Operation[];
  /** The account after the apply (the pre-apply read when nothing changed). */
  have: LiveAccount;
}

/** The position given to the slice's own entity: errors name the resource. */
export function slicePosition(label: string): SourcePosition {
  return { file: label, line: 1, column: 1, path: "" };
}

/** The profile of `tracker`, or a ProviderError. */
export function profileOf(tracker: string): Profile {
  const profile = loadProfile(tracker);
  if (profile === undefined) throw new ProviderError(`tracker \`${tracker}\` has no profile in policies/`);
  return profile;
}

/** The live account as a declaration: every private workspace and every user exactly as they are; no elements. */
export function asIsDeclaration(have: LiveAccount, profile: Profile, account: string, file: string): Declaration {
  const names = workspaceNames(have.workspaces, profile);
  const at = slicePosition(LIVE_ACCOUNT_FILE);
  return {
    apiVersion: "tracker-access/v1",
    tracker: profile.tracker,
    account,
    files: [file],
    workspaces: have.workspaces.map((w) => ({ name: w.name, at })),
    users: have.users.map((u) => asIsUser(u, names, at)),
    elements: [],
  };
}

/**
 * Plans the slice and applies its operations; throws when the plan is refused or an operation fails. A slice
 * already in place is judged on the shared snapshot (no request of its own); one with work is planned again on
 * a fresh read before anything is written.
 */
export async function applySlice(session: ProviderSession, slice: Slice): Promise<SliceResult> {
  // Have and want: the account (shared snapshot first), and the account with this slice changed.
  const profile = profileOf(slice.tracker);
  let have = await session.live();
  let planned = planSlice(slice, have, profile);
  if (planned.operations.length > 0 || planned.refusals.length > 0) {
    have = await session.live({ fresh: true });
    planned = planSlice(slice, have, profile);
  }
  if (planned.refusals.length > 0) throw new ProviderError(refusalMessage(slice.label, planned.refusals));
  if (planned.operations.length === 0) return { operations: [], have };

  // Apply with the engine's executor, then read the account back for the outputs.
  const after = await applyOperations(session, slice.label, planned.plan, planned.operations, have);
  return { operations: planned.operations, have: after };
}

/**
 * Executes `operations` (a part of `planned`, computed on `have`) with the engine's executor and returns the
 * account read back; throws a ProviderError naming every operation that failed or was skipped.
 */
export async function applyOperations(
  session: ProviderSession,
  label: string,
  planned: Plan,
  operations: Operation[],
  have: LiveAccount,
): Promise<LiveAccount> {
  const result = await applyPlan({ ...planned, operations, refusals: [] }, session.client(), { have });
  session.wrote();
  const failed = result.results.filter((r) => r.status !== "done");
  if (failed.length > 0) {
    const lines = failed.map((r) => `  ${r.operation.id}: ${r.status === "failed" ? r.error : r.because}`);
    throw new ProviderError(session.redact(`${label}: the tracker refused or failed:\n${lines.join("\n")}`));
  }
  return session.live({ fresh: true });
}

/**
 * The engine's plan of the account with the slice changed, cut to the slice's operations, and the refusals
 * that concern them: the engine's actor rules and guards re-run on exactly those operations (the removal guard
 * is the AccessPolicy's, on the whole stack), plus every other refusal of the plan.
 */
function planSlice(slice: Slice, account: LiveAccount, profile: Profile) {
  const have = slice.scope?.(account) ?? account;
  const want = slice.want(asIsDeclaration(have, profile, slice.account, slice.label), have);
  const planned = plan(want, have, profile);
  const operations = planned.operations.filter(slice.owns);
  const options = { allowRemovals: operations.filter((op) => op.type === "remove-user").length };
  const refusals = sortViolations([
    ...planned.refusals.filter((v) => !v.rule.startsWith("actor/") && !v.rule.startsWith("guard/")),
    ...checkPlanRules(operations, planContext(want, have, profile, options), options),
  ]).filter((v) => v.severity === "error");
  return { plan: planned, operations, refusals };
}

/** The refusals of a slice as one message, each `file:line:col: message (rule)`. */
export function refusalMessage(label: string, refusals: Violation[]): string {
  return `${label}: the plan is refused:\n${refusals.map((v) => `  ${formatStackViolation(v)}`).join("\n")}`;
}

function asIsUser(user: LiveAccount["users"][number], names: ReturnType<typeof workspaceNames>, at: SourcePosition) {
  const declared: UserDeclaration = {
    email: user.email,
    role: user.role,
    workspaces: liveMemberships(user, names),
    hiddenColumns: user.hiddenColumns.length > 0 ? sortedNames(user.hiddenColumns) : undefined,
    at,
  };
  return declared;
}
