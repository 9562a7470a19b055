/**
 * Whether a user's access is one the tracker can hold: a role it has, the all-workspaces grant only where the
 * tracker has one, never the public workspace as a membership, a private workspace for the roles that need one,
 * hidden columns only on trackers that hide columns, only from the roles the profile allows, only columns of
 * its catalogue. The validator, the sandbox's request checks and its seed checks all ask `accessProblems`; each
 * words the problems its own way. Whether a named workspace exists is the caller's to check (the declaration's
 * workspaces, or the account's), not the profile's.
 */
import { ALL_WORKSPACES, PUBLIC_WORKSPACE } from "../declaration/model.ts";
import { RULES, type RuleId } from "../violations/rules.ts";
import type { Profile } from "./profile.ts";
import { findRole } from "./roles.ts";

/** A user's access as the rules look at it (the API's shape: a list of workspaces and an all-workspaces flag). */
export interface AccessRequest {
  role: string;
  /** Workspaces granted one by one: names or ids, the public workspace spelled `public`. */
  workspaces: readonly string[];
  /** Whether every workspace is granted at once (`workspaces: "*"` in a declaration). */
  allWorkspaces: boolean;
  hiddenColumns: readonly string[];
}

/** One way an access breaks the profile's rules: the rule, the field, and the list index where it is one item. */
export interface AccessProblem {
  rule: RuleId;
  field: "role" | "allWorkspaces" | "workspaces" | "hiddenColumns";
  /** The index in `workspaces` or `hiddenColumns` of the item at fault; undefined for the field as a whole. */
  index?: number;
}

/** Every way `access` breaks `profile`'s rules, warnings included, in field order (role, workspaces, columns). */
export function accessProblems(profile: Profile, access: AccessRequest): AccessProblem[] {
  const problems: AccessProblem[] = [];
  const role = findRole(profile, access.role);
  if (role === undefined) problems.push({ rule: "role/unsupported", field: "role" });

  // Workspaces: the all-workspaces grant, then each membership.
  if (access.allWorkspaces && !profile.allWorkspacesGrant) {
    problems.push({ rule: "access/all-workspaces-unsupported", field: "allWorkspaces" });
  }
  let privateGrants = 0;
  access.workspaces.forEach((name, index) => {
    if (name === ALL_WORKSPACES) {
      const rule = profile.allWorkspacesGrant ? "ref/unknown-workspace" : "access/all-workspaces-unsupported";
      problems.push({ rule, field: "workspaces", index });
    } else if (name === PUBLIC_WORKSPACE && profile.publicWorkspace) {
      problems.push({ rule: "member/public-not-assignable", field: "workspaces", index });
    } else {
      privateGrants += 1;
    }
  });
  // An all-workspaces grant the tracker lacks has no effect to warn about: it is refused above.
  const grantsAll = access.allWorkspaces && profile.allWorkspacesGrant;
  if (role?.implicitAccess && (grantsAll || access.workspaces.length > 0)) {
    problems.push({ rule: "member/implicit-access", field: "workspaces" });
  }
  if (role?.needsPrivateWorkspace && !access.allWorkspaces && privateGrants === 0) {
    problems.push({ rule: "member/needs-private-workspace", field: "workspaces" });
  }

  // Hidden columns.
  if (access.hiddenColumns.length === 0) return problems;
  if (!hidesColumns(profile)) {
    problems.push({ rule: "columns/unsupported", field: "hiddenColumns" });
  } else if (role !== undefined && !profile.hiddenColumnRoles.includes(role.name)) {
    problems.push({ rule: "columns/readonly-only", field: "hiddenColumns" });
  } else {
    const catalogue = new Set(profile.columns.map((column) => column.name));
    access.hiddenColumns.forEach((name, index) => {
      if (!catalogue.has(name)) problems.push({ rule: "columns/unknown", field: "hiddenColumns", index });
    });
  }
  return problems;
}

/** The problems of `accessProblems` that refuse the access (warnings left out). */
export function accessErrors(profile: Profile, access: AccessRequest): AccessProblem[] {
  return accessProblems(profile, access).filter((problem) => RULES[problem.rule].severity === "error");
}

/** Whether the tracker can hide columns from users at all. */
export function hidesColumns(profile: Profile): boolean {
  return profile.hiddenColumnRoles.length > 0 && profile.columns.length > 0;
}

/** Whether `role` keeps hidden columns on this tracker (a role change to another drops them). */
export function mayHaveHiddenColumns(profile: Profile, role: string): boolean {
  return profile.hiddenColumnRoles.includes(role);
}
