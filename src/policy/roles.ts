/** Looking up a profile's roles: by name, and by strength (roles are listed strongest first). */
import type { Profile, Role } from "./profile.ts";

/** The role `name` of `profile`, or undefined when the tracker has no such role. */
export function findRole(profile: Profile, name: string): Role | undefined {
  return profile.roles.find((role) => role.name === name);
}

/** How strong role `name` is: 0 for the strongest; unknown roles rank below every known one. */
export function roleRank(profile: Profile, name: string): number {
  const index = profile.roles.findIndex((role) => role.name === name);
  return index < 0 ? profile.roles.length : index;
}
