/**
 * Where something was declared, as every diagnostic names it: the declaration's parser produces positions, the
 * violations carry them.
 */

/** Where something was declared: file path as given on the command line (or relative to the directory), 1-based line and column, JSON-pointer-like path. */
export interface SourcePosition {
  file: string;
  line: number;
  column: number;
  /** JSON pointer into the file's document: `/users/3/role`. */
  path: string;
}
