/**
 * The shape of a tracker's permission profile: everything that differs between trackers, as data.
 * Profiles live in `policies/<tracker>.yaml`, are checked by `schemas/policy.schema.json` and loaded by
 * `loadProfile()` (profile-loader.ts). Code never branches on a tracker's name; it reads these fields.
 */

/** Access of a role to one element kind in one workspace type: seed tables' "Not available", "Read only", "Create and edit". */
export type ElementAccess = "none" | "use" | "edit" | "create";

/** Access of a role to one settings section: none / view / edit. */
export type SettingsAccess = "none" | "view" | "edit";

/** How elements may move between workspaces. */
export type MoveRule =
  /** Any element may move anywhere it is allowed to be. */
  | "free"
  /** Voluum: a move may not change what other users can see (a connected group moves together or in order). */
  | "preserve-visibility";

/** One element kind a tracker has (campaign, offer, lander, ...). */
export interface ElementKind {
  /** Identifier used in declarations and the API, kebab-case: `campaign`, `traffic-source`. */
  name: string;
  /** Human label from the seed tables: "Traffic sources". */
  label: string;
  /** False where the seeds say "Not available" in the public workspace (campaigns on ClickFlare/PeerClick). */
  allowedInPublic: boolean;
  /** Read only for every non-owner/admin role everywhere (ClickFlare's integrations). */
  readOnlyEverywhere: boolean;
}

/** One role a tracker has. Roles are listed strongest first in `Profile.roles`. */
export interface Role {
  /** Identifier used in declarations: owner, admin, worker, readonly, user, viewonly. */
  name: string;
  /** Human label: "Account Owner", "Read-only user". */
  label: string;
  /** Roles whose users this role may invite, edit and remove (empty: manages nobody). */
  manages: string[];
  /** May change the role of a user it manages (Voluum: only the owner changes roles). */
  changesRoles: boolean;
  /** May create, rename and delete workspaces and assign users to them. */
  managesWorkspaces: boolean;
  /** Sees every workspace without being assigned (owner, admin). */
  implicitAccess: boolean;
  /** Must be assigned at least one private workspace (workers, read-only users). */
  needsPrivateWorkspace: boolean;
  /** Per element kind, access in the public workspace (kinds missing here: "none"). */
  publicAccess: Record<string, ElementAccess>;
  /** Per element kind, access in an assigned private workspace (or every workspace with implicitAccess). */
  privateAccess: Record<string, ElementAccess>;
  /** Per settings section, access (sections missing here: "none"). */
  settings: Record<string, SettingsAccess>;
}

/** A report column that can be hidden from a user. */
export interface Column {
  /** Identifier used in declarations: cost, revenue, profit, roi, ... */
  name: string;
  /** Human label. */
  label: string;
}

/** A tracker's permission profile. */
export interface Profile {
  /** Profile id, the declaration's `tracker:` value: clickflare, voluum, peerclick, clicky. */
  tracker: string;
  /** Product name for reports. */
  displayName: string;
  /** Roles, strongest first. */
  roles: Role[];
  /** Name of the account-owner role; exactly one user has it. */
  ownerRole: string;
  /** Whether the tracker has a built-in public workspace named `public`. */
  publicWorkspace: boolean;
  /** Maximum number of private workspaces, or null when unlimited. */
  privateWorkspaceLimit: number | null;
  /** Whether a user can be granted every workspace at once (`workspaces: "*"`, Clicky's "All sites"). */
  allWorkspacesGrant: boolean;
  /** What the tracker calls a workspace in its UI ("workspace", "site"). */
  workspaceNoun: string;
  /** Element kinds; empty when the tracker has no campaign elements (Clicky). */
  elementKinds: ElementKind[];
  /** How elements may move between workspaces. */
  moveRule: MoveRule;
  /** Roles from which columns may be hidden; empty when the tracker has no hidden columns. */
  hiddenColumnRoles: string[];
  /** The column catalogue; empty when the tracker has no hidden columns. */
  columns: Column[];
  /** Settings sections, in display order. */
  settingsSections: Array<{ name: string; label: string }>;
  /**
   * The settings section where the account's users are managed (Collaboration, Users): a role whose access to
   * it is `none` reads no user but itself through the API (`/v1/me`); a role that manages users has `view` or more.
   */
  usersSection: string;
  /**
   * The tracker's documented API request rate in requests per second (the client paces itself to it), or null
   * when the vendor publishes none; `--max-rps` overrides it.
   */
  requestsPerSecond?: number | null;
  /** How many times an invitation is sent before `plan` stops re-sending it (default 3); a user may override it. */
  invitationSends?: number;
}
