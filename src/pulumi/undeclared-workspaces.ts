/**
 * The `UndeclaredWorkspaces` resource: one per declaration, registered last, after every Workspace, User and
 * ElementAssignments resource. Its Create and Update delete the private workspaces the declaration does not
 * name: the deletions the AccessPolicy, which runs first, had to leave pending because elements or declared
 * members were still to move out in the same update — with whatever they still wait for that no resource knew
 * of (a member or an element put there by hand since the last refresh). So one `up` converges, and a drift check
 * right after it finds nothing. Like the AccessPolicy it plans the whole declaration with the engine on a fresh
 * read (rules and guards included) and executes only its part of the plan. It updates whenever the AccessPolicy
 * updates for its inputs, so every deletion the AccessPolicy leaves pending is finished in the same `up`.
 *
 * Its outputs, and the inputs a refresh reads, list the undeclared workspaces found; its checked inputs want
 * none, so a workspace created by hand shows here after a refresh and the next `up` deletes it.
 */
import { type LiveAccount, sortedNames } from "../reconcile/live-account.ts";
import { accountLevelLifecycle, type RemovalSelector, removeUndeclared } from "./access-policy.ts";
import {
  ACCOUNT_LEVEL_INPUTS,
  type AccessPolicyInputs,
  accessPolicyInputs,
  accountLevelDiff,
  containsUnknown,
  type PropertyBag,
  undeclaredIn,
  withoutProvider,
} from "./properties.ts";
import type { ResourceImplementation } from "./resource-implementation.ts";
import type { ProviderSession } from "./session.ts";

/** The UndeclaredWorkspaces resource's inputs (those of the AccessPolicy) and the workspaces found undeclared. */
export interface UndeclaredWorkspacesOutputs extends AccessPolicyInputs {
  undeclaredWorkspaces: string[];
}

/** The UndeclaredWorkspaces resource's provider methods. */
export function undeclaredWorkspacesResource(session: ProviderSession): ResourceImplementation {
  const enforce = async (bag: PropertyBag) => {
    const inputs = accessPolicyInputs(bag);
    const label = `UndeclaredWorkspaces ${inputs.account}`;
    const { have } = await removeUndeclared(session, inputs, label, lastRemovals);
    return { id: inputs.account || have.account.id, outs: { ...outputsOf(inputs, have) } };
  };
  return {
    async check(_olds, news) {
      if (containsUnknown(withoutProvider(news))) return { inputs: news };
      // The AccessPolicy's Check has judged the whole declaration; this resource only wants nothing undeclared.
      return { inputs: { ...news, ...accessPolicyInputs(news), undeclaredWorkspaces: [] } };
    },
    async diff(_id, olds, news) {
      // Whenever the AccessPolicy updates for its inputs, so does this resource (it finishes that update's
      // deletions); and when a refresh found an undeclared workspace.
      const found = undeclaredIn(olds).undeclaredWorkspaces.length;
      return accountLevelDiff(olds, news, ACCOUNT_LEVEL_INPUTS, found);
    },
    // Leaving the stack deletes nothing: the declared workspaces are their own resources.
    ...accountLevelLifecycle(session, enforce, outputsOf, ["undeclaredWorkspaces"]),
  };
}

/**
 * The last removals: every delete-workspace of the fresh plan, with the operations it waits for. At the end of an
 * update those are what the other resources could not know of — a member or an element put in the workspace
 * by hand since the last refresh — and executing them brings the account to the declaration, as the CLI would.
 */
const lastRemovals: RemovalSelector = (operations) => {
  const byId = new Map(operations.map((op) => [op.id, op]));
  const chosen = new Set<string>();
  const take = (id: string) => {
    const op = byId.get(id);
    if (op === undefined || chosen.has(id)) return;
    chosen.add(id);
    for (const prerequisite of op.dependsOn) take(prerequisite);
  };
  for (const op of operations) if (op.type === "delete-workspace") take(op.id);
  return { execute: operations.filter((op) => chosen.has(op.id)), pending: [] };
};

function outputsOf(inputs: AccessPolicyInputs, have: LiveAccount): UndeclaredWorkspacesOutputs {
  const declared = new Set(inputs.workspaces);
  return {
    ...inputs,
    undeclaredWorkspaces: sortedNames(have.workspaces.map((w) => w.name).filter((name) => !declared.has(name))),
  };
}
