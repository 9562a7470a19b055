/**
 * The resource kinds of the per-entity model this stack used before one `AccountAccess` (type `AccessPolicy`) held the whole
 * declaration (`User`, `Workspace`, `ElementAssignments`, `UndeclaredWorkspaces`). A stack made then still has
 * them in its state, each with the serialized provider that loads this implementation. The program no longer
 * registers them, so the first `pulumi up` after the upgrade deletes them: their Delete only lets the engine
 * forget them — the account is the `AccountAccess`'s, whose Update of the same `up` applies the declaration —
 * and nothing else they are asked writes to the account.
 */
import type { ResourceImplementation } from "./resource-implementation.ts";
import { ProviderError } from "./session.ts";

/** The kinds of the per-entity model. */
export const RETIRED_KINDS = ["Workspace", "User", "ElementAssignments", "UndeclaredWorkspaces"] as const;

/** The methods of a retired kind: pass-through answers and a Delete that writes nothing. */
export function retiredResource(kind: string): ResourceImplementation {
  return {
    async check(_olds, news) {
      return { inputs: news };
    },
    async diff() {
      return { changes: false };
    },
    async create() {
      throw new ProviderError(`${kind} resources are retired: the AccessPolicy resource holds the whole declaration`);
    },
    async read(id, props = {}) {
      return { id, props };
    },
    async update(_id, olds) {
      return { outs: olds };
    },
    async delete() {},
  };
}
