/**
 * What the CLI tells about the tracker's requests on stderr: one line before every repeat (unless --quiet, so a
 * wrong URL never waits silently; parallel requests failing alike are told once per attempt number) and, with `--verbose`, one line per request. Built from the client's `onRetry` and
 * `onRequest` callbacks; they carry method, path, status, timings and retries, never a header value.
 */
import { redact } from "../tracker/errors.ts";
import type { RequestRecord, RetryNotice } from "../tracker/retry.ts";
import type { TextSink } from "./command.ts";
import type { OutputStyle } from "./output-style.ts";

/** `GET /v1/me → answered 503 (attempt 1 of 7); next attempt in 0.4 s`. */
export function retryLine(notice: RetryNotice): string {
  const wait =
    notice.waitMs < 1000 ? `${(notice.waitMs / 1000).toFixed(1)} s` : `${Math.round(notice.waitMs / 1000)} s`;
  return (
    `tracker-access: ${notice.method} ${notice.path} → ${notice.failure} ` +
    `(attempt ${notice.attempt} of ${notice.attempts}); next attempt in ${wait}`
  );
}

/** `GET /v1/users 200 12 ms` (`, 2 retries` when repeated): one line of `--verbose`. */
export function requestLine(record: RequestRecord): string {
  const outcome = record.status !== undefined ? String(record.status) : (record.failure ?? "no answer");
  const retries = record.retries === 0 ? "" : `, ${record.retries} ${record.retries === 1 ? "retry" : "retries"}`;
  return `tracker-access: ${record.method} ${record.path} ${outcome} ${record.ms} ms${retries}`;
}

/**
 * The client callbacks that write these lines to `stderr`, with `secrets` redacted from anything printed: retry
 * lines unless `--quiet`, request lines with `--verbose`.
 */
export function requestLog(
  stderr: TextSink,
  secrets: readonly string[],
  style: Pick<OutputStyle, "quiet" | "verbose">,
): { onRetry?: (notice: RetryNotice) => void; onRequest?: (record: RequestRecord) => void } {
  const write = (line: string) => stderr.write(`${redact(line, secrets)}\n`);
  // Requests sent together (the account is read in five parallel listings) fail together: a failure already
  // told for this attempt number is not told again, so a refused port is six lines, not thirty.
  const told = new Map<string, number>();
  const onRetry = (notice: RetryNotice) => {
    if ((told.get(notice.failure) ?? 0) >= notice.attempt) return;
    told.set(notice.failure, notice.attempt);
    write(retryLine(notice));
  };
  return {
    // --quiet is the summary and errors only; the error a failed retry ends in is still printed
    ...(style.quiet ? {} : { onRetry }),
    ...(style.verbose ? { onRequest: (record: RequestRecord) => write(requestLine(record)) } : {}),
  };
}
