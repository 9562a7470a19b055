/**
 * The property bags of the `AccountAccess` resource as they travel between the program, the engine and the
 * provider: the canonical declaration (users keyed by e-mail, sorted workspaces, element assignments by label),
 * the same shape made of a live account, the engine's "unknown" marker and the comparison Diff makes. Nothing
 * here talks to the tracker, and nothing here decides an operation: that is the planner's.
 */
import { type CanonicalAccess, canonicalAccess } from "../declaration/canonical-access.ts";
import { ALL_WORKSPACES, type Declaration, type ElementRef, emailKey } from "../declaration/model.ts";
import type { Profile } from "../policy/profile.ts";
import { indexElements, lookupElement } from "../reconcile/element-refs.ts";
import {
  invitationExpired,
  type LiveAccount,
  liveAccess,
  sortedNames,
  workspaceNames,
} from "../reconcile/live-account.ts";

/** The engine's marker of a value not known yet (a preview of a value computed by another resource). */
export const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

/** The engine's property key of the serialized provider. */
export const PROVIDER_KEY = "__provider";

/** A property bag as the provider receives it. */
export type PropertyBag = Record<string, unknown>;

/** One user's access, as declared or as the account has it: its canonical access (declaration/canonical-access.ts). */
export interface UserAccess extends CanonicalAccess {
  /** Only on the live side, only when true: a pending invitation whose expiry has passed (the next up re-sends it). */
  invitationExpired?: true;
}

/** What the account holds, in the declaration's terms: the part of the inputs Diff compares. */
export interface AccountContent {
  /** The declared account label (for reports). */
  account: string;
  /** The tracker profile. */
  tracker: string;
  /** Every user, by e-mail key (trimmed, NFC, case-folded). */
  users: Record<string, UserAccess>;
  /** Private workspace names, sorted. */
  workspaces: string[];
  /** Element label (`offer/Summer Offer`, `offer#o-12`) → workspace name. */
  elements: Record<string, string>;
}

/** Where the declaration is and how to reach and guard the account: inputs Diff does not compare. */
export interface AccessSettings {
  /** Declaration files or directories, relative to the project root. */
  declaration: string[];
  apiUrl: string;
  /** The removal guard's override: the exact number of users this update removes. */
  allowRemovals?: number;
  /** The removal guard's limit (share of the account's users). */
  maxRemovalShare?: number;
  /** The team's guardrails file, relative to the project root (`tracker-access:guardrails`). */
  guardrails?: string;
  /**
   * `tracker-access:now`: the instant time-bound grants are judged at (RFC 3339 or a date); absent: the current
   * time. A setting, so not compared: a later `now` changes the plan only when it passes an `until` (stack-clock.ts).
   */
  now?: string;
}

/** The resource's inputs: the canonical declaration and its settings. */
export interface AccountAccessInputs extends AccountContent, AccessSettings {}

/** The resource's outputs: the account in the inputs' shape, and who the API key is. */
export interface AccountAccessOutputs extends AccountAccessInputs {
  accountId: string;
  accountName: string;
  /** The API key's owner (e-mail) and role. */
  actor: string;
  actorRole: string;
}

/** The compared keys of the inputs, in display order. */
export const CONTENT_KEYS = ["account", "tracker", "users", "workspaces", "elements"] as const;

/** The canonical content of a declaration. */
export function declaredContent(declaration: Declaration): AccountContent {
  const users: Record<string, UserAccess> = {};
  for (const u of declaration.users) {
    users[emailKey(u.email)] ??= canonicalAccess(u.role, u.workspaces, u.hiddenColumns);
  }
  const elements: Record<string, string> = {};
  for (const e of declaration.elements) elements[elementLabel(e)] ??= e.workspace;
  return canonicalContent({
    account: declaration.account,
    tracker: declaration.tracker,
    users,
    workspaces: declaration.workspaces.map((w) => w.name),
    elements,
  });
}

/**
 * The live account as content: every user and invitation, every private workspace, and where each element of
 * `labels` (the declared ones) is now — labels the account does not resolve to exactly one element are left out.
 */
export function liveContent(
  have: LiveAccount,
  profile: Profile,
  named: Pick<AccountContent, "account">,
  labels: string[],
  now: Date = new Date(),
): AccountContent {
  const names = workspaceNames(have.workspaces, profile);
  const users: Record<string, UserAccess> = {};
  for (const u of have.users) {
    users[emailKey(u.email)] = {
      ...liveAccess(u, names.nameOf),
      ...(invitationExpired(u, now) ? { invitationExpired: true as const } : {}),
    };
  }
  const index = indexElements(have.elements);
  const elements: Record<string, string> = {};
  for (const label of labels) {
    const found = lookupElement(index, parseElementLabel(label));
    if (found.length === 1) elements[label] = names.nameOf(found[0].workspace) ?? found[0].workspace;
  }
  return canonicalContent({
    account: named.account,
    tracker: profile.tracker,
    users,
    workspaces: have.workspaces.map((w) => w.name),
    elements,
  });
}

/** The content of a bag (inputs, outputs or a refresh's read) in canonical form: sorted keys and lists. */
export function canonicalContent(value: PropertyBag): AccountContent {
  const given = record(value.users);
  const users: Record<string, UserAccess> = {};
  for (const key of Object.keys(given).sort()) {
    const u = record(given[key]);
    users[key] = {
      ...canonicalAccess(
        text(u.role),
        u.workspaces === ALL_WORKSPACES ? ALL_WORKSPACES : texts(u.workspaces),
        texts(u.hiddenColumns),
      ),
      ...(u.invitationExpired === true ? { invitationExpired: true as const } : {}),
    };
  }
  const placed = record(value.elements);
  const elements = Object.fromEntries(
    Object.keys(placed)
      .sort()
      .map((label) => [label, text(placed[label])]),
  );
  return {
    account: text(value.account),
    tracker: text(value.tracker),
    users,
    workspaces: sortedNames(texts(value.workspaces)),
    elements,
  };
}

/** The settings of a bag. */
export function resourceSettings(value: PropertyBag): AccessSettings {
  const settings: AccessSettings = { declaration: texts(value.declaration), apiUrl: text(value.apiUrl) };
  if (typeof value.allowRemovals === "number") settings.allowRemovals = value.allowRemovals;
  if (typeof value.maxRemovalShare === "number") settings.maxRemovalShare = value.maxRemovalShare;
  if (typeof value.guardrails === "string" && value.guardrails !== "") settings.guardrails = value.guardrails;
  if (typeof value.now === "string") settings.now = value.now;
  return settings;
}

/** The content keys whose canonical values differ between `olds` and `news`. */
export function changedContent(olds: PropertyBag, news: PropertyBag): string[] {
  const before = canonicalContent(olds);
  const after = canonicalContent(news);
  return CONTENT_KEYS.filter((key) => canonicalJson(before[key]) !== canonicalJson(after[key]));
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

/** JSON with object keys sorted, so that two equal bags compare equal whatever order their keys came in. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value ?? null, (_key, v: unknown) =>
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

function record(value: unknown): PropertyBag {
  return value !== null && typeof value === "object" && !Array.isArray(value) ? (value as PropertyBag) : {};
}

function text(value: unknown): string {
  return typeof value === "string" ? value : value === undefined || value === null ? "" : String(value);
}

function texts(value: unknown): string[] {
  if (typeof value === "string") return [value];
  return Array.isArray(value) ? value.map(text) : [];
}
