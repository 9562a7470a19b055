/**
 * The provider's implementation, loaded by the serialized provider (provider.ts) inside the engine's
 * dynamic-provider host at call time: `openResource(kind, settings)` returns the methods of one resource kind,
 * bound to the host's tracker session (the kinds of the per-entity model, still in older stacks' state, get the
 * pass-through methods of retired-resource.ts). Errors leave as messages without the API key.
 */
import { accountAccessResource } from "./account-access.ts";
import type { ResourceImplementation, ResourceKind } from "./resource-implementation.ts";
import { RETIRED_KINDS, retiredResource } from "./retired-resource.ts";
import { messageOf, openSession, type ProviderSession, type ProviderSettings } from "./session.ts";

export type { ResourceImplementation, ResourceKind } from "./resource-implementation.ts";
export type { ProviderSettings } from "./session.ts";

const KINDS: Record<ResourceKind, (session: ProviderSession) => ResourceImplementation> = {
  AccessPolicy: accountAccessResource,
};

/** The provider methods of `kind`, connected with the settings from `configure()`. */
export function openResource(kind: ResourceKind | string, settings: ProviderSettings): ResourceImplementation {
  if ((RETIRED_KINDS as readonly string[]).includes(kind)) return retiredResource(kind);
  const make = KINDS[kind as ResourceKind];
  if (make === undefined) throw new Error(`tracker-access: unknown resource kind ${JSON.stringify(kind)}`);
  const session = openSession(settings);
  return redacting(make(session), session);
}

/** Every method of `methods`, with the API key removed from any error it throws. */
function redacting(methods: ResourceImplementation, session: ProviderSession): ResourceImplementation {
  const guard =
    <A extends unknown[], R>(method: (...args: A) => Promise<R>) =>
    async (...args: A): Promise<R> => {
      try {
        return await method(...args);
      } catch (error) {
        const clean = new Error(session.redact(messageOf(error)));
        clean.name = error instanceof Error ? error.name : "Error";
        throw clean;
      }
    };
  return {
    check: guard(methods.check),
    diff: guard(methods.diff),
    create: guard(methods.create),
    read: guard(methods.read),
    update: guard(methods.update),
    delete: guard(methods.delete),
  };
}
