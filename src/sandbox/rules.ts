/**
 * The sandbox's server-side authorization and profile rules, pure over data: who may invite, change and remove
 * whom (`role.manages`, `changesRoles`), who manages workspaces, what a user's access may look like (private
 * workspaces, the all-workspaces grant, hidden columns) and who may move which element. Every check reads the
 * same Profile the declaration checks read, and refuses by throwing a ProblemError.
 */
import type { Profile, Role } from "../policy/profile.ts";
import { isReservedWorkspaceName, workspaceNameProblem } from "../policy/workspace-names.ts";
import { PUBLIC_WORKSPACE_ID, type User, type UserInvite, type UserUpdate } from "../tracker/resources.ts";
import { conflict, type FieldProblem, forbidden, ProblemError, ruleViolation } from "./problems.ts";
import type { UserFields } from "./store-users.ts";

/** The parts of a user that access rules look at. */
export type AccessState = Pick<UserFields, "role" | "workspaces" | "allWorkspaces" | "hiddenColumns">;

/** The role `name` of `profile`, or undefined. */
export function roleOf(profile: Profile, name: string): Role | undefined {
  return profile.roles.find((role) => role.name === name);
}

/** 403 unless the actor's role manages some other role (workers and read-only users manage no access). */
export function requireAccessManager(actor: Role): void {
  if (actor.manages.length === 0) throw forbidden(`role "${actor.name}" may not manage users or invitations`);
}

/** Whether `role` reads the account's other users: its access to the profile's `usersSection` is not `none`. */
export function readsUsers(profile: Profile, role: Role): boolean {
  return (role.settings[profile.usersSection] ?? "none") !== "none";
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
  if (!actor.managesWorkspaces) throw forbidden(`role "${actor.name}" may not manage workspaces or memberships`);
}

/** Checks an invitation; returns the new user's access. `unknown` lists the invite's workspace ids that don't exist. */
export function checkInvite(profile: Profile, actor: Role, invite: UserInvite, unknown: string[]): AccessState {
  requireAccessManager(actor);
  const role = knownRole(profile, invite.role, "/role");
  if (!actor.manages.includes(role.name)) throw forbidden(`role "${actor.name}" may not invite a "${role.name}"`);
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
    if (!actor.changesRoles) throw forbidden(`role "${actor.name}" may not change roles on ${profile.displayName}`);
    const role = knownRole(profile, change.role as string, "/role");
    if (!actor.manages.includes(role.name)) throw forbidden(`role "${actor.name}" may not make a user "${role.name}"`);
  }
  if (change.workspaces !== undefined || change.allWorkspaces !== undefined) requireWorkspaceManager(actor);

  const fields: Partial<AccessState> = {};
  if (changesRole) fields.role = change.role;
  if (change.workspaces !== undefined) fields.workspaces = [...new Set(change.workspaces)];
  if (change.allWorkspaces !== undefined) fields.allWorkspaces = change.allWorkspaces;
  if (change.hiddenColumns !== undefined) fields.hiddenColumns = [...new Set(change.hiddenColumns)];
  // A role that cannot have hidden columns drops them unless the change names some (then 422 below).
  if (changesRole && change.hiddenColumns === undefined && !profile.hiddenColumnRoles.includes(change.role!)) {
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

/** 422 unless `state` is a valid access on this profile; lists every problem. */
export function checkAccessState(profile: Profile, state: AccessState, unknown: string[]): void {
  const errors: FieldProblem[] = [];
  if (state.allWorkspaces && !profile.allWorkspacesGrant) {
    errors.push({ pointer: "/allWorkspaces", message: `${profile.displayName} cannot grant every workspace at once` });
  }
  if (state.workspaces.includes(PUBLIC_WORKSPACE_ID)) {
    errors.push({ pointer: "/workspaces", message: "the public workspace cannot be assigned; everyone sees it" });
  }
  for (const id of unknown.filter((id) => id !== PUBLIC_WORKSPACE_ID)) {
    errors.push({ pointer: "/workspaces", message: `no private workspace "${id}"` });
  }
  if (state.hiddenColumns.length > 0 && !profile.hiddenColumnRoles.includes(state.role)) {
    const roles = profile.hiddenColumnRoles.join(", ") || "no role";
    errors.push({ pointer: "/hiddenColumns", message: `columns can be hidden only from: ${roles}` });
  }
  const columns = new Set(profile.columns.map((column) => column.name));
  for (const name of state.hiddenColumns.filter((name) => !columns.has(name))) {
    errors.push({ pointer: "/hiddenColumns", message: `unknown column "${name}"` });
  }
  const role = roleOf(profile, state.role);
  const privateOnes = state.workspaces.filter((id) => id !== PUBLIC_WORKSPACE_ID);
  if (role?.needsPrivateWorkspace && privateOnes.length === 0 && !state.allWorkspaces) {
    errors.push({ pointer: "/workspaces", message: `a "${role.name}" needs at least one private workspace` });
  }
  if (errors.length > 0) throw ruleViolation(`the user's access breaks ${profile.displayName}'s rules`, errors);
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
    const role = roleOf(profile, member.role);
    const left = member.workspaces.filter((id) => id !== workspaceId && id !== PUBLIC_WORKSPACE_ID);
    return role?.needsPrivateWorkspace === true && !member.allWorkspaces && left.length === 0;
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
  if (limit !== null && count >= limit) {
    throw new ProblemError(409, "workspace-limit", `${profile.displayName} allows at most ${limit} private workspaces`);
  }
}

/** 422 when an element of `kind` cannot be in `workspace` (public) on this profile. */
export function checkKindInWorkspace(profile: Profile, kind: string, workspace: string, elementId: string): void {
  if (workspace !== PUBLIC_WORKSPACE_ID) return;
  if (!profile.publicWorkspace) {
    throw ruleViolation(`${profile.displayName} has no public workspace`, [
      { pointer: "/workspace", message: "no such workspace" },
    ]);
  }
  const found = profile.elementKinds.find((k) => k.name === kind);
  if (found !== undefined && !found.allowedInPublic) {
    throw new ProblemError(422, "not-allowed-in-public", `a ${kind} cannot be in the public workspace`, {
      elements: [elementId],
    });
  }
}

/** 403 unless the actor may edit elements of `kind` in both the element's workspace and the target one. */
export function checkMoveAccess(profile: Profile, actor: User, kind: string, from: string, to: string): void {
  const role = roleOf(profile, actor.role);
  if (role === undefined || !canEdit(role, actor, kind, from) || !canEdit(role, actor, kind, to)) {
    throw forbidden(`role "${actor.role}" may not move a ${kind} from ${from} to ${to}`);
  }
}

function canEdit(role: Role, actor: User, kind: string, workspace: string): boolean {
  if (workspace === PUBLIC_WORKSPACE_ID) return editing(role.publicAccess[kind]);
  const sees = role.implicitAccess || actor.allWorkspaces || actor.workspaces.includes(workspace);
  return sees && editing(role.privateAccess[kind]);
}

function editing(access: string | undefined): boolean {
  return access === "edit" || access === "create";
}

function requireManages(actor: Role, target: User, verb: string): void {
  if (!actor.manages.includes(target.role)) {
    throw forbidden(`role "${actor.name}" may not ${verb} a "${target.role}"`);
  }
}

function knownRole(profile: Profile, name: string, pointer: string): Role {
  const role = roleOf(profile, name);
  if (role === undefined) {
    throw ruleViolation(`${profile.displayName} has no role "${name}"`, [{ pointer, message: "unknown role" }]);
  }
  return role;
}
