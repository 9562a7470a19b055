/**
 * Turns one file's schema-valid data into its part of a declaration: every entity with the place it was
 * declared. Positions of entries come from the parsed document's item offsets, one pass per list.
 */

import { type MembershipItem, timeBoundGrant } from "./membership-items.ts";
import type {
  ALL_WORKSPACES,
  ElementAssignment,
  ElementMatch,
  ElementRef,
  ElementSelector,
  SourcePosition,
  UserDeclaration,
  WorkspaceDeclaration,
} from "./model.ts";
import type { SkippedEntries } from "./omissions.ts";
import type { FilePositions } from "./source-map.ts";

/** The declaration file format, as the schema guarantees it after a successful check. */
interface FileData {
  apiVersion: string;
  tracker: string;
  account?: string;
  workspaces?: Array<{ name: string }>;
  users?: Array<{
    email: string;
    role: string;
    workspaces?: MembershipItem[] | typeof ALL_WORKSPACES;
    hiddenColumns?: string[];
    invitationSends?: number;
    until?: string;
  }>;
  elements?: Array<
    | (ElementRef & { workspace: string; uses?: ElementRef[]; match?: undefined })
    | { match: ElementMatch; workspace: string }
  >;
}

/** What one file contributes to a declaration. */
export interface FilePart {
  file: string;
  apiVersion: string;
  tracker: string;
  /** Undefined when the file does not name the account. */
  account: string | undefined;
  workspaces: WorkspaceDeclaration[];
  users: UserDeclaration[];
  elements: ElementAssignment[];
  /** The `elements:` entries with `match:`. */
  selectors: ElementSelector[];
}

/**
 * The entities of one file whose `data` passed the schema check, except the `skipped` entries (those that
 * broke it); the others keep their own index in their paths and positions.
 */
export function filePart(file: string, data: unknown, positions: FilePositions, skipped?: SkippedEntries): FilePart {
  const doc = data as FileData;
  const kept = <T, R>(section: keyof SkippedEntries, items: T[] | undefined, build: (item: T, i: number) => R): R[] => {
    const skip = skipped?.[section];
    if (skip === "all") return [];
    return (items ?? []).flatMap((item, i) => (skip?.has(i) ? [] : [build(item, i)]));
  };
  const placeOf = (key: keyof FileData) => {
    const offsets = positions.itemOffsets(key);
    return (index: number): SourcePosition => {
      const path = `/${key}/${index}`;
      const offset = offsets[index];
      return offset === undefined ? positions.at(path) : positions.offsetAt(offset, path);
    };
  };
  const workspaceAt = placeOf("workspaces");
  const userAt = placeOf("users");
  const elementAt = placeOf("elements");
  return {
    file,
    apiVersion: doc.apiVersion,
    tracker: doc.tracker,
    account: doc.account,
    workspaces: kept("workspaces", doc.workspaces, (w, i) => ({ name: w.name, at: workspaceAt(i) })),
    users: kept("users", doc.users, (u, i) => ({
      email: u.email,
      role: u.role,
      hiddenColumns: u.hiddenColumns,
      ...(u.invitationSends === undefined ? {} : { invitationSends: u.invitationSends }),
      at: userAt(i),
      ...timeBoundGrant(u, `/users/${i}`, positions),
    })),
    elements: kept("elements", doc.elements, (e, i) =>
      e.match === undefined
        ? [{ ...elementRef(e), workspace: e.workspace, uses: (e.uses ?? []).map(elementRef), at: elementAt(i) }]
        : [],
    ).flat(),
    selectors: kept("elements", doc.elements, (e, i) =>
      e.match !== undefined ? [{ match: elementMatch(e.match), workspace: e.workspace, at: elementAt(i) }] : [],
    ).flat(),
  };
}

function elementMatch(match: ElementMatch): ElementMatch {
  return {
    ...(match.kind !== undefined ? { kind: match.kind } : {}),
    ...(match.name !== undefined ? { name: match.name } : {}),
    ...(match.tag !== undefined ? { tag: match.tag } : {}),
  };
}

function elementRef(ref: ElementRef): ElementRef {
  return ref.id !== undefined ? { kind: ref.kind, id: ref.id } : { kind: ref.kind, name: ref.name };
}
