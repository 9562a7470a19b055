/**
 * The Pulumi resources of a tracker account, as the stack program registers them. Each is a dynamic resource
 * whose provider is the small forwarder of provider.ts, one per kind (serialized once per program run). The
 * engine names them `pulumi-nodejs:dynamic/tracker-access:<Kind>`.
 */
import * as pulumi from "@pulumi/pulumi";
import { trackerAccessProvider } from "./provider.ts";

/** The module part of the resources' type tokens. */
export const RESOURCE_MODULE = "tracker-access";

const providers = {
  AccessPolicy: trackerAccessProvider("AccessPolicy"),
  Workspace: trackerAccessProvider("Workspace"),
  User: trackerAccessProvider("User"),
  ElementAssignments: trackerAccessProvider("ElementAssignments"),
  UndeclaredWorkspaces: trackerAccessProvider("UndeclaredWorkspaces"),
};

/** Arguments of `AccessPolicy`. */
export interface AccessPolicyArgs {
  account: pulumi.Input<string>;
  tracker: pulumi.Input<string>;
  /** Declaration files or directories, relative to the project directory. */
  declaration: pulumi.Input<pulumi.Input<string>[]>;
  apiUrl: pulumi.Input<string>;
  /** E-mail keys of the declared users. */
  users: pulumi.Input<pulumi.Input<string>[]>;
  /** Declared private workspaces. */
  workspaces: pulumi.Input<pulumi.Input<string>[]>;
  allowRemovals?: pulumi.Input<number>;
  maxRemovalShare?: pulumi.Input<number>;
}

/** The account-level resource: checks the whole declaration, removes the users and workspaces it does not name. */
export class AccessPolicy extends pulumi.dynamic.Resource {
  declare readonly accountId: pulumi.Output<string>;
  declare readonly accountName: pulumi.Output<string>;
  declare readonly actor: pulumi.Output<string>;
  declare readonly actorRole: pulumi.Output<string>;
  declare readonly undeclaredUsers: pulumi.Output<string[]>;
  declare readonly undeclaredWorkspaces: pulumi.Output<string[]>;

  constructor(name: string, args: AccessPolicyArgs, opts?: pulumi.CustomResourceOptions) {
    const outputs = {
      accountId: undefined,
      accountName: undefined,
      actor: undefined,
      actorRole: undefined,
      undeclaredUsers: undefined,
      undeclaredWorkspaces: undefined,
    };
    super(providers.AccessPolicy, name, { ...args, ...outputs }, opts, RESOURCE_MODULE, "AccessPolicy");
  }
}

/** Arguments of `Workspace`. */
export interface WorkspaceArgs {
  account: pulumi.Input<string>;
  tracker: pulumi.Input<string>;
  name: pulumi.Input<string>;
}

/** A private workspace. */
export class Workspace extends pulumi.dynamic.Resource {
  declare readonly workspaceId: pulumi.Output<string>;

  constructor(name: string, args: WorkspaceArgs, opts?: pulumi.CustomResourceOptions) {
    super(providers.Workspace, name, { ...args, workspaceId: undefined }, opts, RESOURCE_MODULE, "Workspace");
  }
}

/** Arguments of `User`. */
export interface UserArgs {
  account: pulumi.Input<string>;
  tracker: pulumi.Input<string>;
  email: pulumi.Input<string>;
  role: pulumi.Input<string>;
  /** Workspace names, or "*" for every workspace. */
  workspaces: pulumi.Input<pulumi.Input<string>[] | "*">;
  hiddenColumns: pulumi.Input<pulumi.Input<string>[]>;
}

/** A user's access: role, workspaces, hidden columns. */
export class User extends pulumi.dynamic.Resource {
  declare readonly userId: pulumi.Output<string>;
  declare readonly status: pulumi.Output<string>;
  declare readonly invitationExpiresAt: pulumi.Output<string | null>;

  constructor(name: string, args: UserArgs, opts?: pulumi.CustomResourceOptions) {
    const outputs = { userId: undefined, status: undefined, invitationExpiresAt: undefined };
    super(providers.User, name, { ...args, ...outputs }, opts, RESOURCE_MODULE, "User");
  }
}

/** Arguments of `ElementAssignments`. */
export interface ElementAssignmentsArgs {
  account: pulumi.Input<string>;
  tracker: pulumi.Input<string>;
  /** Element label (`offer/Summer Offer`, `offer#o-12`) → workspace name. */
  elements: pulumi.Input<Record<string, pulumi.Input<string>>>;
}

/** Every element assignment of the declaration, applied as one ordered step. */
export class ElementAssignments extends pulumi.dynamic.Resource {
  declare readonly elementIds: pulumi.Output<Record<string, string>>;

  constructor(name: string, args: ElementAssignmentsArgs, opts?: pulumi.CustomResourceOptions) {
    const outputs = { elementIds: undefined };
    super(providers.ElementAssignments, name, { ...args, ...outputs }, opts, RESOURCE_MODULE, "ElementAssignments");
  }
}

/**
 * The last step of every update: deletes the private workspaces the declaration does not name once their
 * members and elements have left. Its arguments are the AccessPolicy's.
 */
export class UndeclaredWorkspaces extends pulumi.dynamic.Resource {
  declare readonly undeclaredWorkspaces: pulumi.Output<string[]>;

  constructor(name: string, args: AccessPolicyArgs, opts?: pulumi.CustomResourceOptions) {
    const outputs = { undeclaredWorkspaces: undefined };
    super(providers.UndeclaredWorkspaces, name, { ...args, ...outputs }, opts, RESOURCE_MODULE, "UndeclaredWorkspaces");
  }
}
