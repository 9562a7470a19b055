/**
 * Positions of a parsed declaration file, found on demand. The YAML parser keeps every node's source range;
 * a JSON pointer is resolved against those nodes only when something needs a position (a violation, an
 * entity's `at`), so reading a file does no per-node position work up front and a lookup costs O(depth).
 */
import type { Document, LineCounter, Node } from "yaml";
import { isAlias, isMap, isPair, isScalar, isSeq } from "yaml";
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

/** Positions backed by a parsed document and the line counter that watched it being parsed. */
export function documentPositions(file: string, doc: Document.Parsed, lines: LineCounter): FilePositions {
  const offsetAt = (offset: number, path: string): SourcePosition => {
    const { line, col } = lines.linePos(offset);
    return line === 0 ? { file, line: 1, column: offset + 1, path } : { file, line, column: col, path };
  };
  const at = (path: string): SourcePosition => offsetAt(startOf(deepestNode(doc, path)), path);
  return {
    at,
    offsetAt,
    keyAt(path, key) {
      const keyPath = `${path}/${escapePointer(key)}`;
      const parent = deepestNode(doc, path);
      const pair = isMap(parent) ? parent.items.find((p) => scalarKey(p.key) === key) : undefined;
      return pair && isPair(pair) ? offsetAt(startOf(pair.key as Node), keyPath) : at(keyPath);
    },
    itemOffsets(key) {
      const seq = isMap(doc.contents) ? doc.contents.get(key, true) : undefined;
      if (!isSeq(seq)) return [];
      return seq.items.map((item) => startOf(item as Node));
    },
  };
}

/** Escapes one JSON pointer segment (RFC 6901). */
export function escapePointer(segment: string): string {
  return segment.replaceAll("~", "~0").replaceAll("/", "~1");
}

function unescapePointer(segment: string): string {
  return segment.replaceAll("~1", "/").replaceAll("~0", "~");
}

/**
 * The node at `path`, or its deepest ancestor that exists. An alias stops the walk: the alias is where the
 * user wrote the value, and resolving it would cost a walk over the whole document.
 */
function deepestNode(doc: Document.Parsed, path: string): Node | null {
  let node: unknown = doc.contents;
  if (path === "") return node as Node | null;
  for (const raw of path.slice(1).split("/")) {
    const segment = unescapePointer(raw);
    let next: unknown;
    if (isMap(node)) {
      const pair = node.items.find((p) => scalarKey(p.key) === segment);
      next = pair?.value ?? pair?.key;
      if (pair && (pair.value === null || pair.value === undefined)) return pair.key as Node;
    } else if (isSeq(node) && /^\d+$/.test(segment)) {
      next = node.items[Number(segment)];
    }
    if (next === undefined || next === null || isAlias(next)) return (next as Node | undefined) ?? (node as Node);
    node = next;
  }
  return node as Node;
}

function scalarKey(key: unknown): string | undefined {
  if (isScalar(key)) return String(key.value);
  return typeof key === "string" ? key : undefined;
}

function startOf(node: Node | null | undefined): number {
  return node?.range?.[0] ?? 0;
}
