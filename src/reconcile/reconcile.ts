/**
 * The engine in one call, for front ends that want no more: read the live account, plan, and (unless it is a
 * dry run or the plan is refused) apply. The CLI and the Pulumi provider may also call the steps one by one.
 */
import type { Declaration } from "../declaration/model.ts";
import type { Profile } from "../policy/profile.ts";
import type { TrackerClient } from "../tracker/tracker-client.ts";
import { type ApplyOptions, applyPlan } from "./apply.ts";
import { type LiveAccount, readLiveAccount } from "./live-account.ts";
import type { ApplyResult, Plan } from "./operations.ts";
import { type PlanOptions, plan } from "./plan.ts";

/** Options of `reconcile()`: the plan's and the executor's, and whether to stop after planning. */
export interface ReconcileOptions extends PlanOptions, Omit<ApplyOptions, "have"> {
  /** Plan only; nothing is written. */
  dryRun?: boolean;
}

/** What a reconcile saw, planned and (when it applied) did. */
export interface Reconciliation {
  have: LiveAccount;
  plan: Plan;
  /** Absent for a dry run, a refused plan or a plan without operations. */
  result?: ApplyResult;
}

/** Reads the account behind `client`, plans `want` against it, and applies the plan unless refused or dry. */
export async function reconcile(
  want: Declaration,
  client: TrackerClient,
  profile: Profile,
  options: ReconcileOptions = {},
): Promise<Reconciliation> {
  // Have, then the plan.
  const have = await readLiveAccount(client);
  const planned = plan(want, have, profile, options);
  if (options.dryRun || planned.refusals.length > 0 || planned.operations.length === 0) return { have, plan: planned };

  // Apply with the etags just read.
  const result = await applyPlan(planned, client, { ...options, have });
  return { have, plan: planned, result };
}
