/**
 * How `apply` reports while it runs. On a terminal: a progress bar redrawn on stderr for long plans, every result
 * at the end. Without one (a CI log): each operation's result on stdout as it finishes, and for long plans a
 * progress line on stderr every 10 % of the operations or every 10 seconds, whichever comes first. `--quiet`
 * keeps only failed operations and the summary.
 */

import type { ApplyResult, OperationResult } from "../reconcile/operations.ts";
import { singleLine } from "../violations/single-line.ts";
import type { OutputStyle } from "./output-style.ts";
import { applySummaryLine, renderApplyText, resultLine } from "./render/apply-text.ts";
import type { Terminal } from "./terminal.ts";

/** Plans with more operations than this show progress (a redrawn bar on a terminal, lines in a log). */
export const PROGRESS_THRESHOLD = 20;

/** Seconds between progress lines in a log when fewer than 10 % of the operations ended meanwhile. */
export const PROGRESS_INTERVAL_MS = 10_000;

/** Receives results while the apply runs and prints the rest when it ends. */
export interface ApplyReporter {
  /** A result, as it ends; `counted` false for operations an interruption kept from starting. */
  onResult(result: OperationResult, counted: boolean): void;
  /** Prints what is left: the results not printed yet (on a terminal) and the summary. */
  finish(result: ApplyResult, ended: OperationResult[]): void;
}

/** A reporter for a plan of `total` operations, live (as they end) unless stderr is a terminal. */
export function applyReporter(t: Terminal, style: OutputStyle, total: number): ApplyReporter {
  const shown = (r: OperationResult) => !style.quiet || r.status === "failed";
  const counts = { done: 0, failed: 0, skipped: 0 };
  const progress = total > PROGRESS_THRESHOLD && !style.quiet;

  if (t.stderrIsTTY) {
    let drawn = 0;
    let bar = false;
    const draw = () => {
      const ended = counts.done + counts.failed + counts.skipped;
      const filled = Math.round((ended / total) * 30);
      t.stderr.write(
        `\r[${"#".repeat(filled)}${".".repeat(30 - filled)}] ${ended}/${total} operations` +
          ` (${counts.done} done, ${counts.failed} failed, ${counts.skipped} skipped)`,
      );
      drawn = Date.now();
      bar = true;
    };
    return {
      onResult(result, counted) {
        if (!counted) return;
        counts[result.status] += 1;
        if (progress && Date.now() - drawn >= 100) draw();
      },
      finish(result, ended) {
        if (bar) t.stderr.write("\r\x1b[K");
        const results = ended.filter(shown);
        if (style.quiet) {
          for (const r of results) t.stdout.write(`${singleLine(`  ${resultLine(r)}`)}\n`);
          t.stdout.write(`${singleLine(applySummaryLine(result))}\n`);
        } else t.stdout.write(renderApplyText({ ...result, results }));
      },
    };
  }

  // A log: every result as it ends, progress lines at each 10 % or after 10 s without one.
  let headed = false;
  let nextShare = 1;
  let lastLine = Date.now();
  const line = () => {
    const ended = counts.done + counts.failed + counts.skipped;
    const percent = Math.floor((ended / total) * 100);
    t.stderr.write(
      `tracker-access apply: ${ended} of ${total} operations (${percent} %): ` +
        `${counts.done} done, ${counts.failed} failed, ${counts.skipped} skipped\n`,
    );
    lastLine = Date.now();
  };
  const timer = progress
    ? setInterval(() => {
        if (Date.now() - lastLine >= PROGRESS_INTERVAL_MS) line();
      }, 1000)
    : undefined;
  timer?.unref();
  return {
    onResult(result, counted) {
      if (!counted) return;
      counts[result.status] += 1;
      if (shown(result)) {
        if (!headed && !style.quiet) t.stdout.write("Results\n");
        headed = true;
        t.stdout.write(`${singleLine(`  ${resultLine(result)}`)}\n`);
      }
      const ended = counts.done + counts.failed + counts.skipped;
      if (progress && ended >= (nextShare * total) / 10) {
        while (nextShare <= 10 && ended >= (nextShare * total) / 10) nextShare += 1;
        line();
      }
    },
    finish(result) {
      clearInterval(timer);
      t.stdout.write(`${style.quiet ? "" : "\n"}${singleLine(applySummaryLine(result))}\n`);
    },
  };
}
