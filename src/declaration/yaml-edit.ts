/**
 * Edits of one declaration file that leave every untouched byte as it is: `yaml`'s Document API finds the nodes
 * to change (with their source ranges), and each edit replaces only that node's text, written in the style of
 * its neighbours (a flow map stays a flow map, a block list keeps its indentation). Comments, key order, quoting
 * and layout elsewhere survive, which re-printing the whole document would not guarantee. `drift --format patch`
 * uses it to write the live account back into the declaration.
 */
import { type Document, isMap, isScalar, isSeq, type Node, parseDocument, type YAMLMap } from "yaml";

/** A value an edit writes: a scalar, a list of scalars, or a map of those (a new list entry). */
export type EditValue = string | string[] | { [key: string]: string | string[] };

interface Splice {
  start: number;
  end: number;
  text: string;
}

/** Collects edits of one file's text and applies them all at once (`result()`); offsets are the original text's. */
export class YamlFileEdit {
  readonly #text: string;
  readonly #doc: Document.Parsed;
  readonly #splices: Splice[] = [];

  constructor(text: string) {
    this.#text = text;
    this.#doc = parseDocument(text);
  }

  /** Whether any edit was made. */
  get changed(): boolean {
    return this.#splices.length > 0;
  }

  /** Sets `key` of the map at `path` (`["users", 3]`) to `value`, adding the key when absent (not when `value` is empty). */
  set(path: Array<string | number>, key: string, value: string | string[]): void {
    const map = this.#doc.getIn(path, true);
    if (!isMap(map)) throw new Error(`no map at /${path.join("/")}`);
    const pair = map.items.find((p) => isScalar(p.key) && p.key.value === key);
    if (pair !== undefined && pair.value !== null && (pair.value as Node).range) {
      const node = pair.value as Node;
      const [start, end] = this.#extent(node);
      const block = isSeq(node) && !node.flow && Array.isArray(value) && value.length > 0;
      const text = block ? blockList(value, columnOf(this.#text, start)) : render(value);
      this.#splices.push({ start, end, text });
      return;
    }
    if (Array.isArray(value) && value.length === 0) return;
    this.#addKey(map, key, value);
  }

  /** Removes entry `index` of the top-level list `key`. */
  remove(key: string, index: number): void {
    const seq = this.#doc.get(key, true);
    if (!isSeq(seq)) throw new Error(`no list ${key}`);
    const item = seq.items[index] as Node | undefined;
    if (item?.range == null) throw new Error(`no entry ${index} in ${key}`);
    if (seq.flow || seq.items.length === 1) {
      // a flow list, or the last entry: the list is written anew (an emptied block list becomes [])
      const [start, end] = this.#extent(seq);
      const kept = seq.items.filter((_, i) => i !== index).map((n) => this.#source(n as Node));
      this.#splices.push({ start, end, text: `[${kept.join(", ")}]` });
      return;
    }
    // the entry's own lines, from its dash to the end of its last line (a comment there goes with it; comment
    // lines above or below it stay)
    const start = lineStart(this.#text, item.range[0]);
    const end = afterLine(this.#text, this.#extent(item)[1] - 1);
    this.#splices.push({ start, end, text: "" });
  }

  /** Appends `value` to the top-level list `key` (created at the end of the file when absent). */
  append(key: string, value: EditValue): void {
    const seq = this.#doc.get(key, true);
    if (!isSeq(seq) || seq.items.length === 0) {
      if (seq != null) {
        const [start, end] = this.#extent(seq as Node);
        this.#splices.push({ start, end, text: `\n  - ${render(value)}` });
        return;
      }
      const end = this.#text.length;
      const newline = this.#text.endsWith("\n") || end === 0 ? "" : "\n";
      this.#splices.push({ start: end, end, text: `${newline}${key}:\n  - ${render(value)}\n` });
      return;
    }
    const last = seq.items[seq.items.length - 1] as Node;
    if (seq.flow) {
      const [, end] = this.#extent(last);
      this.#splices.push({ start: end, end, text: `, ${render(value)}` });
      return;
    }
    const dash = dashColumn(this.#text, this.#extent(last)[0]);
    const at = afterLine(this.#text, this.#extent(last)[1] - 1);
    const lead = this.#text[at - 1] === "\n" ? "" : "\n";
    const entry = isMap(last) && !last.flow ? blockMap(value, dash + 2) : render(value);
    this.#splices.push({ start: at, end: at, text: `${lead}${" ".repeat(dash)}- ${entry}\n` });
  }

  /** The text with every edit applied. */
  result(): string {
    let text = this.#text;
    const ordered = [...this.#splices].sort((a, b) => b.start - a.start || b.end - a.end);
    for (const splice of ordered) text = text.slice(0, splice.start) + splice.text + text.slice(splice.end);
    return text;
  }

  #addKey(map: YAMLMap, key: string, value: string | string[]): void {
    const [start, end] = this.#extent(map as unknown as Node);
    if (map.flow) {
      // before the closing brace, after the last entry
      let close = end - 1;
      while (close > start && this.#text[close] !== "}") close -= 1;
      let at = close;
      while (at > start && /\s/.test(this.#text[at - 1])) at -= 1;
      this.#splices.push({ start: at, end: at, text: `, ${key}: ${render(value)}` });
      return;
    }
    const first = map.items[0]?.key as Node | undefined;
    const indent = first?.range ? columnOf(this.#text, first.range[0]) : 0;
    const block = Array.isArray(value) && value.length > 0;
    const text = block
      ? `${key}:\n${" ".repeat(indent + 2)}${blockList(value, indent + 2)}`
      : `${key}: ${render(value)}`;
    this.#splices.push({ start: end, end, text: `\n${" ".repeat(indent)}${text}` });
  }

  /** A node's source range without the line break and blank space a block collection's range ends with. */
  #extent(node: Node): [number, number] {
    const [start, valueEnd] = node.range as [number, number, number];
    let end = valueEnd;
    while (end > start && /\s/.test(this.#text[end - 1])) end -= 1;
    return [start, end];
  }

  #source(node: Node): string {
    const [start, end] = this.#extent(node);
    return this.#text.slice(start, end);
  }
}

/** A scalar, list or map in flow style: plain where YAML reads it back as the same string, else double-quoted. */
export function render(value: EditValue): string {
  if (typeof value === "string") return scalar(value);
  if (Array.isArray(value)) return `[${value.map(scalar).join(", ")}]`;
  return `{ ${Object.entries(value)
    .map(([k, v]) => `${k}: ${render(v)}`)
    .join(", ")} }`;
}

function scalar(value: string): string {
  const plain = /^[A-Za-z0-9_@.+/][A-Za-z0-9_@.+/ -]*$/.test(value) && !value.endsWith(" ");
  // YAML 1.1 readers (editors, other tools) take yes/no/on/off for booleans: those are quoted too
  const yaml11 = /^(y|n|yes|no|on|off)$/i.test(value);
  if (plain && !yaml11 && parseDocument(value).toJS() === value) return value;
  return JSON.stringify(value);
}

/** `- a` lines at `column` (the first without indentation: it replaces a list that starts there). */
function blockList(values: string[], column: number): string {
  return values.map((v) => `- ${scalar(v)}`).join(`\n${" ".repeat(column)}`);
}

/** A map in block style: the first key on the dash's line, the others below it at `column`. */
function blockMap(value: EditValue, column: number): string {
  if (typeof value === "string" || Array.isArray(value)) return render(value);
  return Object.entries(value)
    .map(([k, v]) =>
      Array.isArray(v) && v.length > 0
        ? `${k}:\n${" ".repeat(column + 2)}${blockList(v, column + 2)}`
        : `${k}: ${render(v)}`,
    )
    .join(`\n${" ".repeat(column)}`);
}

function lineStart(text: string, offset: number): number {
  return text.lastIndexOf("\n", offset - 1) + 1;
}

/** The offset just after the line holding `offset` (after its line break; the text's end on the last line). */
function afterLine(text: string, offset: number): number {
  const end = text.indexOf("\n", offset);
  return end === -1 ? text.length : end + 1;
}

function columnOf(text: string, offset: number): number {
  return offset - lineStart(text, offset);
}

/** The column of the `-` that starts the list entry whose content begins at `offset`. */
function dashColumn(text: string, offset: number): number {
  let at = offset - 1;
  while (at >= 0 && text[at] !== "-" && text[at] !== "\n") at -= 1;
  return text[at] === "-" ? columnOf(text, at) : Math.max(0, columnOf(text, offset) - 2);
}
