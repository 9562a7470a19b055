/**
 * The fast parse of a declaration file: js-yaml (YAML 1.2's core schema exactly as `yaml` reads it, duplicate
 * keys refused, nesting bounded), about ten times faster than `yaml`'s CST parser, with one frame recorded per
 * node (node-frames.ts) for positions. It declines, and the file goes to full-parse.ts, whenever js-yaml refuses
 * the text or warns, or the frames would not map positions exactly: explicit `? key` entries, an empty sequence
 * item, a pair inside a flow sequence, a lone CR line end. So the fast parse only ever answers for files both
 * parsers read alike, and every syntax error is reported by `yaml`, all of them, as before.
 */
import { type LoadOptions, load } from "js-yaml";
import { YAML_CORE_SCHEMA } from "./core-schema.ts";
import { framePositions } from "./frame-positions.ts";
import { framesMatch, recordFrames } from "./node-frames.ts";
import type { FilePositions } from "./source-map.ts";

/** Deepest nesting of collections the fast parse reads (a declaration needs 5 levels); deeper goes to `yaml`. */
export const MAX_DEPTH = 500;

// `?` that opens an explicit key: at the start of a line (after indentation or `- `), or in a flow collection.
const EXPLICIT_KEY = /(?:^|[\n{[,])[ \t]*(?:-[ \t]+)*\?(?:[ \t]|$)/m;
const LONE_CR = /\r(?!\n)/;

/** The data and positions of `text`, or undefined when the file must be read by full-parse.ts. */
export function fastParse(
  file: string,
  text: string,
): { data: unknown; positions: FilePositions; violations: [] } | undefined {
  if (EXPLICIT_KEY.test(text) || LONE_CR.test(text)) return undefined;
  const frames = recordFrames();
  let warned = false;
  const options: LoadOptions & { maxDepth: number } = {
    schema: YAML_CORE_SCHEMA,
    listener: frames.listener,
    onWarning: () => {
      warned = true;
    },
    maxDepth: MAX_DEPTH,
  };
  let data: unknown;
  try {
    data = load(text, options);
  } catch {
    return undefined;
  }
  const documents = frames.documents();
  if (warned || documents.length !== 1 || !framesMatch(documents[0])) return undefined;
  return { data, positions: framePositions(file, text, documents[0]), violations: [] };
}
