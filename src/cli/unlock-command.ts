/**
 * `tracker-access unlock [--force]`: the operator's way out when a run crashed holding the account's lease.
 * Without --force it shows who holds the lease and until when; with --force it releases it whoever holds it
 * (DELETE /v1/lease). A crashed run's lease also expires on its own after its TTL (60 s).
 */
import { createTrackerClient } from "../tracker/http-client.ts";
import { resolveApiOptions } from "./api-options.ts";
import { EXIT } from "./command.ts";
import { runTrackerCommand } from "./command-runner.ts";
import { outputStyle } from "./output-style.ts";
import { requestLog } from "./request-log.ts";
import type { CliIo } from "./terminal.ts";

/** The help of `unlock`. */
export const UNLOCK_USAGE = `usage: tracker-access unlock [--force] [--api-url URL] [-q|-v] [--no-color]

Shows who holds the account's lease (taken by apply and the Pulumi provider while they write, so that one run
writes at a time) and until when. A crashed run's lease expires on its own after 60 s.
  --force             release the lease whoever holds it; the run holding it, if still alive, is not stopped
  --api-url URL       the tracker API (--api is accepted too); else TRACKER_ACCESS_API_URL
  -q, --quiet         only errors
  -v, --verbose       one line per HTTP request on stderr: method, path, status, ms, retries
  --no-color          no colour (NO_COLOR too)
The key is read only from TRACKER_ACCESS_API_KEY.
Exit status: 0 nobody holds the lease (now), 1 it is held (without --force) or any error.`;

/** Runs `unlock` with its arguments; returns the exit code. */
export function runUnlock(args: string[], io: CliIo): Promise<number> {
  const spec = { values: ["api-url"], flags: ["force"], positional: "none" as const };
  return runTrackerCommand("unlock", UNLOCK_USAGE, spec, args, io, async (parsed, t) => {
    const options = resolveApiOptions(parsed.values["api-url"], t.env);
    const style = outputStyle(parsed, t);
    const log = requestLog(t.stderr, [options.apiKey], style);
    const say = (line: string) => style.quiet || t.stdout.write(`${line}\n`);
    const client = createTrackerClient({ baseUrl: options.baseUrl, apiKey: options.apiKey, ...log });
    const held = await client.getLease();
    if (held === undefined) {
      say("Nobody holds the account's lease.");
      return EXIT.ok;
    }
    if (!parsed.flags.has("force")) {
      say(`The account's lease is held by ${held.holder} until ${held.expiresAt}.`);
      t.stderr.write("tracker-access unlock: the lease is held; pass --force to release it\n");
      return EXIT.failed;
    }
    await client.breakLease();
    say(`Released the account's lease held by ${held.holder} (until ${held.expiresAt}).`);
    return EXIT.ok;
  });
}
