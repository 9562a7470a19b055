/**
 * Positions from the frames the fast parse recorded (node-frames.ts): a JSON pointer is resolved against them
 * only when something needs a position (a violation, an entity's `at`), so reading a file does no position work
 * beyond the frames, and a lookup costs the size of the mappings on its path. Line starts are indexed once, on
 * the first lookup. test/validate/positions-oracle.test.ts checks every position against the `yaml` library.
 */
import type { SourcePosition } from "./model.ts";
import { forEachChild, type NodeFrame, unwrap } from "./node-frames.ts";
import { escapePointer, type FilePositions, unescapePointer } from "./source-map.ts";

/** Line and column of character offsets in `text`; lines end at `\n` (a `\r` before it is part of the line). */
export function lineIndex(text: string): (offset: number) => { line: number; column: number } {
  let starts: Int32Array | undefined;
  return (offset) => {
    if (starts === undefined) {
      // Counted first, then filled: an 8 MB file has about a million lines, 4 bytes each in a typed array.
      let lines = 1;
      for (let i = text.indexOf("\n"); i !== -1; i = text.indexOf("\n", i + 1)) lines++;
      starts = new Int32Array(lines);
      let line = 1;
      for (let i = text.indexOf("\n"); i !== -1; i = text.indexOf("\n", i + 1)) starts[line++] = i + 1;
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
  const offsetAt = (offset: number, path: string): SourcePosition => {
    const { line, column } = lineOf(offset);
    return { file, line, column, path };
  };
  const startOf = (frame: NodeFrame | undefined) => (frame === undefined ? 0 : nodeStart(text, frame));
  const at = (path: string): SourcePosition => offsetAt(startOf(deepestFrame(text, document, path)), path);
  return {
    at,
    offsetAt,
    keyAt(path, key) {
      const keyPath = `${path}/${escapePointer(key)}`;
      const parent = deepestFrame(text, document, path);
      const pair = parent === undefined ? undefined : entriesOf(text, parent).get(key);
      return pair !== undefined ? offsetAt(startOf(pair.keyFrame), keyPath) : at(keyPath);
    },
    itemOffsets(key) {
      const seq = document === undefined ? undefined : entriesOf(text, unwrap(document)).get(key);
      const items = seq?.value === undefined ? undefined : unwrap(seq.value);
      if (items?.kind !== "sequence") return [];
      // Straight from the frames' rows: a list of 100,000 entries makes no frame object per entry.
      const offsets: number[] = [];
      forEachChild(items, (open, close, kind, value) => offsets.push(contentStart(text, open, close, kind, value)));
      return offsets;
    },
  };
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
      const entry = entriesOf(text, frame).get(segment);
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

const entryCache = new WeakMap<NodeFrame, Map<string, Entry>>();

/**
 * The keys of a mapping frame, by key. Its children alternate key and value; a key is a child followed by `:`
 * (a flow mapping's `{a, b: 1}` also has keys without a value). Computed once per mapping, on first lookup.
 */
function entriesOf(text: string, mapping: NodeFrame): Map<string, Entry> {
  if (mapping.kind !== "mapping") return NO_ENTRIES;
  const cached = entryCache.get(mapping);
  if (cached !== undefined) return cached;
  const entries = new Map<string, Entry>();
  const children = mapping.children ?? [];
  for (let i = 0; i < children.length; i++) {
    const keyFrame = children[i];
    const hasValue = i + 1 < children.length && charAfterSpaces(text, keyFrame.close) === ":";
    const key = String(keyFrame.value);
    if (!entries.has(key)) entries.set(key, { key, keyFrame, value: hasValue ? children[i + 1] : undefined });
    if (hasValue) i++;
  }
  entryCache.set(mapping, entries);
  return entries;
}

const NO_ENTRIES = new Map<string, Entry>();

/**
 * Where a node's content starts: after the separating space, comments and properties (`&anchor`, `!tag`) the
 * parser read inside it. An empty node starts on its key's line, after the spaces that follow the colon.
 */
function nodeStart(text: string, frame: NodeFrame): number {
  return contentStart(text, frame.open, frame.close, frame.kind, frame.value);
}

/** nodeStart of a frame given by its fields. */
function contentStart(text: string, open: number, close: number, kind: string | null, value: unknown): number {
  if (kind === null && value === null) {
    // Empty: on its key's line, after the spaces and properties that follow the colon.
    let i = open;
    for (;;) {
      while (text[i] === " " || text[i] === "\t") i++;
      if (text[i] !== "&" && text[i] !== "!") return i;
      i = tokenEnd(text, i);
    }
  }
  let i = open;
  let properties = false;
  for (;;) {
    const c = text[i];
    // An empty value with only properties (`v: !!str`) starts after them and their spaces, on their line.
    const empty = value === "" || value === null;
    if (properties && empty && (c === "\n" || c === "\r" || c === "#" || c === undefined)) return i;
    if (c === " " || c === "\t" || c === "\n" || c === "\r") i++;
    else if (c === "#") i = lineEnd(text, i);
    else if ((c === "&" || c === "!") && i < close) {
      i = tokenEnd(text, i);
      properties = true;
    } else return Math.min(i, Math.max(open, close));
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
