/**
 * Positions of a parsed declaration file, found on demand: the interface both parsers' position maps implement
 * (frame-positions.ts for the fast js-yaml parse, document-positions.ts for the `yaml` parse of files js-yaml
 * cannot read), the positions of an unparsable file, and JSON pointer segments.
 */
import type { SourcePosition } from "./model.ts";

/** Line and column (1-based) of a JSON pointer in one of a declaration's files. */
export type SourceLocator = (file: string, path: string) => SourcePosition;

/** Where one parsed file's nodes sit in its text. */
export interface FilePositions {
  /** The position of the node at `path`, or of its deepest ancestor present in the file. */
  at(path: string): SourcePosition;
  /** The position of a key itself (not its value): where an unexpected property is written. */
  keyAt(path: string, key: string): SourcePosition;
  /** Start offsets of the items of the top-level sequence `key`, in order (empty when absent). */
  itemOffsets(key: string): number[];
  /** The position of a character offset in the file, with `path` attached. */
  offsetAt(offset: number, path: string): SourcePosition;
}

/** Positions for a file that could not be parsed: everything is at its first character. */
export function unparsedPositions(file: string): FilePositions {
  const start = (path: string) => ({ file, line: 1, column: 1, path });
  return {
    at: start,
    keyAt: (path, key) => start(`${path}/${escapePointer(key)}`),
    itemOffsets: () => [],
    offsetAt: (_o, p) => start(p),
  };
}

/** Escapes one JSON pointer segment (RFC 6901). */
export function escapePointer(segment: string): string {
  return segment.replaceAll("~", "~0").replaceAll("/", "~1");
}

/** Reverses escapePointer. */
export function unescapePointer(segment: string): string {
  return segment.replaceAll("~1", "/").replaceAll("~0", "~");
}
