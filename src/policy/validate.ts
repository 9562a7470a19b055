/**
 * Validates a declaration against a tracker's profile: every rule that can be decided from the declaration
 * alone. Pure and linear in the size of the declaration; all violations are collected, sorted by position.
 */
import type { Declaration } from "../declaration/model.ts";
import type { Omissions } from "../declaration/omissions.ts";
import type { SourceLocator } from "../declaration/source-map.ts";
import { sortViolations, type Violation } from "../violations/violation.ts";
import { createCheckContext } from "./check-context.ts";
import { checkElements } from "./check-elements.ts";
import { checkGrants, type GrantClock, wallClock } from "./check-grants.ts";
import { checkSelectors } from "./check-selectors.ts";
import { checkUsers } from "./check-users.ts";
import { checkWorkspaces } from "./check-workspaces.ts";
import type { Profile } from "./profile.ts";

/**
 * Every violation of `declaration` against `profile`, sorted. With `locate` (from `loadDeclaration`), a
 * violation inside an entity points at the exact node; without it, at the entity. With `omitted` (what
 * syntax and schema errors left out), rules that need the whole declaration do not report what the left-out
 * entries may have supplied. Time-bound grants are judged at `clock` (default: now, warning 7 days ahead).
 */
export function validateDeclaration(
  declaration: Declaration,
  profile: Profile,
  locate?: SourceLocator,
  omitted?: Omissions,
  clock: GrantClock = wallClock(),
): Violation[] {
  const ctx = createCheckContext(declaration, profile, locate, omitted);
  const workspaces = checkWorkspaces(ctx);
  checkUsers(ctx, workspaces);
  checkGrants(ctx, clock);
  checkElements(ctx, workspaces);
  checkSelectors(ctx, workspaces);
  return sortViolations(ctx.violations);
}
