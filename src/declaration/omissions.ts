/**
 * What syntax and schema errors leave out of a declaration. A run reports every violation, not the first
 * one: a file with a syntax error contributes nothing, an entry that breaks the schema is skipped, and the
 * rest is still merged and rule-checked. Rules that need the whole declaration (exactly one owner, references
 * to declared workspaces and elements) read these omissions so that a skipped entry causes no follow-on noise:
 * its own schema violation already fails the run, and what is left is never applied.
 */
import { type ElementRef, elementKey } from "./model.ts";

/** What was left out of a declaration, and what of it could still be read. */
export interface Omissions {
  /** A user entry (or a whole file or `users:` list) was skipped: the owner may be among them. */
  users: boolean;
  /** Names of skipped workspace entries: references to them are not reported as unknown. */
  workspaceNames: Set<string>;
  /** A workspace whose name could not be read was skipped: no reference is reported as unknown. */
  anyWorkspace: boolean;
  /** Keys (elementKey) of skipped element entries: uses of them are not reported as unknown. */
  elementKeys: Set<string>;
  /** An element that could not be identified was skipped: no use is reported as unknown. */
  anyElement: boolean;
  /** A whole file was skipped: it may have named the account. */
  file: boolean;
}

/** Entry indices of one file to skip, per top-level list; "all" when the list itself is unusable. */
export interface SkippedEntries {
  workspaces: Set<number> | "all";
  users: Set<number> | "all";
  elements: Set<number> | "all";
}

type Section = keyof SkippedEntries;
const SECTIONS: readonly Section[] = ["workspaces", "users", "elements"];

/** Nothing omitted: a declaration read in full. */
export function noOmissions(): Omissions {
  return {
    users: false,
    workspaceNames: new Set(),
    anyWorkspace: false,
    elementKeys: new Set(),
    anyElement: false,
    file: false,
  };
}

/** Records that a whole file was skipped: everything it may have declared is unknown. */
export function omitFile(omitted: Omissions): void {
  omitted.file = true;
  omitted.users = true;
  omitted.anyWorkspace = true;
  omitted.anyElement = true;
}

/**
 * Which entries of one file to skip, given the JSON pointers of its schema violations; undefined when the
 * whole file must be skipped (it is not a mapping, or its apiVersion, tracker or account is invalid: those
 * say what the entries mean). Records what is skipped in `omitted`. An unknown top-level key (a misspelt
 * `users:`) keeps the file but counts as an omission of every kind, since it may have held anything.
 */
export function skippedEntries(data: unknown, pointers: string[], omitted: Omissions): SkippedEntries | undefined {
  const skipped: SkippedEntries = { workspaces: new Set(), users: new Set(), elements: new Set() };
  const doc = data as Record<string, unknown>;
  for (const pointer of pointers) {
    const [key, index] = pointer.split("/").slice(1);
    if (key === undefined || key === "apiVersion" || key === "tracker" || key === "account") return undefined;
    if (!(SECTIONS as readonly string[]).includes(key)) {
      omitted.users = true;
      omitted.anyWorkspace = true;
      omitted.anyElement = true;
      continue;
    }
    const section = key as Section;
    const entries = skipped[section];
    if (entries === "all") continue;
    if (index === undefined || !/^\d+$/.test(index)) skipped[section] = "all";
    else entries.add(Number(index));
  }
  for (const section of SECTIONS) {
    const entries = skipped[section];
    const list = Array.isArray(doc[section]) ? (doc[section] as unknown[]) : [];
    const items = entries === "all" ? list : [...entries].map((i) => list[i]);
    if (entries === "all" || entries.size > 0) recordSkipped(section, items, entries === "all", omitted);
  }
  return skipped;
}

/** Notes what the skipped `items` of `section` still tell: workspace names, element keys. */
function recordSkipped(section: Section, items: unknown[], wholeList: boolean, omitted: Omissions): void {
  if (section === "users") {
    omitted.users = true;
    return;
  }
  if (wholeList && items.length === 0) {
    // The list itself is unusable (not a list): nothing can be read from it.
    if (section === "workspaces") omitted.anyWorkspace = true;
    else omitted.anyElement = true;
    return;
  }
  for (const item of items) {
    const entry = (typeof item === "object" && item !== null ? item : {}) as Record<string, unknown>;
    if (section === "workspaces") {
      const name = scalarText(entry.name);
      if (name === undefined) omitted.anyWorkspace = true;
      else if (name !== "") omitted.workspaceNames.add(name); // "" names nothing a reference could name
      continue;
    }
    const keys = elementKeysOf(entry);
    if (keys.length === 0) omitted.anyElement = true;
    for (const key of keys) omitted.elementKeys.add(key);
  }
}

/** The keys a skipped element entry could be known by: by name, by id, or both when it gives both. */
function elementKeysOf(entry: Record<string, unknown>): string[] {
  const kind = scalarText(entry.kind);
  if (kind === undefined || kind === "") return [];
  const name = scalarText(entry.name);
  const id = scalarText(entry.id);
  const refs: ElementRef[] = [];
  if (name !== undefined && name !== "") refs.push({ kind, name });
  if (id !== undefined && id !== "") refs.push({ kind, id });
  return refs.map(elementKey);
}

/** A scalar as the text a reference would spell it with (`42` for 42); undefined for a missing or nested value. */
function scalarText(value: unknown): string | undefined {
  if (typeof value === "string") return value;
  if (typeof value === "number" || typeof value === "boolean" || typeof value === "bigint") return String(value);
  return undefined;
}
