/**
 * The property bags of the Pulumi resources, as they travel between the program, the engine and the provider:
 * their shapes, their canonical form (sorted lists, lower-cased e-mail keys), the engine's "unknown" marker and
 * the comparisons Diff makes. Nothing here talks to the tracker.
 */
import { type ElementRef, emailKey } from "../declaration/model.ts";
import { sortedNames } from "../reconcile/live-account.ts";

/** The engine's marker of a value not known yet (a preview of a value computed by another resource). */
export const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

/** The engine's property key of the serialized provider. */
export const PROVIDER_KEY = "__provider";

/** A property bag as the provider receives it. */
export type PropertyBag = Record<string, unknown>;

/** What every resource names: the declared account and the tracker profile it follows. */
export interface AccountInputs {
  account: string;
  tracker: string;
}

/** The account-level resource: the declaration files and who and what it manages. */
export interface AccessPolicyInputs extends AccountInputs {
  /** Declaration files or directories, relative to the project directory. */
  declaration: string[];
  apiUrl: string;
  /** E-mail keys of the declared users, sorted. */
  users: string[];
  /** Names of the declared private workspaces, sorted. */
  workspaces: string[];
  /** The removal guard's override: the exact number of users this update removes. */
  allowRemovals?: number;
  /** The removal guard's limit (share of the account's users). */
  maxRemovalShare?: number;
}

/**
 * What the account holds beyond the declaration: users and invitations, and private workspaces, it does not
 * name. The AccessPolicy's checked inputs want none (the stack is authoritative); its outputs, and the inputs a
 * refresh reads, list those found, so the preview shows who loses access by name.
 */
export interface Undeclared {
  undeclaredUsers: string[];
  undeclaredWorkspaces: string[];
}

/** The account as the API key sees it, and what it holds beyond the declaration (removed by the next update). */
export interface AccessPolicyOutputs extends AccessPolicyInputs, Undeclared {
  accountId: string;
  accountName: string;
  /** The API key's owner (e-mail) and role. */
  actor: string;
  actorRole: string;
}

/** A private workspace. */
export interface WorkspaceInputs extends AccountInputs {
  name: string;
}

/** A private workspace and its API id. */
export interface WorkspaceOutputs extends WorkspaceInputs {
  workspaceId: string;
}

/** A user's access. */
export interface UserInputs extends AccountInputs {
  email: string;
  role: string;
  /** Workspace names, sorted, or "*" for every workspace. */
  workspaces: string[] | "*";
  /** Hidden columns, sorted. */
  hiddenColumns: string[];
}

/** A user's access and their state in the account. */
export interface UserOutputs extends UserInputs {
  userId: string;
  /** "active" or "invited". */
  status: string;
  invitationExpiresAt: string | null;
}

/** Every element assignment of the declaration: element label → workspace name. */
export interface ElementAssignmentsInputs extends AccountInputs {
  elements: Record<string, string>;
}

/** The assignments and the API id each label resolved to. */
export interface ElementAssignmentsOutputs extends ElementAssignmentsInputs {
  elementIds: Record<string, string>;
}

/** Whether `value` is, or contains, the engine's unknown marker. */
export function containsUnknown(value: unknown): boolean {
  if (value === UNKNOWN) return true;
  if (Array.isArray(value)) return value.some(containsUnknown);
  if (value !== null && typeof value === "object") return Object.values(value).some(containsUnknown);
  return false;
}

/** `offer/Summer Offer` for a reference by name, `offer#o-12` for one by id. */
export function elementLabel(ref: ElementRef): string {
  return ref.id !== undefined ? `${ref.kind}#${ref.id}` : `${ref.kind}/${ref.name ?? ""}`;
}

/** The reference a label names (kinds are kebab-case, so the first `/` or `#` separates). */
export function parseElementLabel(label: string): ElementRef {
  const match = /^([a-z0-9-]+)([/#])(.*)$/s.exec(label);
  if (match === null) return { kind: label, name: "" };
  return match[2] === "#" ? { kind: match[1], id: match[3] } : { kind: match[1], name: match[3] };
}

/** Canonical user inputs: the e-mail as declared, sorted workspaces and columns. */
export function userInputs(value: PropertyBag): UserInputs {
  return {
    account: text(value.account),
    tracker: text(value.tracker),
    email: text(value.email),
    role: text(value.role),
    workspaces: value.workspaces === "*" ? "*" : sortedNames(texts(value.workspaces)),
    hiddenColumns: sortedNames(texts(value.hiddenColumns)),
  };
}

/** Canonical workspace inputs. */
export function workspaceInputs(value: PropertyBag): WorkspaceInputs {
  return { account: text(value.account), tracker: text(value.tracker), name: text(value.name) };
}

/** Canonical element-assignment inputs (labels sorted). */
export function elementAssignmentsInputs(value: PropertyBag): ElementAssignmentsInputs {
  const given = value.elements !== null && typeof value.elements === "object" ? (value.elements as PropertyBag) : {};
  const elements = Object.fromEntries(
    Object.keys(given)
      .sort()
      .map((label) => [label, text(given[label])]),
  );
  return { account: text(value.account), tracker: text(value.tracker), elements };
}

/** Canonical access-policy inputs. */
export function accessPolicyInputs(value: PropertyBag): AccessPolicyInputs {
  const inputs: AccessPolicyInputs = {
    account: text(value.account),
    tracker: text(value.tracker),
    declaration: texts(value.declaration),
    apiUrl: text(value.apiUrl),
    users: sortedNames(texts(value.users).map(emailKey)),
    workspaces: sortedNames(texts(value.workspaces)),
  };
  if (typeof value.allowRemovals === "number") inputs.allowRemovals = value.allowRemovals;
  if (typeof value.maxRemovalShare === "number") inputs.maxRemovalShare = value.maxRemovalShare;
  return inputs;
}

/** The undeclared users and workspaces a bag lists (none when it lists nothing), sorted. */
export function undeclaredIn(value: PropertyBag): Undeclared {
  return {
    undeclaredUsers: sortedNames(texts(value.undeclaredUsers).map(emailKey)),
    undeclaredWorkspaces: sortedNames(texts(value.undeclaredWorkspaces)),
  };
}

/** The inputs of the account-level resources whose change is an update of both. */
export const ACCOUNT_LEVEL_INPUTS: Array<keyof AccessPolicyInputs> = [
  "declaration",
  "apiUrl",
  "users",
  "workspaces",
  "allowRemovals",
  "maxRemovalShare",
];

/**
 * Whether the account label or the tracker profile changed: an update of every resource, never a replacement.
 * A replacement creates the new resource (which adopts the entity) and then deletes the old one, and that Delete
 * would remove the user or workspace from the account; and `account` is only a label for reports.
 */
export function relabelled(olds: PropertyBag, news: PropertyBag): boolean {
  return changedProperties(olds, news, ["account", "tracker"]).length > 0;
}

/**
 * The Diff of an account-level resource (AccessPolicy, UndeclaredWorkspaces): changed when the account label,
 * the tracker or one of its `watched` canonical inputs changes, or when the last read found `found` undeclared
 * entries (an update removes them); with unknown inputs in a preview, changed. Never a replacement (relabelled).
 */
export function accountLevelDiff(
  olds: PropertyBag,
  news: PropertyBag,
  watched: Array<keyof AccessPolicyInputs>,
  found: number,
): { changes: boolean; replaces: string[] } {
  if (containsUnknown(withoutProvider(news))) return { changes: true, replaces: [] };
  const canonical = (bag: PropertyBag) => accessPolicyInputs(bag) as unknown as PropertyBag;
  const changed = changedProperties(canonical(olds), canonical(news), watched);
  return { changes: relabelled(olds, news) || changed.length > 0 || found > 0, replaces: [] };
}

/** The names of the properties whose values differ between `olds` and `news` (deep; list order counts, key order not). */
export function changedProperties(olds: PropertyBag, news: PropertyBag, names: string[]): string[] {
  return names.filter((name) => canonicalJson(olds[name] ?? null) !== canonicalJson(news[name] ?? null));
}

/** JSON with object keys sorted, so that two equal bags compare equal whatever order their keys came in. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v !== null && typeof v === "object" && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : v,
  );
}

/** The bag without the engine's `__provider` key. */
export function withoutProvider(value: PropertyBag): PropertyBag {
  const { [PROVIDER_KEY]: _provider, ...rest } = value;
  return rest;
}

function text(value: unknown): string {
  return typeof value === "string" ? value : value === undefined || value === null ? "" : String(value);
}

function texts(value: unknown): string[] {
  if (typeof value === "string") return [value];
  return Array.isArray(value) ? value.map(text) : [];
}
