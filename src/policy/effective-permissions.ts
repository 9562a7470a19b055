/**
 * What each declared user can actually do once a valid declaration is applied: per workspace and element kind,
 * per settings section, and which columns are hidden. Pure: reads only the declaration and the tracker's profile.
 * Used by access reviews and by tests that check the seeds' tables end to end.
 */
import { ALL_WORKSPACES, type Declaration, PUBLIC_WORKSPACE, type UserDeclaration } from "../declaration/model.ts";
import { elementAccess, seesWorkspace, type WorkspaceGrants } from "./element-access.ts";
import type { ElementAccess, Profile, Role, SettingsAccess } from "./profile.ts";
import { findRole } from "./roles.ts";

/** A user's access inside one workspace. */
export interface WorkspacePermissions {
  /** Workspace name: `public` first (where the tracker has one), then the declared private workspaces. */
  workspace: string;
  /** Whether the user sees this workspace at all (public: always; private: implicit access, assigned or "*"). */
  visible: boolean;
  /** Per element kind of the profile, in profile order; "none" everywhere when not visible. */
  elements: Record<string, ElementAccess>;
}

/** Everything one declared user can do. */
export interface UserPermissions {
  /** E-mail as declared. */
  email: string;
  /** Role name as declared. */
  role: string;
  /** Workspaces in order: public first, then declaration order. */
  workspaces: WorkspacePermissions[];
  /** Per settings section of the profile, in profile order. */
  settings: Record<string, SettingsAccess>;
  /** Columns hidden from the user, as declared (empty when none). */
  hiddenColumns: string[];
}

/** Effective permissions of every user of a declaration, in declaration order. */
export type EffectivePermissions = UserPermissions[];

/**
 * Computes what every user of a valid declaration may do under `profile`. Throws when a user's role is not in the
 * profile: validation reports that first (`role/unsupported`), so reaching here with one is a caller's bug.
 */
export function effectivePermissions(decl: Declaration, profile: Profile): EffectivePermissions {
  return decl.users.map((user) => {
    const role = findRole(profile, user.role);
    if (role === undefined) {
      throw new Error(
        `effectivePermissions: user ${user.email} has role "${user.role}", unknown to ${profile.tracker}`,
      );
    }
    return {
      email: user.email,
      role: role.name,
      workspaces: workspacePermissions(decl, profile, user, role),
      settings: Object.fromEntries(profile.settingsSections.map(({ name }) => [name, role.settings[name] ?? "none"])),
      hiddenColumns: [...(user.hiddenColumns ?? [])],
    };
  });
}

/** The user's access in the public workspace (if any) and in every declared private workspace (policy/element-access.ts). */
function workspacePermissions(
  decl: Declaration,
  profile: Profile,
  user: UserDeclaration,
  role: Role,
): WorkspacePermissions[] {
  const grants: WorkspaceGrants = {
    workspaces: user.workspaces === ALL_WORKSPACES ? [] : user.workspaces,
    allWorkspaces: user.workspaces === ALL_WORKSPACES,
  };
  const names = [...(profile.publicWorkspace ? [PUBLIC_WORKSPACE] : []), ...decl.workspaces.map((w) => w.name)];
  return names.map((workspace) => ({
    workspace,
    visible: seesWorkspace(profile, role, grants, workspace),
    elements: Object.fromEntries(
      profile.elementKinds.map((kind): [string, ElementAccess] => [
        kind.name,
        elementAccess(profile, role, grants, kind.name, workspace),
      ]),
    ),
  }));
}
