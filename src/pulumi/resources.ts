/**
 * The Pulumi resource of a tracker account, as the stack program registers it: a dynamic resource whose
 * provider is the small forwarder of provider.ts (serialized once, into its state). The engine names it
 * `pulumi-nodejs:dynamic/tracker-access:AccessPolicy`: the class is `AccountAccess` (in this codebase "policy" is
 * the profiles' interpretation, src/policy), but the type token keeps the name existing stacks hold in their state
 * and URNs, so renaming the class replaces nothing.
 */
import * as pulumi from "@pulumi/pulumi";
import type { UserAccess } from "./properties.ts";
import { trackerAccessProvider } from "./provider.ts";

/** The module part of the resource's type token. */
export const RESOURCE_MODULE = "tracker-access";

/**
 * The name part of the resource's type token, as stored in every existing stack's URNs: changing it would make
 * the engine replace the resource (and a replacement's Delete would empty the account).
 */
export const RESOURCE_TYPE_NAME = "AccessPolicy";

const provider = trackerAccessProvider(RESOURCE_TYPE_NAME);

/** Arguments of `AccountAccess`: the canonical declaration and its settings. */
export interface AccountAccessArgs {
  /** The declared account label. */
  account: pulumi.Input<string>;
  tracker: pulumi.Input<string>;
  /** Declaration files or directories, relative to the project root. */
  declaration: pulumi.Input<pulumi.Input<string>[]>;
  apiUrl: pulumi.Input<string>;
  /** Every declared user by e-mail key. */
  users: pulumi.Input<Record<string, UserAccess>>;
  /** Declared private workspaces, sorted. */
  workspaces: pulumi.Input<pulumi.Input<string>[]>;
  /** Element label → workspace. */
  elements: pulumi.Input<Record<string, pulumi.Input<string>>>;
  allowRemovals?: pulumi.Input<number>;
  maxRemovalShare?: pulumi.Input<number>;
}

/** The whole declaration as one authoritative resource: its Update is `tracker-access apply`. */
export class AccountAccess extends pulumi.dynamic.Resource {
  declare readonly accountId: pulumi.Output<string>;
  declare readonly accountName: pulumi.Output<string>;
  declare readonly actor: pulumi.Output<string>;
  declare readonly actorRole: pulumi.Output<string>;
  declare readonly users: pulumi.Output<Record<string, UserAccess>>;
  declare readonly workspaces: pulumi.Output<string[]>;

  constructor(name: string, args: AccountAccessArgs, opts?: pulumi.CustomResourceOptions) {
    const outputs = { accountId: undefined, accountName: undefined, actor: undefined, actorRole: undefined };
    super(provider, name, { ...args, ...outputs }, opts, RESOURCE_MODULE, RESOURCE_TYPE_NAME);
  }
}
