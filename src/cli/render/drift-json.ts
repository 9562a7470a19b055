/**
 * The drift report as JSON for machines: the engine's report verbatim (reconcile/drift.ts), each difference with
 * its line for people (`description`, describe-change.ts), plus the unmanaged users picked out of its differences
 * and the account it is about.
 */
import type { Difference, DriftReport } from "../../reconcile/drift.ts";
import { describeDifference, type ReportContext } from "./describe-change.ts";
import { type UnmanagedUser, unmanagedUsers } from "./drift-text.ts";
import { jsonDocument } from "./escape.ts";

/** The JSON document `drift --format json` prints. */
export interface DriftDocument extends Omit<DriftReport, "differences"> {
  /** Identifies the document shape; bumped on breaking changes. */
  format: "tracker-access/drift/v1";
  tracker: string;
  account: string;
  /** True when at least one difference exists (the exit code is 2). */
  drift: boolean;
  /** The report's differences, each with its one line for people: `user bob@acme.test: role is worker, declared admin`. */
  differences: Array<Difference & { description: string }>;
  unmanagedUsers: UnmanagedUser[];
}

/** Renders a drift report as pretty-printed JSON, ending with a newline; the data exactly, invisible characters escaped. */
export function renderDriftJson(report: DriftReport, context: ReportContext): string {
  const document: DriftDocument = {
    format: "tracker-access/drift/v1",
    tracker: context.tracker,
    account: context.account,
    drift: report.differences.length > 0,
    ...report,
    differences: report.differences.map((d) => ({ ...d, description: describeDifference(d) })),
    unmanagedUsers: unmanagedUsers(report),
  };
  return jsonDocument(document);
}
