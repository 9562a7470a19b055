/**
 * The consistency checks of a sandbox seed against its profile: a seeded account obeys the same rules the
 * sandbox enforces on requests (one owner, known roles, kinds and columns, workspaces that exist, ...).
 */
import type { Profile } from "../policy/profile.ts";
import { isReservedWorkspaceName, workspaceNameProblem } from "../policy/workspace-names.ts";
import { PUBLIC_WORKSPACE_ID } from "../tracker/resources.ts";
import type { SandboxSeed } from "./seed.ts";
import { isGeneratedElementId } from "./store-elements.ts";
import { emailKeyOf } from "./store-users.ts";

/** Every way `seed` contradicts itself or `profile`, as `/json/pointer: message`. */
export function seedProblems(seed: SandboxSeed, profile: Profile): string[] {
  const problems: string[] = [];
  const report = (at: string, message: string) => problems.push(`${at}: ${message}`);

  // Phase 1: workspaces.
  const workspaces = new Set<string>();
  (seed.workspaces ?? []).forEach(({ name }, i) => {
    if (workspaces.has(name)) report(`/workspaces/${i}/name`, `workspace "${name}" is listed twice`);
    const problem = isReservedWorkspaceName(name)
      ? " is reserved"
      : workspaceNameProblem(name) && `: ${workspaceNameProblem(name)}`;
    if (problem) report(`/workspaces/${i}/name`, `"${name}"${problem}`);
    workspaces.add(name);
  });
  const limit = profile.privateWorkspaceLimit;
  if (limit !== null && workspaces.size > limit) {
    report("/workspaces", `${workspaces.size} private workspaces, the ${profile.tracker} limit is ${limit}`);
  }

  // Phase 2: users.
  const roles = new Map(profile.roles.map((role) => [role.name, role]));
  const columns = new Set(profile.columns.map((column) => column.name));
  const emails = new Set<string>();
  const keys = new Set<string>();
  let owners = 0;
  seed.users.forEach((user, i) => {
    const at = `/users/${i}`;
    const email = emailKeyOf(user.email);
    if (emails.has(email)) report(`${at}/email`, `${user.email} is listed twice`);
    emails.add(email);
    const role = roles.get(user.role);
    if (role === undefined) report(`${at}/role`, `${profile.tracker} has no role "${user.role}"`);
    if (user.role === profile.ownerRole) {
      owners += 1;
      if (user.status === "invited") report(`${at}/status`, "the account owner cannot be a pending invitation");
    }
    for (const name of user.workspaces ?? []) {
      if (!workspaces.has(name)) report(`${at}/workspaces`, `unknown workspace "${name}"`);
    }
    if (user.allWorkspaces === true && !profile.allWorkspacesGrant) {
      report(`${at}/allWorkspaces`, `${profile.tracker} cannot grant every workspace at once`);
    }
    const hidden = user.hiddenColumns ?? [];
    if (hidden.length > 0 && !profile.hiddenColumnRoles.includes(user.role)) {
      report(`${at}/hiddenColumns`, `columns cannot be hidden from role "${user.role}"`);
    }
    for (const name of hidden) if (!columns.has(name)) report(`${at}/hiddenColumns`, `unknown column "${name}"`);
    if (role?.needsPrivateWorkspace && (user.workspaces ?? []).length === 0 && user.allWorkspaces !== true) {
      report(`${at}/workspaces`, `role "${user.role}" needs at least one private workspace`);
    }
    if (user.status !== "invited" && user.invitationExpiresAt !== undefined) {
      report(`${at}/invitationExpiresAt`, "only a pending invitation (status: invited) has an expiry");
    }
    if (user.apiKey !== undefined) {
      if (user.status === "invited") report(`${at}/apiKey`, "a pending invitation cannot have an API key");
      if (keys.has(user.apiKey)) report(`${at}/apiKey`, "the API key is given to two users");
      keys.add(user.apiKey);
    }
  });
  if (owners !== 1) report("/users", `the account needs exactly one "${profile.ownerRole}", found ${owners}`);

  // Phase 3: elements and their connections.
  const kinds = new Map(profile.elementKinds.map((kind) => [kind.name, kind]));
  const elements = new Set<string>();
  const ids = new Set<string>();
  const elementList = seed.elements ?? [];
  elementList.forEach((element, i) => {
    const at = `/elements/${i}`;
    const key = `${element.kind}\u0000${element.name}`;
    if (elements.has(key)) report(at, `${element.kind} "${element.name}" is listed twice`);
    elements.add(key);
    if (element.id !== undefined) {
      if (ids.has(element.id)) report(`${at}/id`, `id "${element.id}" is given to two elements`);
      if (isGeneratedElementId(element.id)) report(`${at}/id`, `"${element.id}" has the form of a generated id`);
      ids.add(element.id);
    }
    const kind = kinds.get(element.kind);
    if (kind === undefined) report(`${at}/kind`, `${profile.tracker} has no element kind "${element.kind}"`);
    if (element.workspace === PUBLIC_WORKSPACE_ID) {
      if (!profile.publicWorkspace) report(`${at}/workspace`, `${profile.tracker} has no public workspace`);
      else if (kind !== undefined && !kind.allowedInPublic) {
        report(`${at}/workspace`, `a ${element.kind} cannot be in the public workspace`);
      }
    } else if (!workspaces.has(element.workspace)) {
      report(`${at}/workspace`, `unknown workspace "${element.workspace}"`);
    }
  });
  elementList.forEach((element, i) => {
    (element.connections ?? []).forEach((target, j) => {
      const at = `/elements/${i}/connections/${j}`;
      if (!elements.has(`${target.kind}\u0000${target.name}`)) report(at, `unknown ${target.kind} "${target.name}"`);
      if (target.kind === element.kind && target.name === element.name) report(at, "an element cannot use itself");
    });
  });
  return problems;
}
