/**
 * The declaration as tracker-access reads it: what a team wants its tracker account to look like.
 * Produced by `loadDeclaration()` (load.ts) from one file or a directory of files, each entity carrying the
 * place it was declared so that every rule can point at a file, line and column.
 */

/** Where something was declared: file path as given on the command line (or relative to the directory), 1-based line and column, JSON-pointer-like path. */
export interface SourcePosition {
  file: string;
  line: number;
  column: number;
  /** JSON pointer into the file's document: `/users/3/role`. */
  path: string;
}

/** A private workspace the team declares (`public` is built in where the tracker has one). */
export interface WorkspaceDeclaration {
  name: string;
  at: SourcePosition;
}

/** A user and their access. E-mails compare case-insensitively; `email` keeps the declared spelling. */
export interface UserDeclaration {
  email: string;
  role: string;
  /** Assigned workspaces by name, or "*" for every workspace where the tracker allows it. Empty when not given. */
  workspaces: string[] | "*";
  /** Columns hidden from the user; undefined when the key is absent. */
  hiddenColumns: string[] | undefined;
  at: SourcePosition;
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
}

/** Lower-cased e-mail used to compare users. */
export function emailKey(email: string): string {
  return email.trim().toLowerCase();
}

/** Stable key of an element reference: `offer:name:Summer Offer` or `offer:id:o-12`. */
export function elementKey(ref: ElementRef): string {
  return ref.id !== undefined ? `${ref.kind}:id:${ref.id}` : `${ref.kind}:name:${ref.name ?? ""}`;
}
