/**
 * What each declared user can actually do once a valid declaration is applied: per workspace and element kind,
 * per settings section, and which columns are hidden. Pure: reads only the declaration and the tracker's profile.
 * Used by access reviews and by tests that check the seeds' tables end to end.
 */
import type { Declaration, UserDeclaration } from "../declaration/model.ts";
import type { ElementAccess, Profile, Role, SettingsAccess } from "./profile.ts";

/** The name of the built-in public workspace on trackers that have one. */
export const PUBLIC_WORKSPACE = "public";

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

const elementRank: Record<ElementAccess, number> = { none: 0, use: 1, edit: 2, create: 3 };

/**
 * Computes what every user of a valid declaration may do under `profile`. Throws when a user's role is not in the
 * profile: validation reports that first (`role/unsupported`), so reaching here with one is a caller's bug.
 */
export function effectivePermissions(decl: Declaration, profile: Profile): EffectivePermissions {
  const roles = new Map(profile.roles.map((role) => [role.name, role]));
  return decl.users.map((user) => {
    const role = roles.get(user.role);
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

/** The user's access in the public workspace (if any) and in every declared private workspace. */
function workspacePermissions(
  decl: Declaration,
  profile: Profile,
  user: UserDeclaration,
  role: Role,
): WorkspacePermissions[] {
  const result: WorkspacePermissions[] = [];
  if (profile.publicWorkspace) {
    result.push({
      workspace: PUBLIC_WORKSPACE,
      visible: true,
      elements: elementTable(profile, role, (kind) => (kind.allowedInPublic ? role.publicAccess[kind.name] : "none")),
    });
  }
  for (const { name } of decl.workspaces) {
    const visible = role.implicitAccess || user.workspaces === "*" || user.workspaces.includes(name);
    result.push({
      workspace: name,
      visible,
      elements: elementTable(profile, role, (kind) => (visible ? role.privateAccess[kind.name] : "none")),
    });
  }
  return result;
}

/** Per element kind, the access `pick` gives, capped at "use" on read-only-everywhere kinds for non-implicit roles. */
function elementTable(
  profile: Profile,
  role: Role,
  pick: (kind: Profile["elementKinds"][number]) => ElementAccess | undefined,
): Record<string, ElementAccess> {
  const table: Record<string, ElementAccess> = {};
  for (const kind of profile.elementKinds) {
    let access = pick(kind) ?? "none";
    if (kind.readOnlyEverywhere && !role.implicitAccess && elementRank[access] > elementRank.use) access = "use";
    table[kind.name] = access;
  }
  return table;
}
