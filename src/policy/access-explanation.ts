/**
 * "Why can bob edit this campaign?": a user's access to an element, a workspace or a settings section, with the
 * chain of facts it follows from, each with its source: the user's entry and role in the declaration, the role's
 * definition and table line in `policies/<tracker>.yaml` with the seed document it cites, the membership that
 * makes the workspace visible, and the entry that placed the element. Pure: the access levels are the ones
 * effective-permissions.ts computes (one interpretation of the profile); this only names their reasons.
 */
import type { ElementAssignment, UserDeclaration } from "../declaration/model.ts";
import { ALL_WORKSPACES, emailKey, PUBLIC_WORKSPACE } from "../declaration/model.ts";
import { effectivePermissions, type UserPermissions } from "./effective-permissions.ts";
import { placementOf, placementPointer, placementWords } from "./element-placement.ts";
import {
  type AccessBasis,
  type ElementExplanation,
  type ExplanationStep,
  elementTarget,
  elementWords,
  type SettingExplanation,
  type WorkspaceExplanation,
} from "./explanation.ts";
import type { Profile, Role } from "./profile.ts";
import type { ProfileSources } from "./profile-sources.ts";

/** Computes effective permissions once and answers every question of one basis from them. */
export class AccessExplainer {
  readonly #basis: AccessBasis;
  readonly #permissions = new Map<string, UserPermissions>();

  constructor(basis: AccessBasis) {
    this.#basis = basis;
    for (const p of effectivePermissions(basis.declaration, basis.profile)) this.#permissions.set(emailKey(p.email), p);
  }

  /** The declared user with this e-mail (compared as e-mails are), or undefined. */
  user(email: string): UserDeclaration | undefined {
    const key = emailKey(email);
    return this.#basis.declaration.users.find((u) => emailKey(u.email) === key);
  }

  /** Effective permissions of a declared user. */
  permissions(user: UserDeclaration): UserPermissions {
    const permissions = this.#permissions.get(emailKey(user.email));
    if (permissions === undefined) throw new Error(`AccessExplainer: ${user.email} is not in the declaration`);
    return permissions;
  }

  /** Why `user` has the access it has to `element`. */
  element(user: UserDeclaration, element: ElementAssignment): ElementExplanation {
    const { profile, rules } = this.#basis;
    const role = this.#role(user);
    const permissions = this.permissions(user);
    const workspace = permissions.workspaces.find((w) => w.workspace === element.workspace);
    const access = workspace?.elements[element.kind] ?? "none";
    const kindIndex = profile.elementKinds.findIndex((k) => k.name === element.kind);
    const kind = profile.elementKinds[kindIndex];
    const placement = placementOf(element);
    const named = elementWords(element);
    const steps = [
      ...this.#roleSteps(user, role),
      {
        says: `${named} is placed in ${element.workspace} by ${placementWords(placement)}`,
        source: this.#basis.origin(placement.at, placementPointer(placement)),
      },
      ...this.#visibilitySteps(user, role, element.workspace),
    ];
    if (workspace?.visible && kind !== undefined) {
      const isPublic = element.workspace === PUBLIC_WORKSPACE && profile.publicWorkspace;
      if (isPublic && !kind.allowedInPublic) {
        steps.push(
          ruleStep(rules, ["elementKinds", kindIndex], `${kind.label} are not available in the public workspace`),
        );
      } else {
        const table = isPublic ? "publicAccess" : "privateAccess";
        const level = (isPublic ? role.publicAccess : role.privateAccess)[kind.name] ?? "none";
        steps.push(
          ruleStep(
            rules,
            ["roles", this.#roleIndex(role), table, kind.name],
            `${role.name} has ${level} on ${kind.label.toLowerCase()} in ${where(profile, isPublic, role)}`,
          ),
        );
        if (kind.readOnlyEverywhere && !role.implicitAccess && level !== access) {
          steps.push(
            ruleStep(
              rules,
              ["elementKinds", kindIndex],
              `${kind.label} are read only for every role but owner and admin`,
            ),
          );
        }
      }
    }
    return {
      email: user.email,
      role: role.name,
      element: elementTarget(element),
      access,
      steps,
    };
  }

  /** Why `user` has the access it has in `workspaceName` (declared, or `public`). */
  workspace(user: UserDeclaration, workspaceName: string): WorkspaceExplanation {
    const role = this.#role(user);
    const permissions = this.permissions(user);
    const workspace = permissions.workspaces.find((w) => w.workspace === workspaceName);
    const visible = workspace?.visible ?? false;
    const steps = [...this.#roleSteps(user, role), ...this.#visibilitySteps(user, role, workspaceName)];
    if (visible && this.#basis.profile.elementKinds.length > 0) {
      const isPublic = workspaceName === PUBLIC_WORKSPACE && this.#basis.profile.publicWorkspace;
      const table = isPublic ? "publicAccess" : "privateAccess";
      const levels = Object.entries(workspace?.elements ?? {}).map(([kind, level]) => `${kind} ${level}`);
      steps.push(
        ruleStep(
          this.#basis.rules,
          ["roles", this.#roleIndex(role), table],
          `${role.name}'s ${isPublic ? "public" : "private"} element table: ${levels.join(", ")}`,
        ),
      );
    }
    return {
      email: user.email,
      role: role.name,
      workspace: workspaceName,
      visible,
      elements: { ...(workspace?.elements ?? {}) },
      steps,
    };
  }

  /** Why `user` has the access it has to settings section `section`. */
  setting(user: UserDeclaration, section: string): SettingExplanation {
    const role = this.#role(user);
    const access = this.permissions(user).settings[section] ?? "none";
    const label = this.#basis.profile.settingsSections.find((s) => s.name === section)?.label ?? section;
    return {
      email: user.email,
      role: role.name,
      setting: section,
      access,
      steps: [
        ...this.#roleSteps(user, role),
        ruleStep(
          this.#basis.rules,
          ["roles", this.#roleIndex(role), "settings", section],
          `${role.name} has ${access} on ${label}`,
        ),
      ],
    };
  }

  #role(user: UserDeclaration): Role {
    const role = this.#basis.profile.roles.find((r) => r.name === user.role);
    if (role === undefined) throw new Error(`AccessExplainer: role ${user.role} is not in the profile`);
    return role;
  }

  #roleIndex(role: Role): number {
    return this.#basis.profile.roles.indexOf(role);
  }

  /** The user's entry with its role, and the role's definition in the profile. */
  roleSteps(user: UserDeclaration): ExplanationStep[] {
    return this.#roleSteps(user, this.#role(user));
  }

  /** The rule of the user's role at `path` below the role (`["settings"]`), as a step saying `says`. */
  roleRule(user: UserDeclaration, path: Array<string | number>, says: string): ExplanationStep {
    return ruleStep(this.#basis.rules, ["roles", this.#roleIndex(this.#role(user)), ...path], says);
  }

  /** A step for a fact inside the user's entry (`/hiddenColumns`), with its origin. */
  entryStep(user: UserDeclaration, pointer: string, says: string): ExplanationStep {
    return { says, source: this.#basis.origin(user.at, `${user.at.path}${pointer}`) };
  }

  #roleSteps(user: UserDeclaration, role: Role): ExplanationStep[] {
    const { profile, rules, origin } = this.#basis;
    const where = this.#basis.basis === "live" ? "is in the account" : "is declared";
    return [
      { says: `${user.email} ${where} with role ${role.name}`, source: origin(user.at, `${user.at.path}/role`) },
      ruleStep(
        rules,
        ["roles", this.#roleIndex(role)],
        `${role.name} is ${profile.displayName}'s "${role.label}" role`,
      ),
    ];
  }

  /** Why the user sees `workspace`, or does not. */
  #visibilitySteps(user: UserDeclaration, role: Role, workspace: string): ExplanationStep[] {
    const { profile, rules, origin } = this.#basis;
    const noun = profile.workspaceNoun;
    if (workspace === PUBLIC_WORKSPACE && profile.publicWorkspace) {
      return [ruleStep(rules, ["publicWorkspace"], `public is the built-in public ${noun}: every user sees it`)];
    }
    if (role.implicitAccess) {
      return [
        ruleStep(
          rules,
          ["roles", this.#roleIndex(role), "implicitAccess"],
          `${role.name} sees every ${noun} without being assigned`,
        ),
      ];
    }
    if (user.workspaces === ALL_WORKSPACES) {
      return [
        {
          says: `${user.email} is granted every ${noun} ("*")`,
          source: origin(user.at, `${user.at.path}/workspaces`),
        },
      ];
    }
    const index = user.workspaces.indexOf(workspace);
    if (index >= 0) {
      return [
        {
          says: `${user.email} is a member of ${workspace}`,
          source: origin(user.at, `${user.at.path}/workspaces/${index}`),
        },
      ];
    }
    const memberOf = user.workspaces.length > 0 ? user.workspaces.join(", ") : `no ${noun}`;
    return [
      {
        says: `${user.email} is not a member of ${workspace} (member of ${memberOf}), so sees nothing there`,
        source: origin(user.at, user.workspaces.length > 0 ? `${user.at.path}/workspaces` : user.at.path),
      },
    ];
  }
}

/** A step naming a rule of the profile, with its line, reason and cited documents. */
function ruleStep(rules: ProfileSources, path: Array<string | number>, says: string): ExplanationStep {
  const rule = rules.rule(path);
  return {
    says,
    source: { file: rule.file, line: rule.line, column: rule.column, path: rule.path },
    ...(rule.comment !== "" ? { comment: rule.comment } : {}),
    citations: rule.citations,
  };
}

/** "the public workspace", "every private workspace", "an assigned private workspace". */
function where(profile: Profile, isPublic: boolean, role: Role): string {
  const noun = profile.workspaceNoun;
  if (isPublic) return `the public ${noun}`;
  return role.implicitAccess ? `every private ${noun}` : `an assigned private ${noun}`;
}
