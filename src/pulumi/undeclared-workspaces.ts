/**
 * The `UndeclaredWorkspaces` resource: one per declaration, registered last, after every Workspace, User and
 * ElementAssignments resource. Its Create and Update delete the private workspaces the declaration does not
 * name once everything has left them: the deletions the AccessPolicy, which runs first, had to leave pending
 * because elements or declared members were still to move out in the same update. So one `up` converges, and a
 * drift check right after it finds nothing. Like the AccessPolicy it plans the whole declaration with the engine
 * on a fresh read (rules and guards included) and executes only its part of the plan.
 *
 * Its outputs, and the inputs a refresh reads, list the undeclared workspaces found; its checked inputs want
 * none, so a workspace created by hand shows here after a refresh and the next `up` deletes it (once its
 * members and elements have left, in the same update).
 */
import { type LiveAccount, sortedNames } from "../reconcile/live-account.ts";
import { type RemovalSelector, removeUndeclared } from "./access-policy.ts";
import {
  type AccessPolicyInputs,
  accessPolicyInputs,
  accountLevelDiff,
  containsUnknown,
  type PropertyBag,
  undeclaredIn,
  withoutProvider,
} from "./properties.ts";
import type { ResourceImplementation } from "./resource-implementation.ts";
import { ProviderError, type ProviderSession } from "./session.ts";

/** The UndeclaredWorkspaces resource's inputs (those of the AccessPolicy) and the workspaces found undeclared. */
export interface UndeclaredWorkspacesOutputs extends AccessPolicyInputs {
  undeclaredWorkspaces: string[];
}

/** The UndeclaredWorkspaces resource's provider methods. */
export function undeclaredWorkspacesResource(session: ProviderSession): ResourceImplementation {
  const enforce = async (bag: PropertyBag) => {
    const inputs = accessPolicyInputs(bag);
    const label = `UndeclaredWorkspaces ${inputs.account}`;
    const { have, pending } = await removeUndeclared(session, inputs, label, lastRemovals);
    if (pending.length > 0) {
      const names = pending.map((name) => `\`${name}\``).join(", ");
      throw new ProviderError(
        `${label}: ${names} cannot be deleted: members or elements are still to leave ${pending.length === 1 ? "it" : "them"}, and no resource of this update moved them; run \`pulumi up\` again or see \`tracker-access plan\``,
      );
    }
    return { id: inputs.account || have.account.id, outs: { ...outputsOf(inputs, have) } };
  };
  return {
    async check(_olds, news) {
      if (containsUnknown(withoutProvider(news))) return { inputs: news };
      // The AccessPolicy's Check has judged the whole declaration; this resource only wants nothing undeclared.
      return { inputs: { ...news, ...accessPolicyInputs(news), undeclaredWorkspaces: [] } };
    },
    async diff(_id, olds, news) {
      // A workspace leaves the declaration or a refresh found one (the paths are kept current, as the
      // AccessPolicy's, since a refresh reads the inputs back from the outputs).
      const found = undeclaredIn(olds).undeclaredWorkspaces.length;
      return accountLevelDiff(olds, news, ["declaration", "apiUrl", "workspaces"], found);
    },
    create: enforce,
    async update(_id, _olds, news) {
      return { outs: (await enforce(news)).outs };
    },
    // Leaving the stack deletes nothing: the declared workspaces are their own resources.
    async delete() {},
    async read(_id, props = {}) {
      const inputs = accessPolicyInputs(props);
      const have = await session.live();
      const outs = outputsOf(inputs, have);
      return {
        id: inputs.account || have.account.id,
        props: { ...outs },
        inputs: { ...inputs, undeclaredWorkspaces: outs.undeclaredWorkspaces },
      };
    },
  };
}

/**
 * The last removals: every delete-workspace whose prerequisites are all done (the fresh plan names none). One
 * that still waits for a member or an element to leave is pending.
 */
const lastRemovals: RemovalSelector = (operations) => {
  const deletions = operations.filter((op) => op.type === "delete-workspace");
  return {
    execute: deletions.filter((op) => op.dependsOn.length === 0),
    pending: deletions.filter((op) => op.dependsOn.length > 0),
  };
};

function outputsOf(inputs: AccessPolicyInputs, have: LiveAccount): UndeclaredWorkspacesOutputs {
  const declared = new Set(inputs.workspaces);
  return {
    ...inputs,
    undeclaredWorkspaces: sortedNames(have.workspaces.map((w) => w.name).filter((name) => !declared.has(name))),
  };
}
