/**
 * The plan as JSON for machines: the planner's operations verbatim (the types in reconcile/operations.ts), a
 * summary, the readable change lines the text and markdown forms show, and what the plan leaves alone.
 */
import type { Plan } from "../../reconcile/operations.ts";
import {
  type ChangeSummary,
  type DescribedChange,
  describePlan,
  type ReportContext,
  summarizePlan,
} from "./describe-change.ts";
import { jsonDocument } from "./escape.ts";

/** The JSON document `plan --format json` prints. */
export interface PlanDocument {
  /** Identifies the document shape; bumped on breaking changes. */
  format: "tracker-access/plan/v1";
  tracker: string;
  account: string;
  /** False when the plan has no operation. */
  changes: boolean;
  /** True when refusals keep the plan from being applied. */
  refused: boolean;
  summary: ChangeSummary;
  operations: Plan["operations"];
  /** The same changes as readable lines (from, to, why), in plan order. */
  lines: DescribedChange[];
  unmanagedElements: Plan["unmanagedElements"];
  expiredInvitations: Plan["expiredInvitations"];
  refusals: Plan["refusals"];
  /** What each element selector placed: the entry (`match`, file, line) and every element it placed; absent without selectors. */
  placements?: NonNullable<Plan["placements"]>;
  /** Warnings that do not refuse the plan (`element/selector-unmatched`); absent when there are none. */
  warnings?: NonNullable<Plan["warnings"]>;
  /** Declared grants with an `until` still ahead ("expires in 5 days"); absent when there are none. */
  timeBound?: NonNullable<Plan["timeBound"]>;
}

/** The plan as a JSON document object. */
export function planDocument(plan: Plan, context: ReportContext): PlanDocument {
  return {
    format: "tracker-access/plan/v1",
    tracker: context.tracker,
    account: context.account,
    changes: plan.operations.length > 0,
    refused: plan.refusals.length > 0,
    summary: summarizePlan(plan),
    operations: plan.operations,
    lines: describePlan(plan),
    unmanagedElements: plan.unmanagedElements,
    expiredInvitations: plan.expiredInvitations,
    refusals: plan.refusals,
    ...(plan.placements !== undefined ? { placements: plan.placements } : {}),
    ...(plan.warnings !== undefined ? { warnings: plan.warnings } : {}),
    ...(plan.timeBound !== undefined ? { timeBound: plan.timeBound } : {}),
  };
}

/** Renders a plan as pretty-printed JSON, ending with a newline; the data exactly, invisible characters escaped. */
export function renderPlanJson(plan: Plan, context: ReportContext): string {
  return jsonDocument(planDocument(plan, context));
}
