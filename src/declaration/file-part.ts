/**
 * Turns one schema-valid file's data into its part of a declaration: every entity with the place it was
 * declared. Positions of entries come from the parsed document's item offsets, one pass per list.
 */
import type { ElementAssignment, ElementRef, SourcePosition, UserDeclaration, WorkspaceDeclaration } from "./model.ts";
import type { FilePositions } from "./source-map.ts";

/** The declaration file format, as the schema guarantees it after a successful check. */
interface FileData {
  apiVersion: string;
  tracker: string;
  account?: string;
  workspaces?: Array<{ name: string }>;
  users?: Array<{ email: string; role: string; workspaces?: string[] | "*"; hiddenColumns?: string[] }>;
  elements?: Array<ElementRef & { workspace: string; uses?: ElementRef[] }>;
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
}

/** The entities of one file whose `data` passed the schema check. */
export function filePart(file: string, data: unknown, positions: FilePositions): FilePart {
  const doc = data as FileData;
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
    workspaces: (doc.workspaces ?? []).map((w, i) => ({ name: w.name, at: workspaceAt(i) })),
    users: (doc.users ?? []).map((u, i) => ({
      email: u.email,
      role: u.role,
      workspaces: u.workspaces ?? [],
      hiddenColumns: u.hiddenColumns,
      at: userAt(i),
    })),
    elements: (doc.elements ?? []).map((e, i) => ({
      ...elementRef(e),
      workspace: e.workspace,
      uses: (e.uses ?? []).map(elementRef),
      at: elementAt(i),
    })),
  };
}

function elementRef(ref: ElementRef): ElementRef {
  return ref.id !== undefined ? { kind: ref.kind, id: ref.id } : { kind: ref.kind, name: ref.name };
}
