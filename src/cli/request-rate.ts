/**
 * The request rate a command paces its tracker client to: `--max-rps N` when given, else the documented rate of
 * the tracker's profile (`requestsPerSecond` in policies/), else none. Every command that talks to the tracker
 * accepts `--max-rps`.
 */
import type { Profile } from "../policy/profile.ts";
import type { ParsedArguments } from "./arguments.ts";
import { UsageError } from "./command.ts";

/** The option every tracker command accepts, without dashes. */
export const MAX_RPS_OPTION = "max-rps";

/** Requests per second for this run, or undefined when unpaced; a `--max-rps` that is not a positive number is a usage error. */
export function requestRate(args: ParsedArguments, profile: Profile | undefined): number | undefined {
  const given = args.values[MAX_RPS_OPTION];
  if (given === undefined) return profile?.requestsPerSecond ?? undefined;
  const rate = /^\d+(\.\d+)?$/.test(given) ? Number(given) : Number.NaN;
  if (!(rate > 0))
    throw new UsageError(`--${MAX_RPS_OPTION} must be a positive number of requests per second, not ${given}`);
  return rate;
}
