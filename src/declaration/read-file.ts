/**
 * Reads one declaration file's bytes into plain data: strict UTF-8, a size cap, one YAML parse (js-yaml, core
 * schema, duplicate keys rejected, nesting bounded) that also records the frames positions are found from,
 * and aliases expanded within a budget. Every problem becomes a `yaml/syntax` violation at its line and column;
 * nothing here throws for a user's input.
 */
import { CORE_SCHEMA, type LoadOptions, load, type YAMLException } from "js-yaml";
import type { Violation } from "../policy/violation.ts";
import { violationAt } from "../policy/violation-at.ts";
import { expandAliases, MAX_ALIAS_EXPANSION } from "./alias-expansion.ts";
import { recordFrames } from "./node-frames.ts";
import { type FilePositions, framePositions, unparsedPositions } from "./source-map.ts";

/** Largest declaration file read, in bytes (64 MiB): far beyond any real account, small enough to parse. */
export const MAX_FILE_BYTES = 64 * 1024 * 1024;

/** Deepest nesting of collections read (a declaration needs 5 levels; the parser recurses per level). */
export const MAX_DEPTH = 500;

/** One declaration file after reading and parsing. */
export interface ParsedFile {
  /** The file's name as reported in violations. */
  file: string;
  /** The document as plain JS data; undefined when the file is not well-formed YAML. */
  data: unknown;
  /** Positions of the file's nodes, resolved on demand. */
  positions: FilePositions;
  /** `yaml/syntax` violations (encoding, size, syntax, duplicate keys, aliases, several documents). */
  violations: Violation[];
}

const utf8 = new TextDecoder("utf-8", { fatal: true });

/** Parses the bytes of the declaration file `file` once, reporting its syntax errors and warnings. */
export function parseDeclarationFile(file: string, bytes: Uint8Array): ParsedFile {
  const failed = (message: string): ParsedFile => {
    const positions = unparsedPositions(file);
    return { file, data: undefined, positions, violations: [violationAt("yaml/syntax", positions.at(""), message)] };
  };
  if (bytes.byteLength > MAX_FILE_BYTES) return failed(tooLarge(bytes.byteLength));
  let text: string;
  try {
    text = utf8.decode(bytes);
  } catch {
    return failed("file is not valid UTF-8");
  }

  // Parse: one pass; the recorder keeps each node's offsets, the data comes back whole.
  const frames = recordFrames();
  const warnings: YAMLException[] = [];
  const options: LoadOptions & { maxDepth: number } = {
    schema: CORE_SCHEMA,
    listener: frames.listener,
    onWarning: (warning) => warnings.push(warning),
    maxDepth: MAX_DEPTH,
  };
  let data: unknown;
  let error: unknown;
  try {
    data = load(text, options);
  } catch (thrown) {
    error = thrown;
  }
  const documents = frames.documents();
  const positions = framePositions(file, text, documents[0]);
  const syntax = (offset: number, message: string) =>
    violationAt("yaml/syntax", positions.offsetAt(offset, ""), message);
  if (error !== undefined) {
    return { file, data: undefined, positions, violations: [parseFailure(error, text, documents, syntax)] };
  }
  if (warnings.length > 0) {
    const violations = warnings.map((w) => syntax(w.mark?.position ?? 0, describeMessage(w.reason ?? w.message)));
    return { file, data: undefined, positions, violations };
  }

  // Aliases: only a file that writes `*` can share values.
  if (!text.includes("*")) return { file, data, positions, violations: [] };
  const expansion = expandAliases(data);
  if ("data" in expansion) return { file, data: expansion.data, positions, violations: [] };
  const message =
    expansion.refused === "cycle"
      ? "an alias is used inside its own anchor: the value would contain itself"
      : `aliases expand too far (more than ${MAX_ALIAS_EXPANSION.toLocaleString("en-US")} values added by \`*\` references)`;
  return { file, data: undefined, positions, violations: [violationAt("yaml/syntax", positions.at(""), message)] };
}

/** The violation for a parse that failed, at the place the parser stopped (or the construct that stopped it). */
function parseFailure(
  error: unknown,
  text: string,
  documents: ReturnType<ReturnType<typeof recordFrames>["documents"]>,
  syntax: (offset: number, message: string) => Violation,
): Violation {
  const exception = error as Partial<YAMLException> & Error;
  const reason = exception.reason ?? exception.message ?? String(error);
  const offset = exception.mark?.position ?? 0;
  if (/^expected a single document/.test(reason)) {
    // The second document starts at its `---` (or, without one, where its content starts).
    const second = documents[1]?.open ?? 0;
    const marker = text.lastIndexOf("\n---", second);
    const at = marker !== -1 ? marker + 1 : second;
    return syntax(
      at,
      "a declaration file holds one YAML document; split the documents after `---` into separate files",
    );
  }
  if (reason === "duplicated mapping key") {
    const key = /^[^:\n]{0,80}/.exec(text.slice(offset))?.[0].trim() ?? "";
    return syntax(offset, `duplicate key \`${key}\`: each key may appear once in a mapping`);
  }
  const alias = /^unidentified alias "(.*)"$/.exec(reason)?.[1];
  if (alias !== undefined) {
    return syntax(offset - alias.length - 1, `alias \`*${alias}\` is used before its anchor \`&${alias}\` is set`);
  }
  return syntax(offset, describeMessage(reason));
}

/** The message for a file over the size cap. */
export function tooLarge(bytes: number): string {
  const mib = (n: number) => (n / (1024 * 1024)).toFixed(1);
  return `file is ${mib(bytes)} MiB; a declaration file may be at most ${mib(MAX_FILE_BYTES)} MiB`;
}

function describeMessage(raw: string): string {
  if (/call stack|stack overflow|nesting exceeded maxDepth/i.test(raw)) return "the document is nested too deeply";
  const message = raw.split("\n")[0];
  return message.endsWith(".") ? message.slice(0, -1) : message;
}
