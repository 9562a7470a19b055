/**
 * The stack a declaration becomes: one AccessPolicy first (its Check judges the whole declaration; its Create and
 * Update remove the users the declaration does not name, and the workspaces nothing has to leave first), then one
 * Workspace per declared private workspace, one User per declared user (after the workspaces they are in), one
 * ElementAssignments holding every element assignment (after every workspace), and last one UndeclaredWorkspaces
 * (after all of them), which deletes the undeclared workspaces the others have emptied. Only translation: the declaration is read with the same
 * loader and validator as the CLI; a declaration with errors registers the AccessPolicy alone, whose Check then
 * reports every error with its rule id, file and line.
 */
import type * as pulumi from "@pulumi/pulumi";
import { DeclarationIoError } from "../declaration/load.ts";
import { type Declaration, emailKey } from "../declaration/model.ts";
import { sortedNames } from "../reconcile/live-account.ts";
import { checkStackDeclaration } from "./declaration-files.ts";
import { elementLabel } from "./properties.ts";
import type { ResourceKind } from "./resource-implementation.ts";
import { AccessPolicy, ElementAssignments, UndeclaredWorkspaces, User, Workspace } from "./resources.ts";

/** What the program reads from the stack config. */
export interface StackOptions {
  /** Declaration files or directories, relative to the project root (where Pulumi.yaml is). */
  declaration: string[];
  apiUrl: string;
  /** The removal guard's override (exact number of users removed). */
  allowRemovals?: number;
  /** The removal guard's limit. */
  maxRemovalShare?: number;
}

/** One resource of the stack, before it is registered. */
export interface ResourceSpec {
  kind: ResourceKind;
  name: string;
  args: Record<string, unknown>;
  /** Keys (`Kind:name`) of the resources it waits for. */
  dependsOn: string[];
  /** Left in the account when the resource leaves the stack (the owner: guard/owner-immutable). */
  retainOnDelete: boolean;
}

/** The resources of a declaration (undefined: it has errors), in registration order. */
export function stackSpecs(
  declaration: Declaration | undefined,
  ownerRole: string,
  options: StackOptions,
): ResourceSpec[] {
  const guards = {
    ...(options.allowRemovals !== undefined ? { allowRemovals: options.allowRemovals } : {}),
    ...(options.maxRemovalShare !== undefined ? { maxRemovalShare: options.maxRemovalShare } : {}),
  };
  const spec = (kind: ResourceKind, name: string, args: Record<string, unknown>, dependsOn: string[] = []) => ({
    kind,
    name,
    args,
    dependsOn,
    retainOnDelete: false,
  });
  const base = { declaration: options.declaration, apiUrl: options.apiUrl, ...guards };
  if (declaration === undefined) {
    return [spec("AccessPolicy", "access-policy", { account: "", tracker: "", ...base, users: [], workspaces: [] })];
  }

  // The account-level resource, which every other one depends on.
  const { account, tracker } = declaration;
  const policy = `AccessPolicy:${account}`;
  const specs: ResourceSpec[] = [
    spec("AccessPolicy", account, {
      account,
      tracker,
      ...base,
      users: sortedNames(declaration.users.map((u) => emailKey(u.email))),
      workspaces: sortedNames(declaration.workspaces.map((w) => w.name)),
    }),
  ];

  // Workspaces; users after the workspaces they are in; the element assignments after every workspace.
  const workspaces = sortedNames(declaration.workspaces.map((w) => w.name));
  for (const name of workspaces) specs.push(spec("Workspace", name, { account, tracker, name }, [policy]));
  const users = new Map(declaration.users.map((u) => [emailKey(u.email), u]));
  for (const [key, u] of [...users].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    const inWorkspaces =
      u.workspaces === "*" ? workspaces : sortedNames(u.workspaces).filter((w) => workspaces.includes(w));
    const args = {
      account,
      tracker,
      email: u.email,
      role: u.role,
      workspaces: u.workspaces === "*" ? "*" : sortedNames(u.workspaces),
      hiddenColumns: sortedNames(u.hiddenColumns ?? []),
    };
    const user = spec("User", key, args, [policy, ...inWorkspaces.map((w) => `Workspace:${w}`)]);
    specs.push({ ...user, retainOnDelete: u.role === ownerRole });
  }
  const elements: Record<string, string> = {};
  for (const e of declaration.elements) elements[elementLabel(e)] ??= e.workspace;
  if (Object.keys(elements).length > 0) {
    const after = [policy, ...workspaces.map((w) => `Workspace:${w}`)];
    specs.push(spec("ElementAssignments", account, { account, tracker, elements }, after));
  }

  // Last, after everything else: the undeclared workspaces, deleted once their members and elements have left.
  const everything = specs.map((s) => `${s.kind}:${s.name}`);
  specs.push(spec("UndeclaredWorkspaces", account, { ...(specs[0]?.args ?? {}) }, everything));
  return specs;
}

/** The registered resources by key (`Kind:name`). */
export type StackResources = Map<string, AccessPolicy | Workspace | User | ElementAssignments | UndeclaredWorkspaces>;

/** Reads the declaration in `options.declaration` and registers its resources. */
export async function defineStack(options: StackOptions): Promise<{ policy: AccessPolicy; resources: StackResources }> {
  // Read: errors are the AccessPolicy's check failures, not the program's.
  const { declaration, ownerRole } = await readDeclaration(options.declaration);

  // Register in order, each after the resources it depends on.
  const resources: StackResources = new Map();
  for (const s of stackSpecs(declaration, ownerRole ?? "", options)) {
    const opts: pulumi.CustomResourceOptions = {
      dependsOn: s.dependsOn.flatMap((key) => resources.get(key) ?? []),
      ...(s.retainOnDelete ? { retainOnDelete: true } : {}),
    };
    resources.set(`${s.kind}:${s.name}`, register(s, opts));
  }
  const policy = [...resources.values()][0] as AccessPolicy;
  return { policy, resources };
}

function register(s: ResourceSpec, opts: pulumi.CustomResourceOptions) {
  const args = s.args as never;
  switch (s.kind) {
    case "AccessPolicy":
      return new AccessPolicy(s.name, args, opts);
    case "Workspace":
      return new Workspace(s.name, args, opts);
    case "User":
      return new User(s.name, args, opts);
    case "ElementAssignments":
      return new ElementAssignments(s.name, args, opts);
    case "UndeclaredWorkspaces":
      return new UndeclaredWorkspaces(s.name, args, opts);
  }
}

/** The declaration when it loads without errors (the AccessPolicy's Check reports why not), and its owner role. */
async function readDeclaration(paths: string[]): Promise<{ declaration?: Declaration; ownerRole?: string }> {
  try {
    const { declaration, profile, violations } = await checkStackDeclaration(paths);
    const errors = violations.some((v) => v.severity === "error");
    return errors || profile === undefined ? {} : { declaration, ownerRole: profile.ownerRole };
  } catch (error) {
    if (error instanceof DeclarationIoError) return {};
    throw error;
  }
}
