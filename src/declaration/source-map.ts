/**
 * Positions of a parsed declaration file, found on demand. The parse records one frame per node (node-frames.ts);
 * a JSON pointer is resolved against those frames only when something needs a position (a violation, an
 * entity's `at`), so reading a file does no position work beyond the frames, and a lookup costs the size of the
 * mappings on its path. Line starts are indexed once, on the first lookup.
 */
import type { SourcePosition } from "./model.ts";
import { type NodeFrame, unwrap } from "./node-frames.ts";

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

/** Line and column of character offsets in `text`; lines end at `\n` (a `\r` before it is part of the line). */
export function lineIndex(text: string): (offset: number) => { line: number; column: number } {
  let starts: number[] | undefined;
  return (offset) => {
    if (starts === undefined) {
      starts = [0];
      for (let i = text.indexOf("\n"); i !== -1; i = text.indexOf("\n", i + 1)) starts.push(i + 1);
    }
    let low = 0;
    let high = starts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (starts[mid] <= offset) low = mid;
      else high = mid - 1;
    }
    return { line: low + 1, column: offset - starts[low] + 1 };
  };
}

/** Positions backed by the frames of the file's one document and the file's text. */
export function framePositions(file: string, text: string, document: NodeFrame | undefined): FilePositions {
  const lineOf = lineIndex(text);
  const offsetAt = (offset: number, path: string): SourcePosition => ({ file, ...lineOf(offset), path });
  const startOf = (frame: NodeFrame | undefined) => (frame === undefined ? 0 : nodeStart(text, frame));
  const at = (path: string): SourcePosition => offsetAt(startOf(deepestFrame(text, document, path)), path);
  return {
    at,
    offsetAt,
    keyAt(path, key) {
      const keyPath = `${path}/${escapePointer(key)}`;
      const parent = deepestFrame(text, document, path);
      const pair = parent === undefined ? undefined : entriesOf(text, parent).find((e) => e.key === key);
      return pair !== undefined ? offsetAt(startOf(pair.keyFrame), keyPath) : at(keyPath);
    },
    itemOffsets(key) {
      const seq = document === undefined ? undefined : entriesOf(text, unwrap(document)).find((e) => e.key === key);
      const items = seq?.value === undefined ? undefined : unwrap(seq.value);
      if (items?.kind !== "sequence") return [];
      return (items.children ?? []).map((item) => startOf(item));
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
 * The frame at `path`, or its deepest ancestor that exists. An alias stops the walk: the alias is where the
 * user wrote the value, and resolving it would cost a walk over the whole document.
 */
function deepestFrame(text: string, document: NodeFrame | undefined, path: string): NodeFrame | undefined {
  // An empty document (nothing but comments) is "at" the start of the file.
  if (document === undefined || (document.kind === null && document.value == null)) return undefined;
  let frame = unwrap(document);
  if (path === "") return frame;
  for (const raw of path.slice(1).split("/")) {
    if (isAlias(text, frame)) return frame;
    const segment = unescapePointer(raw);
    let next: NodeFrame | undefined;
    if (frame.kind === "mapping") {
      const entry = entriesOf(text, frame).find((e) => e.key === segment);
      next = entry?.value ?? entry?.keyFrame;
    } else if (frame.kind === "sequence" && /^\d+$/.test(segment)) {
      next = frame.children?.[Number(segment)];
    }
    if (next === undefined) return frame;
    frame = unwrap(next);
  }
  return frame;
}

/** One key of a mapping: its text, where it is written, and its value's frame (none for a flow `{key}`). */
interface Entry {
  key: string;
  keyFrame: NodeFrame;
  value: NodeFrame | undefined;
}

const entryCache = new WeakMap<NodeFrame, Entry[]>();

/**
 * The keys of a mapping frame in order. Its children alternate key and value; a key is a child followed by `:`
 * (a flow mapping's `{a, b: 1}` also has keys without a value). Computed once per mapping, on first lookup.
 */
function entriesOf(text: string, mapping: NodeFrame): Entry[] {
  if (mapping.kind !== "mapping") return [];
  const cached = entryCache.get(mapping);
  if (cached !== undefined) return cached;
  const entries: Entry[] = [];
  const children = mapping.children ?? [];
  for (let i = 0; i < children.length; i++) {
    const keyFrame = children[i];
    const hasValue = i + 1 < children.length && charAfterSpaces(text, keyFrame.close) === ":";
    entries.push({ key: String(keyFrame.value), keyFrame, value: hasValue ? children[i + 1] : undefined });
    if (hasValue) i++;
  }
  entryCache.set(mapping, entries);
  return entries;
}

/**
 * Where a node's content starts: after the separating space, comments and properties (`&anchor`, `!tag`) the
 * parser read inside it. An empty node starts where the parser began it: right after its key's colon.
 */
function nodeStart(text: string, frame: NodeFrame): number {
  if (frame.kind === null && frame.value === null) return frame.open;
  let i = frame.open;
  for (;;) {
    const c = text[i];
    if (c === " " || c === "\t" || c === "\n" || c === "\r") i++;
    else if (c === "#") i = lineEnd(text, i);
    else if ((c === "&" || c === "!") && i < frame.close) i = tokenEnd(text, i);
    else return Math.min(i, Math.max(frame.open, frame.close));
  }
}

function isAlias(text: string, frame: NodeFrame): boolean {
  return frame.kind === null && text[nodeStart(text, frame)] === "*";
}

function charAfterSpaces(text: string, offset: number): string | undefined {
  let i = offset;
  while (text[i] === " " || text[i] === "\t") i++;
  return text[i];
}

function lineEnd(text: string, from: number): number {
  const end = text.indexOf("\n", from);
  return end === -1 ? text.length : end;
}

function tokenEnd(text: string, from: number): number {
  let i = from;
  while (i < text.length && !" \t\n\r".includes(text[i])) i++;
  return i;
}
