/**
 * The CLI's side of the account lease: `apply` takes it (tracker/account-lease.ts) just before it writes, with
 * `--lock-timeout` as the wait (default 0: fail at once naming the holder), tells on stderr when it waits, and
 * releases it when done. A held lease is a CommandFailure: exit 1, nothing written.
 */
import { type HeldLease, holdLease, LeaseHeldError, leaseHolder } from "../tracker/account-lease.ts";
import type { TrackerClient } from "../tracker/tracker-client.ts";
import type { ParsedArguments } from "./arguments.ts";
import { CommandFailure } from "./command-runner.ts";
import { formatDuration, parseDuration } from "./duration.ts";
import type { Terminal } from "./terminal.ts";

/** The options `apply` takes for the lease. */
export const LOCK_OPTIONS = ["lock-timeout"];

/** Takes the account's lease for `command`, waiting up to --lock-timeout; throws CommandFailure when it stays held. */
export async function lockAccount(
  command: string,
  client: TrackerClient,
  parsed: ParsedArguments,
  t: Terminal,
): Promise<HeldLease> {
  const waitMs = lockTimeoutMs(parsed);
  try {
    return await holdLease(client, {
      holder: leaseHolder(`tracker-access ${command}`, t.env),
      waitMs,
      onWait: (held) =>
        t.stderr.write(
          `tracker-access ${command}: the account's lease is held by ${held.holder} until ${held.expiresAt}; ` +
            `waiting up to ${formatDuration(waitMs)}\n`,
        ),
    });
  } catch (error) {
    if (error instanceof LeaseHeldError) {
      throw new CommandFailure(
        `${error.message}. Wait for that run (--lock-timeout waits), or, if it crashed, \`tracker-access unlock --force\``,
      );
    }
    throw error;
  }
}

/** The --lock-timeout in milliseconds (0 when absent); a UsageError when it is not a duration. */
export function lockTimeoutMs(parsed: ParsedArguments): number {
  const timeout = parsed.values["lock-timeout"];
  return timeout === undefined ? 0 : parseDuration(timeout, "lock-timeout");
}

/** Releases `lease`; says on stderr when it was lost during the run (a renewal refused). */
export async function unlockAccount(command: string, lease: HeldLease, t: Terminal): Promise<void> {
  await lease.release();
  const lost = lease.lost();
  if (lost !== undefined) t.stderr.write(`tracker-access ${command}: warning: the account's lease was lost: ${lost}\n`);
}
