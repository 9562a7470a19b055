/**
 * Durations as options take them: a whole number and a unit, `90s`, `30m`, `24h`, `7d` (a bare number is
 * seconds). Used by `apply --max-age` and `--lock-timeout`.
 */
import { UsageError } from "./command.ts";

const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** The milliseconds of `text` (`30m` → 1800000); a UsageError naming `--option` when it is not a duration. */
export function parseDuration(text: string, option: string): number {
  const match = /^(\d{1,9})(ms|s|m|h|d)?$/.exec(text.trim());
  if (match === null) {
    throw new UsageError(`--${option} must be a duration such as 30s, 30m, 24h or 7d, not ${JSON.stringify(text)}`);
  }
  return Number(match[1]) * UNIT_MS[match[2] ?? "s"];
}

/** A duration in the largest unit that divides it: 86400000 → `24h`, 90000 → `90s`. */
export function formatDuration(ms: number): string {
  for (const unit of ["d", "h", "m", "s"])
    if (ms % UNIT_MS[unit] === 0 && ms >= UNIT_MS[unit]) return `${ms / UNIT_MS[unit]}${unit}`;
  return `${ms}ms`;
}

/** An age in its largest whole unit, rounded down: 7204000 → `2h`, 172800000 → `2d`, 42000 → `42s`. */
export function formatAge(ms: number): string {
  for (const unit of ["d", "h", "m"]) if (ms >= UNIT_MS[unit]) return `${Math.floor(ms / UNIT_MS[unit])}${unit}`;
  return `${Math.max(0, Math.floor(ms / 1000))}s`;
}
