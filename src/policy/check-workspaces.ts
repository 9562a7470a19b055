/**
 * Checks the declared private workspaces (reserved names, repeats, the tracker's limit) and resolves the
 * workspace names that users and elements refer to.
 */
import { PUBLIC_WORKSPACE, type WorkspaceDeclaration } from "../declaration/model.ts";
import { type CheckContext, placeOf } from "./check-context.ts";
import { didYouMean } from "./nearest-name.ts";
import { exceedsWorkspaceLimit } from "./workspace-limit.ts";
import { workspaceNameProblem } from "./workspace-names.ts";

/** Declared private workspaces by name, each at its first declaration. */
export type DeclaredWorkspaces = Map<string, WorkspaceDeclaration>;

/**
 * What a workspace name used by a user or an element refers to; `omitted` when it is not declared but may be
 * among the entries schema errors left out (then it is not reported as unknown: that would be noise).
 */
export type WorkspaceReference = "public" | "private" | "unknown" | "omitted";

/** Checks `workspaces:` and returns the private workspaces declared (reserved names and repeats left out). */
export function checkWorkspaces(ctx: CheckContext): DeclaredWorkspaces {
  const { profile } = ctx;
  const noun = profile.workspaceNoun;
  const declared: DeclaredWorkspaces = new Map();
  for (const workspace of ctx.declaration.workspaces) {
    const problem = workspaceNameProblem(workspace.name);
    if (problem !== undefined) {
      const message = `a private ${noun} may not be called \`${workspace.name}\`: ${problem}`;
      ctx.report("workspace/reserved-name", workspace.at, message, "/name");
      continue;
    }
    const first = declared.get(workspace.name);
    if (first !== undefined) {
      const message = `${noun} \`${workspace.name}\` is declared twice; also declared at ${placeOf(first.at)}`;
      ctx.report("ref/duplicate", workspace.at, message, "/name");
      continue;
    }
    declared.set(workspace.name, workspace);
  }

  const limit = profile.privateWorkspaceLimit;
  if (limit !== null && exceedsWorkspaceLimit(limit, declared.size)) {
    const firstOver = [...declared.values()][limit];
    const message = `${declared.size} private ${noun}s declared; ${profile.displayName} allows at most ${limit} (this is number ${limit + 1})`;
    ctx.report("workspace/limit", firstOver.at, message, "/name");
  }
  return declared;
}

/** Whether `name` is the public workspace (where the tracker has one), a declared private one, or unknown. */
export function resolveWorkspace(ctx: CheckContext, declared: DeclaredWorkspaces, name: string): WorkspaceReference {
  if (name === PUBLIC_WORKSPACE && ctx.profile.publicWorkspace) return "public";
  if (declared.has(name)) return "private";
  const { omitted } = ctx;
  return omitted.anyWorkspace || omitted.workspaceNames.has(name) ? "omitted" : "unknown";
}

/** The message for a workspace name that refers to nothing. */
export function unknownWorkspaceMessage(ctx: CheckContext, name: string): string {
  const { profile } = ctx;
  if (name === PUBLIC_WORKSPACE) {
    return `${profile.displayName} has no public workspace; \`public\` is not a declared ${profile.workspaceNoun}`;
  }
  const declared = ctx.declaration.workspaces.map((w) => w.name);
  return `${profile.workspaceNoun} \`${name}\` is not declared under \`workspaces:\`${didYouMean(name, declared)}`;
}
