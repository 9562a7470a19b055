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
  // One loop per list, no intermediate arrays: a file of 100,000 elements builds 100,000 entities and nothing else.
  const each = <T>(section: keyof SkippedEntries, items: T[] | undefined, build: (item: T, i: number) => void) => {
    const skip = skipped?.[section];
    if (skip === "all" || items === undefined) return;
    for (let i = 0; i < items.length; i++) if (skip === undefined || !skip.has(i)) build(items[i], i);
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
  const workspaces: WorkspaceDeclaration[] = [];
  each("workspaces", doc.workspaces, (w, i) => workspaces.push({ name: w.name, at: workspaceAt(i) }));
  const users: UserDeclaration[] = [];
  each("users", doc.users, (u, i) =>
    users.push({
      email: u.email,
      role: u.role,
      hiddenColumns: u.hiddenColumns,
      ...(u.invitationSends === undefined ? {} : { invitationSends: u.invitationSends }),
      at: userAt(i),
      ...timeBoundGrant(u, `/users/${i}`, positions),
    }),
  );
  const elements: ElementAssignment[] = [];
  const selectors: ElementSelector[] = [];
  each("elements", doc.elements, (e, i) => {
    if (e.match !== undefined) {
      selectors.push({ match: elementMatch(e.match), workspace: e.workspace, at: elementAt(i) });
      return;
    }
    // elementRef's fields, then the entry's: the same keys, in the same order, as `{ ...elementRef(e), ... }`.
    const uses = e.uses === undefined ? [] : e.uses.map(elementRef);
    elements.push(
      e.id !== undefined
        ? { kind: e.kind, id: e.id, workspace: e.workspace, uses, at: elementAt(i) }
        : { kind: e.kind, name: e.name, workspace: e.workspace, uses, at: elementAt(i) },
    );
  });
  return {
    file,
    apiVersion: doc.apiVersion,
    tracker: doc.tracker,
    account: doc.account,
    workspaces,
    users,
    elements,
    selectors,
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
