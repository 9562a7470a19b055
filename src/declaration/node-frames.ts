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
 * A recorder for one parse. Linear: one small object per node, pushed and popped once. At most `maxFrames`
 * frames (a few hundred bytes of memory each, with the parsed value) are opened; one more throws TooManyFrames.
 */
export function recordFrames(maxFrames = Number.POSITIVE_INFINITY): FrameRecorder {
  const top: NodeFrame = { open: 0, close: 0, kind: null, value: undefined, children: undefined };
  const stack: NodeFrame[] = [top];
  let opened = 0;
  return {
    listener(event, state) {
      if (event === "open") {
        if (++opened > maxFrames) throw new TooManyFrames(maxFrames);
        stack.push({ open: state.position, close: state.position, kind: null, value: undefined, children: undefined });
        return;
      }
      const frame = stack.pop() as NodeFrame;
      frame.close = state.position;
      frame.kind = state.kind;
      frame.value = state.result;
      const parent = stack[stack.length - 1];
      if (parent.children === undefined) parent.children = [frame];
      else parent.children.push(frame);
    },
    documents: () => top.children ?? [],
  };
}

/**
 * The frame that holds `frame`'s content: js-yaml composes a flow collection or a scalar in a block context as
 * a candidate mapping key first, so such a node is a frame wrapping one child with the same value.
 */
export function unwrap(frame: NodeFrame): NodeFrame {
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
  const node = unwrap(frame);
  if (node.kind !== "sequence" && node.kind !== "mapping") return true;
  const children = node.children ?? [];
  if (node.kind === "sequence" && (!Array.isArray(node.value) || children.length !== node.value.length)) return false;
  return children.every(framesMatch);
}
