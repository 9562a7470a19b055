/**
 * The fast parse of a declaration file: js-yaml (YAML 1.2's core schema exactly as `yaml` reads it, duplicate
 * keys refused, nesting bounded), about ten times faster than `yaml`'s CST parser, with one frame recorded per
 * node (node-frames.ts) for positions. It declines, and the file goes to full-parse.ts, whenever js-yaml refuses
 * the text or warns, or the frames would not map positions exactly: explicit `? key` entries, an empty sequence
 * item, a pair inside a flow sequence, a lone CR line end. So the fast parse only ever answers for files both
 * parsers read alike, and every syntax error of a file `yaml` may read (read-file.ts bounds its size) is reported
 * by `yaml`, all of them. It says why it declined, and where, so a larger file can be refused precisely.
 */
import { type LoadOptions, load, YAMLException } from "js-yaml";
import { YAML_CORE_SCHEMA } from "./core-schema.ts";
import { framePositions } from "./frame-positions.ts";
import { framesMatch, recordFrames, TooManyFrames } from "./node-frames.ts";
import type { FilePositions } from "./source-map.ts";

/** Deepest nesting of collections the fast parse reads (a declaration needs 5 levels); deeper goes to `yaml`. */
export const MAX_DEPTH = 500;

/**
 * Most YAML nodes (frames: keys, values, items, and js-yaml's wrappers around block scalars) the fast parse
 * records. A 64 MiB declaration of users and elements has about 7.5 million; each costs about 200 bytes while
 * the file is read, so the bound keeps the parse well inside Node's default heap whatever the file's density.
 */
export const MAX_NODES = 8_000_000;

/** Why the fast parse declined a file, and where: read-file.ts decides whether `yaml` may read it instead. */
export interface FastParseDecline {
  reason: "explicit-key" | "lone-cr" | "syntax" | "warning" | "documents" | "layout" | "too-many-nodes";
  /** Character offset the reason is about (0 when it is about the whole file). */
  offset: number;
  /** What js-yaml found, in its words, for `syntax` and `warning`; otherwise what the file holds. */
  message: string;
}

// `?` that opens an explicit key: at the start of a line (after indentation or `- `), or in a flow collection.
const EXPLICIT_KEY = /(?:^|[\n{[,])[ \t]*(?:-[ \t]+)*\?(?:[ \t]|$)/m;
const LONE_CR = /\r(?!\n)/;
const ONE_DOCUMENT = "a declaration file holds one YAML document; split the documents after `---` into separate files";

/** The data and positions of `text`, or why the file must be read by full-parse.ts (or refused). */
export function fastParse(
  file: string,
  text: string,
  maxNodes = MAX_NODES,
): { data: unknown; positions: FilePositions; violations: [] } | { declined: FastParseDecline } {
  const declined = (reason: FastParseDecline["reason"], offset: number, message: string) => ({
    declined: { reason, offset, message },
  });
  // Most files hold no `?` at all: the pattern (slow over megabytes) runs only when one does.
  const explicitKey = text.includes("?") ? EXPLICIT_KEY.exec(text) : null;
  if (explicitKey !== null) {
    return declined("explicit-key", explicitKey.index + explicitKey[0].indexOf("?"), "an explicit `? key` entry");
  }
  const loneCr = text.includes("\r") ? LONE_CR.exec(text) : null;
  if (loneCr !== null) return declined("lone-cr", loneCr.index, "a carriage return without a line feed");
  const frames = recordFrames(maxNodes);
  let warning: YAMLException | undefined;
  const options: LoadOptions & { maxDepth: number } = {
    schema: YAML_CORE_SCHEMA,
    listener: frames.listener,
    onWarning: (w) => {
      warning ??= w;
    },
    maxDepth: MAX_DEPTH,
  };
  let data: unknown;
  try {
    data = load(text, options);
  } catch (error) {
    if (error instanceof TooManyFrames) {
      return declined("too-many-nodes", 0, `more than ${maxNodes.toLocaleString("en-US")} YAML nodes`);
    }
    const yamlError = error instanceof YAMLException ? error : undefined;
    if (yamlError?.reason.startsWith("expected a single document")) {
      return declined("documents", markOffset(yamlError), ONE_DOCUMENT);
    }
    return declined("syntax", markOffset(yamlError), yamlError?.reason ?? String((error as Error).message));
  }
  if (warning !== undefined) return declined("warning", markOffset(warning), warning.reason);
  const documents = frames.documents();
  if (documents.length !== 1) return declined("documents", 0, ONE_DOCUMENT);
  if (!framesMatch(documents[0])) {
    return declined("layout", 0, "an empty sequence item (`-` alone) or a `key: value` pair inside `[...]`");
  }
  return { data, positions: framePositions(file, text, documents[0]), violations: [] };
}

function markOffset(error: YAMLException | undefined): number {
  const position = (error?.mark as { position?: number } | undefined)?.position;
  return typeof position === "number" && position >= 0 ? position : 0;
}
