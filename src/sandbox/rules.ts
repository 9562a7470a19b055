/**
 * The sandbox's server-side authorization and profile rules, pure over data: who may invite, change and remove
 * whom (`role.manages`, `changesRoles`), who manages workspaces, what a user's access may look like (private
 * workspaces, the all-workspaces grant, hidden columns) and who may move which element. Every rule is asked of
 * policy/ (the profile's one interpretation, which the validator and the planner ask too); this file only
 * decides the HTTP answer (status, precedence, wording) and refuses by throwing a ProblemError.
 */
import { type AccessProblem, accessErrors, mayHaveHiddenColumns } from "../policy/access-rules.ts";
import { kindPlacementProblem, moveAccessBlockers } from "../policy/element-access.ts";
import type { Profile, Role } from "../policy/profile.ts";
import { findRole } from "../policy/roles.ts";
import { managesUsers, managesWorkspaces, mayChangeRoles, mayManage, readsUsers } from "../policy/user-management.ts";
import { exceedsWorkspaceLimit } from "../policy/workspace-limit.ts";
import { isReservedWorkspaceName, workspaceNameProblem } from "../policy/workspace-names.ts";
import { PUBLIC_WORKSPACE_ID, type User, type UserInvite, type UserUpdate } from "../tracker/resources.ts";
import { conflict, type FieldProblem, forbidden, ProblemError, ruleViolation } from "./problems.ts";
import type { UserFields } from "./store-users.ts";

/** The parts of a user that access rules look at. */
export type AccessState = Pick<UserFields, "role" | "workspaces" | "allWorkspaces" | "hiddenColumns">;

/** 403 unless the actor's role manages some other role (workers and read-only users manage no access). */
export function requireAccessManager(actor: Role): void {
  if (!managesUsers(actor)) throw forbidden(`role "${actor.name}" may not manage users or invitations`);
}

/** 403 unless the actor reads other users; `target` is the user read (undefined: the whole list). */
export function requireUserReader(profile: Profile, actor: User, role: Role, target?: string): void {
  if (target === actor.id || readsUsers(profile, role)) return;
  const section = profile.settingsSections.find((s) => s.name === profile.usersSection)?.label ?? profile.usersSection;
  throw forbidden(
    `role "${role.name}" cannot read the account's users (${profile.displayName} gives it no access to ${section}); ` +
      "it reads only itself (/v1/me)",
  );
}

/** 403 unless the actor's role manages workspaces and memberships. */
export function requireWorkspaceManager(actor: Role): void {
  if (!managesWorkspaces(actor)) throw forbidden(`role "${actor.name}" may not manage workspaces or memberships`);
}

/** Checks an invitation; returns the new user's access. `unknown` lists the invite's workspace ids that don't exist. */
export function checkInvite(profile: Profile, actor: Role, invite: UserInvite, unknown: string[]): AccessState {
  requireAccessManager(actor);
  const role = knownRole(profile, invite.role, "/role");
  if (!mayManage(actor, role.name)) throw forbidden(`role "${actor.name}" may not invite a "${role.name}"`);
  if ((invite.workspaces !== undefined && invite.workspaces.length > 0) || invite.allWorkspaces === true) {
    requireWorkspaceManager(actor);
  }
  const state: AccessState = {
    role: role.name,
    workspaces: [...new Set(invite.workspaces ?? [])],
    allWorkspaces: invite.allWorkspaces ?? false,
    hiddenColumns: [...new Set(invite.hiddenColumns ?? [])],
  };
  checkAccessState(profile, state, unknown);
  return state;
}

/** Checks a change of `target`; returns the fields to store. `unknown` lists the change's unknown workspace ids. */
export function checkUserUpdate(
  profile: Profile,
  actor: Role,
  target: User,
  change: UserUpdate,
  unknown: string[],
): Partial<AccessState> {
  requireAccessManager(actor);
  const changesRole = change.role !== undefined && change.role !== target.role;
  if (target.role === profile.ownerRole && changesRole) throw conflict("the account owner is never demoted");
  requireManages(actor, target, "change");
  if (changesRole) {
    if (!mayChangeRoles(actor)) throw forbidden(`role "${actor.name}" may not change roles on ${profile.displayName}`);
    const role = knownRole(profile, change.role as string, "/role");
    if (!mayManage(actor, role.name)) throw forbidden(`role "${actor.name}" may not make a user "${role.name}"`);
  }
  if (change.workspaces !== undefined || change.allWorkspaces !== undefined) requireWorkspaceManager(actor);

  const fields: Partial<AccessState> = {};
  if (changesRole) fields.role = change.role;
  if (change.workspaces !== undefined) fields.workspaces = [...new Set(change.workspaces)];
  if (change.allWorkspaces !== undefined) fields.allWorkspaces = change.allWorkspaces;
  if (change.hiddenColumns !== undefined) fields.hiddenColumns = [...new Set(change.hiddenColumns)];
  // A role that cannot have hidden columns drops them unless the change names some (then 422 below).
  if (changesRole && change.hiddenColumns === undefined && !mayHaveHiddenColumns(profile, change.role!)) {
    fields.hiddenColumns = [];
  }
  checkAccessState(profile, { ...target, ...fields }, unknown);
  return fields;
}

/** Checks the removal of `target` (or the revocation of its invitation). */
export function checkRemoval(profile: Profile, actor: Role, target: User): void {
  requireAccessManager(actor);
  if (target.role === profile.ownerRole) throw conflict("the account owner is never removed");
  requireManages(actor, target, "remove");
}

/** Checks re-sending the invitation of `target`. */
export function checkResend(actor: Role, target: User): void {
  requireAccessManager(actor);
  requireManages(actor, target, "invite");
  if (target.status === "active") throw conflict(`${target.email} already accepted the invitation`);
}

/** 422 unless `state` is a valid access on this profile (policy/access-rules.ts); lists every problem. */
export function checkAccessState(profile: Profile, state: AccessState, unknown: string[]): void {
  const errors: FieldProblem[] = accessErrors(profile, state).map((problem) => ({
    pointer: `/${problem.field}`,
    message: accessProblemMessage(profile, state, problem),
  }));
  for (const id of unknown.filter((id) => id !== PUBLIC_WORKSPACE_ID || !profile.publicWorkspace)) {
    errors.push({ pointer: "/workspaces", message: `no private workspace "${id}"` });
  }
  if (errors.length > 0) throw ruleViolation(`the user's access breaks ${profile.displayName}'s rules`, errors);
}

function accessProblemMessage(profile: Profile, state: AccessState, problem: AccessProblem): string {
  switch (problem.rule) {
    case "access/all-workspaces-unsupported":
      return `${profile.displayName} cannot grant every workspace at once`;
    case "member/public-not-assignable":
      return "the public workspace cannot be assigned; everyone sees it";
    case "member/needs-private-workspace":
      return `a "${state.role}" needs at least one private workspace`;
    case "columns/unsupported":
    case "columns/readonly-only":
      return `columns can be hidden only from: ${profile.hiddenColumnRoles.join(", ") || "no role"}`;
    case "columns/unknown":
      return `unknown column "${state.hiddenColumns[problem.index ?? 0]}"`;
    case "role/unsupported":
      return "unknown role";
    case "ref/unknown-workspace":
      return `"${state.workspaces[problem.index ?? 0]}" is not a workspace id`;
    default:
      return `breaks ${problem.rule}`;
  }
}

/**
 * 422 when deleting private workspace `workspaceId` would leave one of its `members` in a state
 * `checkAccessState` refuses (a worker or read-only user without a private workspace): the rule every path that
 * changes memberships keeps, so the account never holds what a PATCH could not have made.
 */
export function checkWorkspaceDeletion(
  profile: Profile,
  workspaceName: string,
  workspaceId: string,
  members: User[],
): void {
  const stranded = members.filter((member) => {
    const left = { ...member, workspaces: member.workspaces.filter((id) => id !== workspaceId) };
    return accessErrors(profile, left).some((problem) => problem.rule === "member/needs-private-workspace");
  });
  if (stranded.length === 0) return;
  const named = stranded.slice(0, 5).map((member) => `${member.email} (${member.role})`);
  if (stranded.length > named.length) named.push(`${stranded.length - named.length} more`);
  throw ruleViolation(
    `deleting workspace "${workspaceName}" would leave ${stranded.length} user(s) without the private workspace ` +
      `their role needs: ${named.join(", ")}; assign them another workspace first`,
    stranded.slice(0, 20).map((member) => ({
      pointer: "path:workspaceId",
      message: `${member.id}, a "${member.role}", would have no private workspace`,
    })),
  );
}

/** 422 for a name no private workspace may have (policy/workspace-names.ts, the validator's definition). */
export function checkWorkspaceName(name: string): void {
  if (isReservedWorkspaceName(name)) {
    throw ruleViolation(`"${name}" is reserved`, [{ pointer: "/name", message: "is a reserved workspace name" }]);
  }
  const problem = workspaceNameProblem(name);
  if (problem !== undefined) {
    throw ruleViolation(`"${name}" cannot name a workspace`, [{ pointer: "/name", message: problem }]);
  }
}

/** 409 workspace-limit when the account already has as many private workspaces as the profile allows. */
export function checkWorkspaceLimit(profile: Profile, count: number): void {
  const limit = profile.privateWorkspaceLimit;
  if (exceedsWorkspaceLimit(limit, count + 1)) {
    throw new ProblemError(409, "workspace-limit", `${profile.displayName} allows at most ${limit} private workspaces`);
  }
}

/** 422 when an element of `kind` cannot be in `workspace` (public) on this profile. */
export function checkKindInWorkspace(profile: Profile, kind: string, workspace: string, elementId: string): void {
  const problem = kindPlacementProblem(profile, kind, workspace);
  if (problem === "no-public-workspace") {
    throw ruleViolation(`${profile.displayName} has no public workspace`, [
      { pointer: "/workspace", message: "no such workspace" },
    ]);
  }
  if (problem === "not-allowed-in-public") {
    throw new ProblemError(422, "not-allowed-in-public", `a ${kind} cannot be in the public workspace`, {
      elements: [elementId],
    });
  }
}

/** 403 unless the actor may edit elements of `kind` in both the element's workspace and the target one. */
export function checkMoveAccess(profile: Profile, actor: User, kind: string, from: string, to: string): void {
  if (moveAccessBlockers(profile, findRole(profile, actor.role), actor, kind, from, to).length > 0) {
    throw forbidden(`role "${actor.role}" may not move a ${kind} from ${from} to ${to}`);
  }
}

function requireManages(actor: Role, target: User, verb: string): void {
  if (!mayManage(actor, target.role)) {
    throw forbidden(`role "${actor.name}" may not ${verb} a "${target.role}"`);
  }
}

function knownRole(profile: Profile, name: string, pointer: string): Role {
  const role = findRole(profile, name);
  if (role === undefined) {
    throw ruleViolation(`${profile.displayName} has no role "${name}"`, [{ pointer, message: "unknown role" }]);
  }
  return role;
}
