/**
 * Reads one declaration file's bytes into plain data: strict UTF-8, a size cap, one YAML parse, aliases expanded
 * within a budget. The parse is js-yaml's (fast-parse.ts, about ten times faster on large files) whenever it reads
 * the file exactly as `yaml` would, else `yaml`'s (full-parse.ts), which also reports every syntax error. Every
 * problem becomes a `yaml/syntax` violation at its line and column; nothing here throws for a user's input.
 */
import type { Violation } from "../policy/violation.ts";
import { violationAt } from "../policy/violation-at.ts";
import { expandAliases, MAX_ALIAS_EXPANSION } from "./alias-expansion.ts";
import { fastParse } from "./fast-parse.ts";
import { fullParse } from "./full-parse.ts";
import { type FilePositions, unparsedPositions } from "./source-map.ts";

/** Largest declaration file read, in bytes (64 MiB): far beyond any real account, small enough to parse. */
export const MAX_FILE_BYTES = 64 * 1024 * 1024;

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

  const parsed = fastParse(file, text) ?? fullParse(file, text);
  const { positions } = parsed;
  if (parsed.violations.length > 0) return { file, ...parsed, data: undefined };

  // Aliases: only a file that writes `*` can share values; each use gets its own copy.
  if (!text.includes("*")) return { file, data: parsed.data, positions, violations: [] };
  const expansion = expandAliases(parsed.data);
  if ("data" in expansion) return { file, data: expansion.data, positions, violations: [] };
  const message =
    expansion.refused === "cycle"
      ? "an alias is used inside its own anchor: the value would contain itself"
      : expansion.refused === "too-deep"
        ? "aliases nest too deeply (an anchor used inside another, thousands of levels down)"
        : `aliases expand too far (more than ${MAX_ALIAS_EXPANSION.toLocaleString("en-US")} values added by \`*\` references)`;
  return { file, data: undefined, positions, violations: [violationAt("yaml/syntax", positions.at(""), message)] };
}

/** The message for a file over the size cap. */
export function tooLarge(bytes: number): string {
  const mib = (n: number) => (n / (1024 * 1024)).toFixed(1);
  return `file is ${mib(bytes)} MiB; a declaration file may be at most ${mib(MAX_FILE_BYTES)} MiB`;
}
