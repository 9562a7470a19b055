/**
 * Checks element selectors offline, against the profile and the declared workspaces: a kind the tracker has,
 * a workspace that exists, and no selector of a kind that may not sit in public placing into public. Their
 * globs are checked by the schema (schema/invalid). What a selector selects, and every rule on that, is the
 * planner's to decide against the live account (reconcile/resolve-selectors.ts).
 */
import { PUBLIC_WORKSPACE, type SourcePosition } from "../declaration/model.ts";
import { type CheckContext, listOf, placeOf } from "./check-context.ts";
import { type DeclaredWorkspaces, resolveWorkspace, unknownWorkspaceMessage } from "./check-workspaces.ts";
import { describeMatch } from "./element-selectors.ts";

/** Checks the declaration's selectors. */
export function checkSelectors(ctx: CheckContext, workspaces: DeclaredWorkspaces): void {
  const kinds = new Map(ctx.profile.elementKinds.map((k) => [k.name, k]));
  const seen = new Map<string, { workspace: string; at: SourcePosition }>();
  for (const selector of ctx.declaration.selectors ?? []) {
    const { match } = selector;
    const kind = match.kind === undefined ? undefined : kinds.get(match.kind);
    if (ctx.profile.elementKinds.length === 0) {
      ctx.report(
        "element/unsupported-kind",
        selector.at,
        `${ctx.profile.displayName} has no campaign elements; remove \`elements:\``,
      );
      continue;
    }
    if (match.kind !== undefined && kind === undefined) {
      const message = `${ctx.profile.displayName} has no element kind \`${match.kind}\`; kinds: ${listOf(kinds.keys())}`;
      ctx.report("element/unsupported-kind", selector.at, message, "/match/kind");
      continue;
    }
    const reference = resolveWorkspace(ctx, workspaces, selector.workspace);
    if (reference === "unknown") {
      ctx.report("ref/unknown-workspace", selector.at, unknownWorkspaceMessage(ctx, selector.workspace), "/workspace");
      continue;
    }
    if (reference === PUBLIC_WORKSPACE && kind !== undefined && !kind.allowedInPublic) {
      const message = `a ${kind.name} cannot sit in the public workspace on ${ctx.profile.displayName}; \`${describeMatch(match)}\` selects only ${kind.name}s; place them in a private workspace`;
      ctx.report("element/not-allowed-in-public", selector.at, message, "/workspace");
      continue;
    }
    // The same match twice: one workspace is a repetition, two are a conflict on every element it selects.
    const key = JSON.stringify([match.kind ?? null, match.name?.toLowerCase() ?? null, match.tag ?? null]);
    const first = seen.get(key);
    if (first === undefined) seen.set(key, { workspace: selector.workspace, at: selector.at });
    else if (first.workspace === selector.workspace)
      ctx.report(
        "ref/duplicate",
        selector.at,
        `\`${describeMatch(match)}\` is declared twice; also declared at ${placeOf(first.at)}`,
      );
    else {
      const message = `\`${describeMatch(match)}\` places its elements in \`${selector.workspace}\` here and in \`${first.workspace}\` at ${placeOf(first.at)}; an element belongs to one workspace`;
      ctx.report("element/single-workspace", selector.at, message, "/workspace");
    }
  }
}
