/**
 * The outcome of an apply as terminal text: one line per operation (done, failed with the tracker's answer,
 * or skipped and why), then the counts and the requests sent.
 */

import type { ApplyResult, OperationResult } from "../../reconcile/operations.ts";
import { singleLine } from "../../violations/single-line.ts";
import { describeOperation } from "./describe-change.ts";
import { changeInWords } from "./plan-text.ts";

/** Counts of results by status. */
export interface ApplyCounts {
  done: number;
  failed: number;
  skipped: number;
}

/** Counts the results of an apply by status. */
export function countResults(result: ApplyResult): ApplyCounts {
  const counts: ApplyCounts = { done: 0, failed: 0, skipped: 0 };
  for (const r of result.results) counts[r.status] += 1;
  return counts;
}

/** The operation of a result in a few words: `bob@acme.test: role: from worker to admin`. */
export function operationInWords(result: OperationResult): string {
  const changes = describeOperation(result.operation);
  if (changes.length === 0) return result.operation.id;
  const subject = changes[0].subject;
  const parts = changes.map((c) => (c.subject === subject ? changeInWords(c) : `${c.subject} ${changeInWords(c)}`));
  return `${subject}: ${parts.join("; ")}`;
}

/** One result line: `done     bob@acme.test: role: from worker to admin`. */
export function resultLine(result: OperationResult): string {
  const head = `${result.status.padEnd(7)} ${operationInWords(result)}`;
  if (result.status === "failed") return `${head} — ${result.error}`;
  if (result.status === "skipped") return `${head} — skipped because ${result.because}`;
  return head;
}

/** Renders the results of an apply, ending with a newline. */
export function renderApplyText(result: ApplyResult): string {
  const lines = ["Results", ...result.results.map((r) => `  ${resultLine(r)}`), "", applySummaryLine(result)];
  return `${lines.map(singleLine).join("\n")}\n`;
}

/** `Apply: 3 done, 1 failed, 0 skipped; 4 write and 3 read requests, 0 retries.` */
export function applySummaryLine(result: ApplyResult): string {
  const counts = countResults(result);
  const { writes, reads, retries } = result.requests;
  return (
    `Apply: ${counts.done} done, ${counts.failed} failed, ${counts.skipped} skipped; ` +
    `${writes} write and ${reads} read requests, ${retries} ${retries === 1 ? "retry" : "retries"}.`
  );
}
