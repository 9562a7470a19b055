/**
 * The contract between the serialized provider (provider.ts) and the implementation it loads: one object per
 * resource kind with the dynamic-provider methods, taking and returning plain property bags.
 */
import type * as pulumi from "@pulumi/pulumi";
import type { PropertyBag } from "./properties.ts";

/** The resource kinds of the tracker-access program. */
export const RESOURCE_KINDS = [
  "AccessPolicy",
  "Workspace",
  "User",
  "ElementAssignments",
  "UndeclaredWorkspaces",
] as const;

/** One resource kind. */
export type ResourceKind = (typeof RESOURCE_KINDS)[number];

/** The dynamic-provider methods of one resource kind, as the engine's host calls them. */
export interface ResourceImplementation {
  check(olds: PropertyBag, news: PropertyBag): Promise<pulumi.dynamic.CheckResult<PropertyBag>>;
  diff(id: string, olds: PropertyBag, news: PropertyBag): Promise<pulumi.dynamic.DiffResult>;
  create(inputs: PropertyBag): Promise<pulumi.dynamic.CreateResult<PropertyBag>>;
  read(id: string, props?: PropertyBag): Promise<pulumi.dynamic.ReadResult<PropertyBag>>;
  update(id: string, olds: PropertyBag, news: PropertyBag): Promise<pulumi.dynamic.UpdateResult<PropertyBag>>;
  delete(id: string, props: PropertyBag): Promise<void>;
}

/** What Read answers for an entity the account no longer has (an empty id): the engine drops it from the state. */
export function gone(): pulumi.dynamic.ReadResult<PropertyBag> {
  return { id: "", props: {} };
}
