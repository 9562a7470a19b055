/**
 * The contract between the serialized provider (provider.ts) and the implementation it loads: one object per
 * resource kind with the dynamic-provider methods, taking and returning plain property bags.
 */
import type * as pulumi from "@pulumi/pulumi";
import type { PropertyBag } from "./properties.ts";

/**
 * The resource kinds of the tracker-access program: one, the whole declaration (class `AccountAccess`; the kind
 * is its type token's name, resources.ts `RESOURCE_TYPE_NAME`, which the serialized provider in each stack's
 * state carries).
 */
export const RESOURCE_KINDS = ["AccessPolicy"] as const;

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
