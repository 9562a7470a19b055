/**
 * What a saved plan is bound to: every object one of its operations touches, with the etag it was planned
 * against and what the plan saw of it (or that it did not exist yet, for what the plan creates). `movedObjects`
 * compares them with the account as it is now and says, per object, what changed: a saved plan whose objects
 * moved is refused before anything is written. Pure: no I/O.
 */
import { emailKey } from "../declaration/model.ts";
import type { Element, User } from "../tracker/resources.ts";
import { type LiveAccount, liveAccess, liveMemberships, sortedNames, type WorkspaceNames } from "./live-account.ts";
import type { Operation, Plan } from "./operations.ts";

/** One object a plan's operation touches, as the plan saw it. */
export interface BoundObject {
  type: "user" | "workspace" | "element";
  /** The id in the account; absent for an object the plan creates. */
  id?: string;
  /** Its human key: the e-mail, the workspace name, `kind "name"` for an element. */
  name: string;
  /** The etag planned against; absent when the object did not exist. */
  etag?: string;
  /** What the plan saw of it (role, memberships, ...), to say what changed; absent when it did not exist. */
  state?: Record<string, string | string[]>;
}

/** The objects `plan`'s operations touch in `have`, each once, in the plan's order. */
export function boundObjects(plan: Pick<Plan, "operations">, have: LiveAccount, names: WorkspaceNames): BoundObject[] {
  const users = new Map(have.users.map((u) => [u.id, u]));
  const elements = new Map(have.elements.map((e) => [e.id, e]));
  const workspaces = new Map(have.workspaces.map((w) => [w.id, w]));
  const bound = new Map<string, BoundObject>();
  const add = (key: string, object: BoundObject | undefined) => {
    if (object !== undefined && !bound.has(key)) bound.set(key, object);
  };
  for (const op of plan.operations) {
    for (const ref of touched(op)) {
      if (ref.type === "user" && ref.id !== undefined) add(`user:${ref.id}`, userObject(users.get(ref.id), names));
      else if (ref.type === "user") add(`user:${emailKey(ref.name)}`, { type: "user", name: ref.name });
      else if (ref.type === "element" && ref.id !== undefined)
        add(`element:${ref.id}`, elementObject(elements.get(ref.id), names));
      else if (ref.type === "workspace" && ref.id !== undefined) {
        const workspace = workspaces.get(ref.id);
        if (workspace !== undefined)
          add(`workspace:${ref.id}`, {
            type: "workspace",
            id: workspace.id,
            name: workspace.name,
            etag: workspace.etag,
            state: { name: workspace.name },
          });
      } else add(`workspace-name:${ref.name}`, { type: "workspace", name: ref.name });
    }
  }
  return [...bound.values()];
}

/** For each bound object that is no longer as the plan saw it: `<what> <name>: <what changed>`. */
export function movedObjects(bound: BoundObject[], have: LiveAccount, names: WorkspaceNames): string[] {
  const users = new Map(have.users.map((u) => [u.id, u]));
  const elements = new Map(have.elements.map((e) => [e.id, e]));
  const workspaces = new Map(have.workspaces.map((w) => [w.id, w]));
  const moved: string[] = [];
  for (const object of bound) {
    const label = object.type === "element" ? `element ${object.name}` : `${object.type} ${object.name}`;
    if (object.id === undefined) {
      const exists =
        object.type === "user"
          ? have.users.some((u) => emailKey(u.email) === emailKey(object.name))
          : names.idOf(object.name) !== undefined;
      if (exists) moved.push(`${label}: did not exist when planned, exists now`);
      continue;
    }
    const now =
      object.type === "user"
        ? userObject(users.get(object.id), names)
        : object.type === "element"
          ? elementObject(elements.get(object.id), names)
          : workspaces.has(object.id)
            ? {
                ...object,
                etag: workspaces.get(object.id)?.etag,
                state: { name: workspaces.get(object.id)?.name ?? "" },
              }
            : undefined;
    if (now === undefined) moved.push(`${label}: no longer in the account`);
    else if (now.etag !== object.etag) moved.push(`${label}: ${changes(object.state ?? {}, now.state ?? {})}`);
  }
  return moved;
}

/** `role worker → admin, workspaces [eu] → [eu, us]`, or that its etag changed when no field shown did. */
function changes(was: Record<string, string | string[]>, is: Record<string, string | string[]>): string {
  const show = (value: string | string[] | undefined) =>
    Array.isArray(value) ? `[${value.join(", ")}]` : (value ?? "(none)");
  const fields = [...new Set([...Object.keys(was), ...Object.keys(is)])].filter(
    (field) => show(was[field]) !== show(is[field]),
  );
  if (fields.length === 0) return "changed since the plan (its etag is not the one planned against)";
  return `changed since the plan: ${fields.map((f) => `${f} ${show(was[f])} → ${show(is[f])}`).join(", ")}`;
}

function userObject(user: User | undefined, names: WorkspaceNames): BoundObject | undefined {
  if (user === undefined) return undefined;
  const access = liveAccess(user, names.nameOf);
  return {
    type: "user",
    id: user.id,
    name: user.email,
    etag: user.etag,
    state: {
      role: access.role,
      status: user.status,
      workspaces: access.workspaces,
      hiddenColumns: access.hiddenColumns,
    },
  };
}

function elementObject(element: Element | undefined, names: WorkspaceNames): BoundObject | undefined {
  if (element === undefined) return undefined;
  return {
    type: "element",
    id: element.id,
    name: `${element.kind} "${element.name}"`,
    etag: element.etag,
    state: { workspace: names.nameOf(element.workspace) ?? element.workspace },
  };
}

/** The objects one operation touches: by id where the account has them, by name where the plan creates them. */
function touched(op: Operation): Array<{ type: BoundObject["type"]; id?: string; name: string }> {
  switch (op.type) {
    case "create-workspace":
      return [{ type: "workspace", name: op.workspace }];
    case "delete-workspace":
      return [{ type: "workspace", id: op.workspaceId, name: op.workspace }];
    case "invite-user":
      return [{ type: "user", name: op.email }];
    case "resend-invitation":
    case "change-role":
    case "set-memberships":
    case "set-hidden-columns":
    case "remove-user":
      return [{ type: "user", id: op.userId, name: op.email }];
    case "move-element":
      return [{ type: "element", id: op.elementId, name: op.name }];
    case "move-element-group":
      return op.moves.map((move) => ({ type: "element" as const, id: move.elementId, name: move.name }));
  }
}
