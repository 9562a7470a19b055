/**
 * The declaration as tracker-access reads it: what a team wants its tracker account to look like.
 * Produced by `loadDeclaration()` (load.ts) from one file or a directory of files, each entity carrying the
 * place it was declared so that every rule can point at a file, line and column.
 */

import type { SourcePosition } from "../violations/source-position.ts";

/** Where something was declared (defined with the violations, which carry it; re-exported for the declaration's users). */
export type { SourcePosition };

import type { GrantExpiry } from "./grant-expiry.ts";

/** A private workspace the team declares (`public` is built in where the tracker has one). */
export interface WorkspaceDeclaration {
  name: string;
  at: SourcePosition;
}

/** The built-in public workspace's name, on trackers that have one: every user sees it, nobody is assigned to it. */
export const PUBLIC_WORKSPACE = "public";

/** The all-workspaces marker: `workspaces: "*"` grants every workspace where the tracker allows it. */
export const ALL_WORKSPACES = "*";

/** A user's workspaces: names granted one by one, or the all-workspaces marker. */
export type WorkspaceGrant = string[] | typeof ALL_WORKSPACES;

/** A user and their access. E-mails compare case-insensitively; `email` keeps the declared spelling. */
export interface UserDeclaration {
  email: string;
  role: string;
  /** Assigned workspaces by name, or "*" for every workspace where the tracker allows it. Empty when not given. */
  workspaces: WorkspaceGrant;
  /** Columns hidden from the user; undefined when the key is absent. */
  hiddenColumns: string[] | undefined;
  /** Times to send the invitation before plan stops re-sending it; undefined: the profile's `invitationSends`. */
  invitationSends?: number;
  at: SourcePosition;
  /** When the whole grant ends (`until:`); absent for a grant without end. */
  until?: GrantExpiry;
  /** When single memberships end (`{ name, until }` items of `workspaces`), by workspace name. */
  membershipUntil?: Map<string, GrantExpiry>;
}

/** A reference to an existing element, by name or by id (exactly one of the two). */
export interface ElementRef {
  kind: string;
  name?: string;
  id?: string;
}

/** An element assignment: which workspace an existing element belongs to, and (for campaigns) what its funnel uses. */
export interface ElementAssignment extends ElementRef {
  workspace: string;
  uses: ElementRef[];
  at: SourcePosition;
  /** The selector (`match:`) this assignment was expanded from, for `explain`; absent for an explicit entry. */
  selector?: ElementSelector;
}

/** What an element selector matches: elements of `kind` (any kind when absent) whose name matches the glob `name` and that carry `tag`. At least one of `name` and `tag`. */
export interface ElementMatch {
  kind?: string;
  /** A glob (declaration/glob.ts): `*` any run, `?` one character, case-insensitive. */
  name?: string;
  tag?: string;
}

/** An `elements:` entry with `match:`: places every live element it matches in `workspace` (explicit entries win). */
export interface ElementSelector {
  match: ElementMatch;
  workspace: string;
  at: SourcePosition;
}

/** A whole declaration, merged across its files. */
export interface Declaration {
  apiVersion: string;
  tracker: string;
  account: string;
  /** The files it was read from, in the order given. */
  files: string[];
  workspaces: WorkspaceDeclaration[];
  users: UserDeclaration[];
  elements: ElementAssignment[];
  /** The `elements:` entries with `match:`, in file order; absent or empty when there are none. */
  selectors?: ElementSelector[];
}

/**
 * The key e-mail addresses are compared by: trimmed, Unicode NFC-normalised and case-folded, so that `Zoë@`
 * written precomposed or with a combining diaeresis, `STRASSE@` and `straße@`, or `Σ`/`σ`/`ς` are one person.
 */
export function emailKey(email: string): string {
  const trimmed = email.trim();
  if (/^[\x20-\x7e]*$/.test(trimmed)) return trimmed.toLowerCase();
  return foldCase(trimmed.normalize("NFC")).normalize("NFC");
}

/**
 * Unicode full case folding, per code point: upper-casing then lower-casing folds `ß` to `ss`, `ς` to `σ`,
 * `ſ` to `s` as CaseFolding.txt does; only the dotless `ı`, which folding leaves alone, is kept.
 */
function foldCase(text: string): string {
  let folded = "";
  for (const char of text) folded += char === "\u0131" ? char : char.toUpperCase().toLowerCase();
  return folded;
}

/** Stable key of an element reference: `offer:name:Summer Offer` or `offer:id:o-12`. */
export function elementKey(ref: ElementRef): string {
  return ref.id !== undefined ? `${ref.kind}:id:${ref.id}` : `${ref.kind}:name:${ref.name ?? ""}`;
}
