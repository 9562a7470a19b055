/**
 * The consistency checks of a sandbox seed against its profile: a seeded account obeys the same rules the
 * sandbox enforces on requests (one owner, known roles, kinds and columns, workspaces that exist, ...). The
 * profile's rules are asked of policy/ (access-rules, element-access, workspace-limit, workspace-names), as the
 * validator and the request checks ask them; what is checked here on top is the seed's own consistency
 * (repeats, references, invitations, API keys).
 */
import { ALL_WORKSPACES, emailKey, PUBLIC_WORKSPACE } from "../declaration/model.ts";
import { type AccessProblem, accessErrors } from "../policy/access-rules.ts";
import { kindPlacementProblem } from "../policy/element-access.ts";
import type { Profile } from "../policy/profile.ts";
import { exceedsWorkspaceLimit } from "../policy/workspace-limit.ts";
import { isReservedWorkspaceName, workspaceNameProblem } from "../policy/workspace-names.ts";
import type { SandboxSeed, SeedElement, SeedUser } from "./seed.ts";
import { isGeneratedElementId } from "./store-elements.ts";

type Report = (at: string, message: string) => void;

/** Every way `seed` contradicts itself or `profile`, as `/json/pointer: message`. */
export function seedProblems(seed: SandboxSeed, profile: Profile): string[] {
  const problems: string[] = [];
  const report: Report = (at, message) => problems.push(`${at}: ${message}`);
  const workspaces = checkSeedWorkspaces(seed, profile, report);
  checkSeedUsers(seed, profile, workspaces, report);
  const elements = seed.elements ?? [];
  const known = checkSeedElements(elements, profile, workspaces, report);
  checkSeedConnections(elements, known, report);
  return problems;
}

/** Workspace names no private workspace may have, repeats, and the profile's limit; returns the names. */
function checkSeedWorkspaces(seed: SandboxSeed, profile: Profile, report: Report): Set<string> {
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
  if (exceedsWorkspaceLimit(limit, workspaces.size)) {
    report("/workspaces", `${workspaces.size} private workspaces, the ${profile.tracker} limit is ${limit}`);
  }
  return workspaces;
}

/** Every user once, with an access the profile allows, in workspaces that exist; exactly one owner. */
function checkSeedUsers(seed: SandboxSeed, profile: Profile, workspaces: Set<string>, report: Report): void {
  const emails = new Set<string>();
  const keys = new Set<string>();
  let owners = 0;
  seed.users.forEach((user, i) => {
    const at = `/users/${i}`;
    const email = emailKey(user.email);
    if (emails.has(email)) report(`${at}/email`, `${user.email} is listed twice`);
    emails.add(email);
    const access = {
      role: user.role,
      workspaces: user.workspaces ?? [],
      allWorkspaces: user.allWorkspaces === true,
      hiddenColumns: user.hiddenColumns ?? [],
    };
    const problems = accessErrors(profile, access);
    for (const problem of problems.filter((p) => p.field === "role"))
      report(`${at}/role`, seedAccessMessage(profile, user, problem));
    if (user.role === profile.ownerRole) {
      owners += 1;
      if (user.status === "invited") report(`${at}/status`, "the account owner cannot be a pending invitation");
    }
    for (const name of access.workspaces) {
      const marker = name === ALL_WORKSPACES || (name === PUBLIC_WORKSPACE && profile.publicWorkspace);
      if (!marker && !workspaces.has(name)) report(`${at}/workspaces`, `unknown workspace "${name}"`);
    }
    for (const problem of problems.filter((p) => p.field !== "role")) {
      report(`${at}/${problem.field}`, seedAccessMessage(profile, user, problem));
    }
    checkSeedLogin(user, at, keys, report);
  });
  if (owners !== 1) report("/users", `the account needs exactly one "${profile.ownerRole}", found ${owners}`);
}

/** Only a pending invitation has an expiry; only an active user has an API key, each key its own. */
function checkSeedLogin(user: SeedUser, at: string, keys: Set<string>, report: Report): void {
  if (user.status !== "invited" && user.invitationExpiresAt !== undefined) {
    report(`${at}/invitationExpiresAt`, "only a pending invitation (status: invited) has an expiry");
  }
  if (user.apiKey !== undefined) {
    if (user.status === "invited") report(`${at}/apiKey`, "a pending invitation cannot have an API key");
    if (keys.has(user.apiKey)) report(`${at}/apiKey`, "the API key is given to two users");
    keys.add(user.apiKey);
  }
}

function seedAccessMessage(profile: Profile, user: SeedUser, problem: AccessProblem): string {
  switch (problem.rule) {
    case "role/unsupported":
      return `${profile.tracker} has no role "${user.role}"`;
    case "access/all-workspaces-unsupported":
      return `${profile.tracker} cannot grant every workspace at once`;
    case "member/public-not-assignable":
      return "the public workspace cannot be assigned; every user sees it";
    case "member/needs-private-workspace":
      return `role "${user.role}" needs at least one private workspace`;
    case "columns/unsupported":
    case "columns/readonly-only":
      return `columns cannot be hidden from role "${user.role}"`;
    case "columns/unknown":
      return `unknown column "${user.hiddenColumns?.[problem.index ?? 0]}"`;
    default:
      return `unknown workspace "${user.workspaces?.[problem.index ?? 0]}"`;
  }
}

/** Every element once, of a kind the profile has, in a workspace that exists and may hold it; returns their keys. */
function checkSeedElements(
  elements: SeedElement[],
  profile: Profile,
  workspaces: Set<string>,
  report: Report,
): Set<string> {
  const kinds = new Set(profile.elementKinds.map((kind) => kind.name));
  const known = new Set<string>();
  const ids = new Set<string>();
  elements.forEach((element, i) => {
    const at = `/elements/${i}`;
    const key = elementSeedKey(element);
    if (known.has(key)) report(at, `${element.kind} "${element.name}" is listed twice`);
    known.add(key);
    if (element.id !== undefined) {
      if (ids.has(element.id)) report(`${at}/id`, `id "${element.id}" is given to two elements`);
      if (isGeneratedElementId(element.id)) report(`${at}/id`, `"${element.id}" has the form of a generated id`);
      ids.add(element.id);
    }
    if (!kinds.has(element.kind)) report(`${at}/kind`, `${profile.tracker} has no element kind "${element.kind}"`);
    const placement = kindPlacementProblem(profile, element.kind, element.workspace);
    if (placement === "no-public-workspace") report(`${at}/workspace`, `${profile.tracker} has no public workspace`);
    else if (placement === "not-allowed-in-public") {
      report(`${at}/workspace`, `a ${element.kind} cannot be in the public workspace`);
    } else if (element.workspace !== PUBLIC_WORKSPACE && !workspaces.has(element.workspace)) {
      report(`${at}/workspace`, `unknown workspace "${element.workspace}"`);
    }
  });
  return known;
}

/** Connections name elements of the seed, never the element itself. */
function checkSeedConnections(elements: SeedElement[], known: Set<string>, report: Report): void {
  elements.forEach((element, i) => {
    (element.connections ?? []).forEach((target, j) => {
      const at = `/elements/${i}/connections/${j}`;
      if (!known.has(elementSeedKey(target))) report(at, `unknown ${target.kind} "${target.name}"`);
      if (target.kind === element.kind && target.name === element.name) report(at, "an element cannot use itself");
    });
  });
}

function elementSeedKey(element: { kind: string; name: string }): string {
  return `${element.kind}\u0000${element.name}`;
}
