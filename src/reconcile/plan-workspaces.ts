/**
 * Workspaces: create the declared private workspaces the account lacks, delete the ones it has but the
 * declaration no longer names. Deletions run last (after members and elements have left); a workspace still
 * holding elements the declaration does not name cannot be emptied, so its deletion is refused up front.
 */

import { exceedsWorkspaceLimit, workspaceLimit } from "../policy/workspace-limit.ts";
import type { Violation } from "../violations/violation.ts";
import { violationAt } from "../violations/violation-at.ts";
import { compareText } from "./live-account.ts";
import type { CreateWorkspace, DeleteWorkspace } from "./operations.ts";
import type { PlanContext } from "./plan-context.ts";

/** The workspace operations of a plan and the refusals found while working them out. */
export interface WorkspacePlan {
  create: CreateWorkspace[];
  delete: DeleteWorkspace[];
  refusals: Violation[];
}

/** Works out which private workspaces to create and delete; `managedElementIds` are the elements the declaration places. */
export function planWorkspaces(ctx: PlanContext, managedElementIds: Set<string>): WorkspacePlan {
  const { want, have } = ctx;
  const haveNames = new Set(have.workspaces.map((w) => w.name));
  const refusals: Violation[] = [];

  // Create: declared, missing in the account (declaration order is irrelevant: sorted by name).
  const create: CreateWorkspace[] = want.workspaces
    .filter((w) => !haveNames.has(w.name))
    .sort((a, b) => compareText(a.name, b.name))
    .map((w) => ({
      type: "create-workspace",
      id: `workspace:${w.name}:create`,
      workspace: w.name,
      reason: `declared in ${w.at.file}:${w.at.line}, missing in the account`,
      dependsOn: [],
    }));

  // Delete: in the account, no longer declared; refused while unmanaged elements would keep it non-empty.
  const remove: DeleteWorkspace[] = [];
  for (const w of [...have.workspaces].sort((a, b) => compareText(a.name, b.name))) {
    if (ctx.declaredWorkspaces.has(w.name)) continue;
    const stranded = have.elements.filter((e) => e.workspace === w.id && !managedElementIds.has(e.id));
    if (stranded.length > 0) {
      const listed = stranded
        .slice(0, 5)
        .map((e) => `${e.kind} "${e.name}"`)
        .join(", ");
      const more = stranded.length > 5 ? ` and ${stranded.length - 5} more` : "";
      refusals.push(
        violationAt(
          "ref/unknown-workspace",
          ctx.origin,
          `workspace "${w.name}" is not declared but holds ${stranded.length} element(s) the declaration does not place (${listed}${more}); declare the workspace or assign its elements elsewhere`,
        ),
      );
      continue;
    }
    remove.push({
      type: "delete-workspace",
      id: `workspace:${w.name}:delete`,
      workspace: w.name,
      workspaceId: w.id,
      reason: "in the account, not declared",
      dependsOn: [],
    });
  }

  // Limit: workspaces are created before any is deleted, so the live count plus the new ones must fit.
  const limit = workspaceLimit(ctx.profile, have.account.limits.privateWorkspaces);
  if (create.length > 0 && exceedsWorkspaceLimit(limit, have.workspaces.length + create.length)) {
    const first = want.workspaces.find((w) => w.name === create[0].workspace)!;
    refusals.push(
      violationAt(
        "workspace/limit",
        first.at,
        `creating ${create.length} workspace(s) while ${have.workspaces.length} of ${limit} exist exceeds the limit ` +
          `(new workspaces are created before old ones are deleted); apply the deletions first, then the new workspaces`,
      ),
    );
  }
  return { create, delete: remove, refusals };
}
