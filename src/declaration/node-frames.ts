/**
 * The shape of a YAML document as the parser walked it: one frame per node, with the offsets where the parser
 * opened and closed it and the nodes inside it, recorded through js-yaml's `listener` during the one parse of
 * a file. Nothing is resolved here; source-map.ts turns a JSON pointer into a position from these frames only
 * when something needs one.
 */

/** One node of the parse. */
export interface NodeFrame {
  /** Offset where the parser began the node: at or before its first character (separating space, properties). */
  open: number;
  /** Offset where the parser left it. */
  close: number;
  /** "scalar", "sequence", "mapping", or null for an empty node or an alias. */
  kind: string | null;
  /** The node's value (for a mapping's keys, the key itself). */
  value: unknown;
  /** The nodes composed inside it, in document order: a mapping's keys and values alternate. */
  children: NodeFrame[] | undefined;
}

/** The parser state js-yaml hands its listener: the fields read here. */
interface ListenerState {
  position: number;
  kind: string | null;
  result: unknown;
}

/** Records the frames of one parse: pass `listener` to js-yaml's `load`, then read `documents()`. */
export interface FrameRecorder {
  listener(event: "open" | "close", state: ListenerState): void;
  /** The top-level frames: one per document of the stream (a declaration file must have exactly one). */
  documents(): NodeFrame[];
}

/** Thrown by a recorder's listener, stopping the parse, when the document has more frames than it may record. */
export class TooManyFrames extends Error {
  readonly limit: number;
  constructor(limit: number) {
    super(`more than ${limit} YAML nodes`);
    this.limit = limit;
  }
}

/**
 * A recorder for one parse. Linear, and compact: a frame is a row of typed arrays (offsets, kind, where its
 * subtree ends) plus its value, about 25 bytes where an object per node took about 150, numbered in the order
 * the parser opened them, so a frame's descendants are the rows up to its `end`. `documents()` hands out
 * `NodeFrame` views of the rows, made only for the nodes a position lookup reaches. At most `maxFrames` frames
 * are opened; one more throws TooManyFrames.
 */
export function recordFrames(maxFrames = Number.POSITIVE_INFINITY): FrameRecorder {
  const table = new FrameTable();
  const stack: number[] = [];
  return {
    listener(event, state) {
      if (event === "open") {
        if (table.count >= maxFrames) throw new TooManyFrames(maxFrames);
        stack.push(table.add(state.position));
        return;
      }
      table.close(stack.pop() as number, state.position, state.kind, state.result);
    },
    documents: () => table.roots(),
  };
}

const KINDS: Array<string | null> = [null, "scalar", "sequence", "mapping"];

/** The frames of one parse as rows: open/close offsets, kind, value and the end of each frame's subtree. */
class FrameTable {
  count = 0;
  open = new Int32Array(1024);
  closeAt = new Int32Array(1024);
  /** One past the last row of the frame's subtree: its children are the rows from i + 1 on, sibling by sibling. */
  end = new Int32Array(1024);
  kind = new Uint8Array(1024);
  values: unknown[] = [];
  private readonly views: Array<FrameView | undefined> = [];

  add(position: number): number {
    const i = this.count++;
    if (i === this.open.length) this.grow();
    this.open[i] = position;
    this.values.push(undefined);
    return i;
  }

  close(i: number, position: number, kind: string | null, value: unknown): void {
    this.closeAt[i] = position;
    this.end[i] = this.count;
    let code = KINDS.indexOf(kind);
    if (code === -1) code = KINDS.push(kind) - 1;
    this.kind[i] = code;
    this.values[i] = value;
  }

  /** The frames no other frame holds: one per document. */
  roots(): NodeFrame[] {
    const roots: NodeFrame[] = [];
    for (let i = 0; i < this.count; i = this.end[i]) roots.push(this.view(i));
    return roots;
  }

  view(i: number): FrameView {
    let view = this.views[i];
    if (view === undefined) {
      view = new FrameView(this, i);
      this.views[i] = view;
    }
    return view;
  }

  kindOf(i: number): string | null {
    return KINDS[this.kind[i]];
  }

  /** unwrap() over the rows: a frame whose one child has its value and kind stands for that child. */
  unwrapped(i: number): number {
    let node = i;
    for (;;) {
      const only = node + 1;
      if (only >= this.end[node] || this.end[only] !== this.end[node]) break;
      if (this.values[only] !== this.values[node] || this.kind[only] !== this.kind[node] || this.kind[only] === 0)
        break;
      node = only;
    }
    return node;
  }

  /** framesMatch over the rows, without making a view of every node. */
  matches(i: number): boolean {
    const node = this.unwrapped(i);
    const kind = this.kindOf(node);
    if (kind !== "sequence" && kind !== "mapping") return true;
    let children = 0;
    for (let c = node + 1; c < this.end[node]; c = this.end[c]) children++;
    const value = this.values[node];
    if (kind === "sequence" && (!Array.isArray(value) || children !== value.length)) return false;
    for (let c = node + 1; c < this.end[node]; c = this.end[c]) if (!this.matches(c)) return false;
    return true;
  }

  private grow(): void {
    const size = this.open.length * 2;
    const larger = <T extends Int32Array | Uint8Array>(array: T, make: (n: number) => T): T => {
      const copy = make(size);
      copy.set(array);
      return copy;
    };
    this.open = larger(this.open, (n) => new Int32Array(n));
    this.closeAt = larger(this.closeAt, (n) => new Int32Array(n));
    this.end = larger(this.end, (n) => new Int32Array(n));
    this.kind = larger(this.kind, (n) => new Uint8Array(n));
  }
}

/** One row of a FrameTable as a NodeFrame; its children are made on first use and kept. */
class FrameView implements NodeFrame {
  private list: NodeFrame[] | undefined | null = null;
  readonly table: FrameTable;
  readonly index: number;

  constructor(table: FrameTable, index: number) {
    this.table = table;
    this.index = index;
  }

  get open(): number {
    return this.table.open[this.index];
  }
  get close(): number {
    return this.table.closeAt[this.index];
  }
  get kind(): string | null {
    return this.table.kindOf(this.index);
  }
  get value(): unknown {
    return this.table.values[this.index];
  }
  get children(): NodeFrame[] | undefined {
    if (this.list === null) {
      const { table, index } = this;
      const list: NodeFrame[] = [];
      for (let c = index + 1; c < table.end[index]; c = table.end[c]) list.push(table.view(c));
      this.list = list.length > 0 ? list : undefined;
    }
    return this.list;
  }
}

/**
 * Calls `visit` with each child of `frame`, in document order, by its fields: over a recorder's rows without
 * making a NodeFrame per child (a list of 100,000 entries would keep 100,000 views).
 */
export function forEachChild(
  frame: NodeFrame,
  visit: (open: number, close: number, kind: string | null, value: unknown) => void,
): void {
  if (frame instanceof FrameView) {
    const { table, index } = frame;
    for (let c = index + 1; c < table.end[index]; c = table.end[c]) {
      visit(table.open[c], table.closeAt[c], table.kindOf(c), table.values[c]);
    }
    return;
  }
  for (const child of frame.children ?? []) visit(child.open, child.close, child.kind, child.value);
}

/**
 * The frame that holds `frame`'s content: js-yaml composes a flow collection or a scalar in a block context as
 * a candidate mapping key first, so such a node is a frame wrapping one child with the same value.
 */
export function unwrap(frame: NodeFrame): NodeFrame {
  // Over the rows: asking a view for its children would make a view of every child of a long list.
  if (frame instanceof FrameView) return frame.table.view(frame.table.unwrapped(frame.index));
  let current = frame;
  for (;;) {
    const only = current.children?.length === 1 ? current.children[0] : undefined;
    if (only === undefined || only.value !== current.value || only.kind !== current.kind || only.kind === null) break;
    current = only;
  }
  return current;
}

/**
 * Whether the frames map their values item for item: every sequence has one frame per item, all the way down.
 * js-yaml records no frame for an empty sequence item (`-` alone) and two for a pair inside a flow sequence
 * (`[a: 1]`); positions of such a file cannot come from its frames.
 */
export function framesMatch(frame: NodeFrame): boolean {
  if (frame instanceof FrameView) return frame.table.matches(frame.index);
  const node = unwrap(frame);
  if (node.kind !== "sequence" && node.kind !== "mapping") return true;
  const children = node.children ?? [];
  if (node.kind === "sequence" && (!Array.isArray(node.value) || children.length !== node.value.length)) return false;
  return children.every(framesMatch);
}
