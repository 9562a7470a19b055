/** The private-workspace limit: how many private workspaces an account may hold (profile, or the account's own). */
import type { Profile } from "./profile.ts";

/**
 * The largest number of private workspaces an account may hold: the account's own limit where the tracker
 * reports one, else the profile's; null when unlimited.
 */
export function workspaceLimit(profile: Profile, accountLimit?: number | null): number | null {
  return accountLimit ?? profile.privateWorkspaceLimit;
}

/** Whether `count` private workspaces exceed `limit` (null: unlimited). */
export function exceedsWorkspaceLimit(limit: number | null, count: number): boolean {
  return limit !== null && count > limit;
}
