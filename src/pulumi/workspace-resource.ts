/**
 * The `Workspace` resource: one declared private workspace (id: its name, the declaration's identity). Create
 * applies the workspace's slice (create it, or adopt it when it exists); Delete deletes it after the members
 * still assigned to it have left it — the engine refuses while elements the declaration does not place keep it
 * non-empty. A different name is a different workspace: the engine replaces the resource.
 */

import type { LiveAccount } from "../reconcile/live-account.ts";
import {
  changedProperties,
  containsUnknown,
  relabelled,
  type WorkspaceInputs,
  type WorkspaceOutputs,
  withoutProvider,
  workspaceInputs,
} from "./properties.ts";
import { gone, type ResourceImplementation } from "./resource-implementation.ts";
import { ProviderError, type ProviderSession } from "./session.ts";
import { applySlice, type Slice, slicePosition } from "./slice.ts";

/** The Workspace resource's provider methods. */
export function workspaceResource(session: ProviderSession): ResourceImplementation {
  const create = async (wanted: WorkspaceInputs) => {
    const { have } = await applySlice(session, workspaceSlice(wanted, true));
    return { id: wanted.name, outs: { ...workspaceOutputs(wanted, have) } };
  };
  return {
    async check(_olds, news) {
      if (containsUnknown(withoutProvider(news))) return { inputs: news };
      const inputs = workspaceInputs(news);
      const failures = (["name", "account", "tracker"] as const)
        .filter((name) => inputs[name] === "")
        .map((name) => ({ property: name, reason: `${name} is required` }));
      return { inputs: { ...news, ...inputs }, failures };
    },
    async diff(_id, olds, news) {
      const replaces = changedProperties(olds, news, ["name"]);
      return { changes: replaces.length > 0 || relabelled(olds, news), replaces };
    },
    create: (inputs) => create(workspaceInputs(inputs)),
    async update(_id, _olds, news) {
      return { outs: (await create(workspaceInputs(news))).outs };
    },
    async delete(_id, props) {
      await applySlice(session, workspaceSlice(workspaceInputs(props), false));
    },
    async read(id, props = {}) {
      const known = workspaceInputs(props);
      const have = await session.live();
      const name = known.name || id;
      if (!have.workspaces.some((w) => w.name === name)) return gone();
      const outs = workspaceOutputs({ ...known, name }, have);
      const { workspaceId: _id, ...inputs } = outs;
      return { id: name, props: { ...outs }, inputs: { ...inputs } };
    },
  };
}

/** The workspace's slice: the account as it is, with this workspace (or without it, and without its members). */
function workspaceSlice(wanted: WorkspaceInputs, present: boolean): Slice {
  const label = `Workspace ${wanted.name}`;
  return {
    label,
    account: wanted.account,
    tracker: wanted.tracker,
    want(asIs) {
      const others = asIs.workspaces.filter((w) => w.name !== wanted.name);
      if (present) return { ...asIs, workspaces: [...others, { name: wanted.name, at: slicePosition(label) }] };
      const users = asIs.users.map((u) =>
        u.workspaces === "*" ? u : { ...u, workspaces: u.workspaces.filter((w) => w !== wanted.name) },
      );
      return { ...asIs, workspaces: others, users };
    },
    owns: (op) =>
      ((op.type === "create-workspace" || op.type === "delete-workspace") && op.workspace === wanted.name) ||
      (op.type === "set-memberships" && op.from !== "*" && op.from.includes(wanted.name)),
  };
}

function workspaceOutputs(wanted: WorkspaceInputs, have: LiveAccount): WorkspaceOutputs {
  const live = have.workspaces.find((w) => w.name === wanted.name);
  if (live === undefined) throw new ProviderError(`Workspace ${wanted.name}: not in the account after the apply`);
  return { account: wanted.account, tracker: wanted.tracker, name: live.name, workspaceId: live.id };
}
