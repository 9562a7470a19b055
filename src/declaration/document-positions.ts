/**
 * Positions from the `yaml` library's document, for the files the fast parse hands over (js-yaml refuses them, or
 * their layout is one its frames do not map: explicit `? key` entries, empty sequence items, pairs inside flow
 * sequences, lone CR line ends). Every node keeps its source range; a JSON pointer is resolved against the nodes
 * only when something needs a position.
 */
import type { Document, LineCounter, Node } from "yaml";
import { isAlias, isMap, isPair, isScalar, isSeq } from "yaml";
import type { SourcePosition } from "./model.ts";
import { escapePointer, type FilePositions, unescapePointer } from "./source-map.ts";

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
