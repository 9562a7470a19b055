/**
 * What every part of the planner reads: the declaration (want), the live account (have), the tracker's profile,
 * the clock, and the lookups built once from them.
 */
import {
  type Declaration,
  emailKey,
  PUBLIC_WORKSPACE,
  type SourcePosition,
  type UserDeclaration,
} from "../declaration/model.ts";
import type { Profile } from "../policy/profile.ts";
import type { User } from "../tracker/resources.ts";
import { type LiveAccount, type WorkspaceNames, workspaceNames } from "./live-account.ts";

/** Options of `plan()` (and of `driftReport()`, which plans). */
export interface PlanOptions {
  /** The time pending invitations and time-bound grants (`until`) are judged at; defaults to the current time. */
  now?: Date;
  /** Largest share of the account's users a plan may remove without an override (default 0.25). */
  maxRemovalShare?: number;
  /** The override of the removal guard: must equal the exact number of users the plan removes. */
  allowRemovals?: number;
}

/** The inputs of one planning run and the lookups derived from them. */
export interface PlanContext {
  want: Declaration;
  have: LiveAccount;
  profile: Profile;
  now: Date;
  /** Live workspace names ↔ ids. */
  names: WorkspaceNames;
  /** Private workspace names the declaration declares. */
  declaredWorkspaces: Set<string>;
  /** Declared users by e-mail key (the first declaration of each). */
  wantUsers: Map<string, UserDeclaration>;
  /** Live users by id. */
  haveUsers: Map<string, User>;
  /** Where violations about the declaration as a whole point: its first file, line 1. */
  origin: SourcePosition;
}

/** Builds the context of a planning run. */
export function planContext(want: Declaration, have: LiveAccount, profile: Profile, options: PlanOptions): PlanContext {
  const wantUsers = new Map<string, UserDeclaration>();
  for (const user of want.users) if (!wantUsers.has(emailKey(user.email))) wantUsers.set(emailKey(user.email), user);
  return {
    want,
    have,
    profile,
    now: options.now ?? new Date(),
    names: workspaceNames(have.workspaces, profile),
    declaredWorkspaces: new Set(want.workspaces.map((w) => w.name)),
    wantUsers,
    haveUsers: new Map(have.users.map((u) => [u.id, u])),
    origin: { file: want.files[0] ?? "<declaration>", line: 1, column: 1, path: "" },
  };
}

/** Whether `name` is a workspace the plan's end state has: a declared private one, or `public` where it exists. */
export function knownWorkspace(ctx: PlanContext, name: string): boolean {
  return ctx.declaredWorkspaces.has(name) || (ctx.profile.publicWorkspace && name === PUBLIC_WORKSPACE);
}
