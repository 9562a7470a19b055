/**
 * Time-bound grants: the `until` of a user (the whole grant) or of one membership (`{ name, until }` in a
 * user's `workspaces`). An `until` is an RFC 3339 date-time, or a date meaning 00:00 UTC of that day; from that
 * instant on, the grant is as if it were not declared.
 */
import type { SourcePosition } from "./model.ts";

/** When a grant ends, as declared, and where. */
export interface GrantExpiry {
  /** The `until` as written: `2027-01-15` or `2027-03-31T18:00:00Z`. */
  until: string;
  /** The instant it ends, in milliseconds since the epoch; NaN when the text names no real calendar day. */
  endsAt: number;
  /** The position of the `until` value. */
  at: SourcePosition;
}

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/;

/**
 * The instant `text` names (an RFC 3339 date-time, or a full date at 00:00 UTC), in milliseconds since the
 * epoch; NaN when it is not one, or names a day or time the calendar does not have (`2027-02-30`, `25:00`).
 */
export function untilInstant(text: string): number {
  const date = DATE.exec(text);
  if (date !== null) return calendarDay(date[1], date[2], date[3]) ? Date.parse(`${text}T00:00:00Z`) : Number.NaN;
  const time = DATE_TIME.exec(text);
  if (time === null || !calendarDay(time[1], time[2], time[3])) return Number.NaN;
  // A leap second (:60) is accepted by RFC 3339; Date cannot hold it, so it counts as the next second.
  if (Number(time[4]) > 23 || Number(time[5]) > 59 || Number(time[6]) > 60) return Number.NaN;
  const leap = time[6] === "60";
  const parsed = Date.parse(leap ? text.replace(/:60(?=[.Zz+-])/, ":59") : text);
  return leap ? parsed + 1000 : parsed;
}

function calendarDay(year: string, month: string, day: string): boolean {
  const m = Number(month);
  const d = Number(day);
  if (m < 1 || m > 12 || d < 1) return false;
  return d <= new Date(Date.UTC(Number(year), m, 0)).getUTCDate();
}

/** Whether a grant ending at `expiry` is over at `now` (the `until` instant itself is already past it). */
export function grantExpired(expiry: GrantExpiry | undefined, now: Date): boolean {
  return expiry !== undefined && expiry.endsAt <= now.getTime();
}

/** Whole days left until `expiry` at `now`, rounded up: 5 for four days and an hour. */
export function daysLeft(expiry: GrantExpiry, now: Date): number {
  return Math.ceil((expiry.endsAt - now.getTime()) / 86_400_000);
}

/** "expires in 5 days", "expires in 1 day", "expires in less than a day". */
export function expiresInWords(expiry: GrantExpiry, now: Date): string {
  const days = daysLeft(expiry, now);
  if (expiry.endsAt - now.getTime() < 86_400_000) return "expires in less than a day";
  return `expires in ${days} ${days === 1 ? "day" : "days"}`;
}
