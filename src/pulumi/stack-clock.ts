/**
 * The time a stack judges time-bound grants at: the stack config `tracker-access:now` (an RFC 3339 date-time or a
 * date, as the CLI's `--now`), else the current time. `now` travels as a setting of the resource, which Diff does
 * not compare; what Diff compares is the declaration's content in force at that time. So a preview a day later
 * (or with another `now`) shows a change only when an `until` has passed in between: the user or membership is
 * gone from the content, and the update removes it.
 */
import { untilInstant } from "../declaration/grant-expiry.ts";
import type { Declaration } from "../declaration/model.ts";
import { type GrantClock, wallClock } from "../policy/check-grants.ts";
import { grantsInForce } from "../reconcile/grants-in-force.ts";

/** The clock of a `tracker-access:now` value (undefined: the current time); throws on a value that names no time. */
export function stackClock(now: string | undefined): GrantClock {
  const clock = wallClock();
  if (now === undefined || now.trim() === "") return clock;
  const at = untilInstant(now.trim());
  if (Number.isNaN(at)) {
    throw new Error(
      `tracker-access:now must be an RFC 3339 date-time (2027-01-15T09:00:00Z) or a date (2027-01-15), not ${now}`,
    );
  }
  return { ...clock, now: new Date(at) };
}

/** The declaration without the grants that expired by `clock.now`: what the resource's content describes. */
export function inForceAt(declaration: Declaration, clock: GrantClock): Declaration {
  return grantsInForce(declaration, clock.now).declaration;
}
