/**
 * Whom a role may manage: which users it invites, changes and removes (`manages`), whether it changes roles
 * (`changesRoles`), whether it manages workspaces and memberships (`managesWorkspaces`) and whether it reads the
 * account's other users (its access to the profile's `usersSection`). The planner's actor rules
 * (`managementRefusals`) and the sandbox's request checks both ask these.
 */
import type { Profile, Role } from "./profile.ts";

/** Whether `role` manages any user at all (workers and read-only users manage nobody). */
export function managesUsers(role: Role | undefined): boolean {
  return (role?.manages.length ?? 0) > 0;
}

/** Whether `role` may invite, change and remove users of role `target`. */
export function mayManage(role: Role | undefined, target: string): boolean {
  return role?.manages.includes(target) ?? false;
}

/** Whether `role` may change the role of a user it manages (Voluum: only the owner). */
export function mayChangeRoles(role: Role | undefined): boolean {
  return role?.changesRoles ?? false;
}

/** Whether `role` may create, rename and delete workspaces and assign users to them. */
export function managesWorkspaces(role: Role | undefined): boolean {
  return role?.managesWorkspaces ?? false;
}

/** Whether `role` reads the account's other users: its access to the profile's `usersSection` is not `none`. */
export function readsUsers(profile: Profile, role: Role): boolean {
  return (role.settings[profile.usersSection] ?? "none") !== "none";
}

/** A change of the account's users or workspaces, as the actor rules see it. */
export type ManagementRequest =
  | { type: "invite"; role: string; assignsWorkspaces: boolean }
  | { type: "resend-invitation"; role: string }
  | { type: "change-role"; from: string; to: string }
  /** `roles`: the user's role now and as declared (both must be managed). */
  | { type: "set-memberships"; roles: string[] }
  | { type: "set-hidden-columns"; roles: string[] }
  | { type: "remove"; role: string }
  | { type: "manage-workspace" };

/** Why a role may not make a management request. */
export type ManagementRefusal =
  /** `roles`: the roles involved that the actor does not manage. */
  | { rule: "actor/cannot-manage-admins"; roles: string[] }
  | { rule: "actor/cannot-manage-roles" }
  | { rule: "actor/cannot-manage-workspaces" };

/** Every reason `role` (the API key's) may not make `request`; empty when it may. */
export function managementRefusals(role: Role | undefined, request: ManagementRequest): ManagementRefusal[] {
  const refusals: ManagementRefusal[] = [];
  const users = (roles: string[]) => {
    const outside = [...new Set(roles)].filter((name) => !mayManage(role, name));
    if (outside.length > 0) refusals.push({ rule: "actor/cannot-manage-admins", roles: outside });
  };
  const workspaces = () => {
    if (!managesWorkspaces(role)) refusals.push({ rule: "actor/cannot-manage-workspaces" });
  };
  switch (request.type) {
    case "invite":
      users([request.role]);
      if (request.assignsWorkspaces) workspaces();
      break;
    case "resend-invitation":
    case "remove":
      users([request.role]);
      break;
    case "change-role":
      users([request.from, request.to]);
      if (!mayChangeRoles(role)) refusals.push({ rule: "actor/cannot-manage-roles" });
      break;
    case "set-memberships":
      users(request.roles);
      workspaces();
      break;
    case "set-hidden-columns":
      users(request.roles);
      break;
    case "manage-workspace":
      workspaces();
      break;
  }
  return refusals;
}
