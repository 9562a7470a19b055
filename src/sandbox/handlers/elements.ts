/** Handlers of /v1/elements and /v1/element-moves: list and read elements, move one, move a group atomically. */
import { movesKeepVisibility } from "../../policy/move-visibility.ts";
import type { Element, ElementGroupMoveItem } from "../../tracker/resources.ts";
import { PUBLIC_WORKSPACE_ID } from "../../tracker/resources.ts";
import { type PlannedMove, visibilityBlockers } from "../move-rule.ts";
import { invalidRequest, notFound, ProblemError, preconditionFailed, ruleViolation } from "../problems.ts";
import { checkKindInWorkspace, checkMoveAccess } from "../rules.ts";
import { findElement, findElements, listElements, moveElementTo, neighbourhood } from "../store-elements.ts";
import type { Handler, HandlerContext } from "./context.ts";
import { pageBody, pageRequest, requireIfMatch } from "./context.ts";

/** GET /v1/elements, optionally of one kind. */
export const listElementsHandler: Handler = (context) => {
  const { after, limit } = pageRequest(context);
  const kind = context.input.query.kind as string | undefined;
  return { status: 200, body: pageBody(listElements(context.store, after, limit, kind)) };
};

/** GET /v1/elements/{elementId}. */
export const getElement: Handler = (context) => {
  const element = existingElement(context);
  return { status: 200, body: element, etag: element.etag };
};

/** PUT /v1/elements/{elementId}/workspace: moves one element, under the profile's move rule. */
export const moveElement: Handler = (context) => {
  const element = existingElement(context);
  const { workspace } = context.input.body as { workspace: string };
  requireIfMatch(context, element.etag, `element ${element.id}`);
  requireWorkspaces(context, [workspace], () => "/workspace");
  const move = { id: element.id, from: element.workspace, to: workspace };
  checkMove(context, element, move);
  if (move.from === move.to) return { status: 200, body: element, etag: element.etag };
  requireVisibilityKept(context, [move]);
  moveElementTo(context.store, element.id, workspace);
  const moved = findElement(context.store, element.id) as Element;
  return { status: 200, body: moved, etag: moved.etag };
};

/** POST /v1/element-moves: all moves or none; the move rule judges the group's end state. */
export const moveElementGroup: Handler = (context) => {
  const { moves } = context.input.body as { moves: ElementGroupMoveItem[] };
  // Phase 1: the request itself: no element twice, every element and workspace known, every etag current.
  const ids = moves.map((move) => move.id);
  const repeated = ids.flatMap((id, i) =>
    ids.indexOf(id) === i ? [] : [{ pointer: `/moves/${i}/id`, message: "the element is already in the group" }],
  );
  if (repeated.length > 0) throw invalidRequest("an element appears twice in the group", repeated);
  const elements = findElements(context.store, ids);
  if (elements.length < ids.length) {
    const found = new Set(elements.map((element) => element.id));
    const missing = ids.filter((id) => !found.has(id));
    throw notFound(`no element ${missing.join(", ")}`, missing);
  }
  requireWorkspaces(
    context,
    moves.map((move) => move.workspace),
    (i) => `/moves/${i}/workspace`,
  );
  const stale = moves.filter((move, i) => elements[i].etag !== move.etag).map((move) => move.id);
  if (stale.length > 0) throw preconditionFailed(`element(s) changed since they were read: ${stale.join(", ")}`, stale);

  // Phase 2: each move on its own (kind allowed there, actor's access), then the group against the move rule.
  const planned = moves.map(
    (move, i): PlannedMove => ({ id: move.id, from: elements[i].workspace, to: move.workspace }),
  );
  planned.forEach((move, i) => {
    checkMove(context, elements[i], move);
  });
  const changing = planned.filter((move) => move.from !== move.to);
  requireVisibilityKept(context, planned);

  // Phase 3: apply.
  for (const move of changing) moveElementTo(context.store, move.id, move.to);
  return { status: 200, body: { items: findElements(context.store, ids) } };
};

function checkMove(context: HandlerContext, element: Element, move: PlannedMove): void {
  checkKindInWorkspace(context.profile, element.kind, move.to, element.id);
  checkMoveAccess(context.profile, context.actor, element.kind, move.from, move.to);
}

function requireVisibilityKept(context: HandlerContext, moves: PlannedMove[]): void {
  if (!movesKeepVisibility(context.profile.moveRule)) return;
  const blockers = visibilityBlockers(
    moves,
    neighbourhood(
      context.store,
      moves.map((move) => move.id),
    ),
  );
  if (blockers.length === 0) return;
  throw new ProblemError(
    409,
    "move-changes-visibility",
    `the move would change what other users can see: connected element(s) ${blockers.join(", ")} would end up ` +
      "in another workspace; move the connected elements together (POST /v1/element-moves) or in order",
    { elements: blockers },
  );
}

function requireWorkspaces(context: HandlerContext, workspaces: string[], pointer: (i: number) => string): void {
  const unknown = new Set(context.store.unknownWorkspaces(workspaces.filter((w) => w !== PUBLIC_WORKSPACE_ID)));
  const errors = workspaces.flatMap((workspace, i) =>
    unknown.has(workspace) ? [{ pointer: pointer(i), message: `no private workspace "${workspace}"` }] : [],
  );
  if (errors.length > 0) throw ruleViolation("the move names a workspace that does not exist", errors);
}

function existingElement(context: HandlerContext): Element {
  const id = context.input.path.elementId;
  const element = findElement(context.store, id);
  if (element === undefined) throw notFound(`no element "${id}"`);
  return element;
}
