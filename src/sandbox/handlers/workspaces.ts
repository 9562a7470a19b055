/** Handlers of /v1/workspaces: list, create, read, rename and delete private workspaces. */
import { PUBLIC_WORKSPACE_ID } from "../../tracker/resources.ts";
import { conflict, notFound, ProblemError } from "../problems.ts";
import { checkWorkspaceDeletion, checkWorkspaceLimit, checkWorkspaceName, requireWorkspaceManager } from "../rules.ts";
import { membersOf } from "../store-users.ts";
import type { Handler, HandlerContext } from "./context.ts";
import { pageBody, pageRequest, requireIfMatch } from "./context.ts";

/** GET /v1/workspaces. */
export const listWorkspaces: Handler = (context) => {
  const { after, limit } = pageRequest(context);
  return { status: 200, body: pageBody(context.store.listWorkspaces(after, limit)) };
};

/** POST /v1/workspaces. */
export const createWorkspace: Handler = (context) => {
  const { store, profile, actorRole, now } = context;
  const { name } = context.input.body as { name: string };
  requireWorkspaceManager(actorRole);
  checkWorkspaceName(name);
  requireFreeName(context, name);
  checkWorkspaceLimit(profile, store.countWorkspaces());
  const workspace = store.createWorkspace(name, now().toISOString());
  return { status: 201, body: workspace, etag: workspace.etag };
};

/** GET /v1/workspaces/{workspaceId}. */
export const getWorkspace: Handler = (context) => {
  const workspace = existingWorkspace(context);
  return { status: 200, body: workspace, etag: workspace.etag };
};

/** PATCH /v1/workspaces/{workspaceId}. */
export const renameWorkspace: Handler = (context) => {
  const { name } = context.input.body as { name: string };
  requireWorkspaceManager(context.actorRole);
  const workspace = existingWorkspace(context);
  requireIfMatch(context, workspace.etag, `workspace ${workspace.id}`);
  if (name === workspace.name) return { status: 200, body: workspace, etag: workspace.etag };
  checkWorkspaceName(name);
  requireFreeName(context, name);
  const renamed = context.store.renameWorkspace(workspace.id, name);
  return { status: 200, body: renamed, etag: renamed.etag };
};

/**
 * DELETE /v1/workspaces/{workspaceId}: refused while elements are assigned, and when a member whose role needs a
 * private workspace has no other; memberships go with it.
 */
export const deleteWorkspace: Handler = (context) => {
  requireWorkspaceManager(context.actorRole);
  const workspace = existingWorkspace(context);
  requireIfMatch(context, workspace.etag, `workspace ${workspace.id}`);
  const elements = context.store.countElementsIn(workspace.id);
  if (elements > 0) {
    throw new ProblemError(
      409,
      "workspace-not-empty",
      `workspace "${workspace.name}" still has ${elements} element(s) assigned; move them first`,
    );
  }
  checkWorkspaceDeletion(context.profile, workspace.name, workspace.id, membersOf(context.store, workspace.id));
  context.store.deleteWorkspace(workspace.id);
  return { status: 204 };
};

function existingWorkspace(context: HandlerContext) {
  const id = context.input.path.workspaceId;
  const workspace = context.store.workspace(id);
  if (workspace !== undefined) return workspace;
  if (id === PUBLIC_WORKSPACE_ID) {
    throw notFound("the public workspace is built in; only private workspaces are resources of this API");
  }
  throw notFound(`no private workspace "${id}"`);
}

function requireFreeName(context: HandlerContext, name: string): void {
  const existing = context.store.workspaceByName(name);
  if (existing !== undefined) throw conflict(`a workspace called "${name}" already exists (${existing.id})`);
}
