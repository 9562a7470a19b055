/**
 * The stack a declaration becomes: one `AccountAccess`, named by the declared account, whose inputs are the
 * canonical declaration (users by e-mail key, workspaces, element assignments) and its settings. Only
 * translation: the declaration is read with the same loader and validator as the CLI; a declaration with errors
 * registers the resource with its settings alone (named `access-policy`), whose Check then reports every error
 * with its rule id, file and line.
 */
import type * as pulumi from "@pulumi/pulumi";
import { DeclarationIoError } from "../declaration/load.ts";
import type { Declaration } from "../declaration/model.ts";
import type { GrantClock } from "../policy/check-grants.ts";
import { checkStackDeclaration } from "./declaration-files.ts";
import { type AccessSettings, declaredContent } from "./properties.ts";
import { AccountAccess } from "./resources.ts";
import { inForceAt, stackClock } from "./stack-clock.ts";

/** What the program reads from the stack config. */
export interface StackOptions {
  /** Declaration files or directories, relative to the project root (where Pulumi.yaml is). */
  declaration: string[];
  apiUrl: string;
  /** The removal guard's override (exact number of users removed). */
  allowRemovals?: number;
  /** The removal guard's limit. */
  maxRemovalShare?: number;
  /** The team's guardrails file, relative to the project root. */
  guardrails?: string;
  /** `tracker-access:now`: the time grants are judged at (stack-clock.ts); absent: the current time. */
  now?: string;
}

/** The resource of a declaration (undefined: it has errors), before it is registered. */
export interface ResourceSpec {
  name: string;
  args: Record<string, unknown>;
}

/** The name and inputs of the stack's resource. */
export function stackSpec(declaration: Declaration | undefined, options: StackOptions): ResourceSpec {
  const settings: AccessSettings = {
    declaration: options.declaration,
    apiUrl: options.apiUrl,
    ...(options.allowRemovals !== undefined ? { allowRemovals: options.allowRemovals } : {}),
    ...(options.maxRemovalShare !== undefined ? { maxRemovalShare: options.maxRemovalShare } : {}),
    ...(options.guardrails !== undefined ? { guardrails: options.guardrails } : {}),
    ...(options.now !== undefined ? { now: options.now } : {}),
  };
  if (declaration === undefined) {
    const empty = { account: "", tracker: "", users: {}, workspaces: [], elements: {} };
    return { name: "access-policy", args: { ...empty, ...settings } };
  }
  const content = declaredContent(inForceAt(declaration, stackClock(options.now)));
  return { name: declaration.account, args: { ...content, ...settings } };
}

/** Reads the declaration in `options.declaration` and registers its resource. */
export async function defineStack(
  options: StackOptions,
  opts: pulumi.CustomResourceOptions = {},
): Promise<{ access: AccountAccess }> {
  // Read: errors are the resource's check failures, not the program's.
  const spec = stackSpec(await readDeclaration(options.declaration, stackClock(options.now)), options);
  return { access: new AccountAccess(spec.name, spec.args as never, opts) };
}

/** The declaration when it loads without errors (the resource's Check reports why not). */
async function readDeclaration(paths: string[], clock: GrantClock): Promise<Declaration | undefined> {
  try {
    const { declaration, profile, violations } = await checkStackDeclaration(paths, clock);
    return violations.some((v) => v.severity === "error") || profile === undefined ? undefined : declaration;
  } catch (error) {
    if (error instanceof DeclarationIoError) return undefined;
    throw error;
  }
}
