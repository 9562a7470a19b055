/**
 * `--now TIME` and `--expires-soon DAYS`, which every command takes: the instant time-bound grants (`until`) and
 * pending invitations are judged at — so a test, or a user asking "what happens on Friday", gets the same answer
 * whenever it runs — and how many days ahead `grant/expires-soon` warns.
 */
import { untilInstant } from "../declaration/grant-expiry.ts";
import { DEFAULT_EXPIRES_SOON_DAYS, type GrantClock } from "../policy/check-grants.ts";
import { UsageError } from "./command.ts";

/** The options every command accepts with a value, in addition to its own. */
export const CLOCK_OPTIONS = ["now", "expires-soon"];

/** Their lines in a command's `--help`. */
export const CLOCK_OPTIONS_HELP = `  --now TIME          judge time-bound grants (until) and invitations at TIME, an RFC 3339 date-time or a
                      date (00:00 UTC), instead of the current time
  --expires-soon DAYS warn grant/expires-soon for an until less than DAYS days ahead (default ${DEFAULT_EXPIRES_SOON_DAYS})`;

/** The clock of `--now` and `--expires-soon` (absent: the current time, 7 days); a bad value is a UsageError. */
export function grantClock(values: Readonly<Record<string, string | undefined>>): GrantClock {
  const now = values.now;
  const soon = values["expires-soon"];
  let at = Date.now();
  if (now !== undefined) {
    at = untilInstant(now);
    if (Number.isNaN(at)) {
      throw new UsageError(
        `--now must be an RFC 3339 date-time (2027-01-15T09:00:00Z) or a date (2027-01-15), not ${now}`,
      );
    }
  }
  if (soon !== undefined && !/^\d{1,5}$/.test(soon)) {
    throw new UsageError(`--expires-soon must be a whole number of days, not ${soon}`);
  }
  return { now: new Date(at), expiresSoonDays: soon === undefined ? DEFAULT_EXPIRES_SOON_DAYS : Number(soon) };
}
