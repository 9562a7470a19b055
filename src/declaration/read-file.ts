/**
 * Reads one declaration file's bytes into plain data: strict UTF-8, a size cap, no hidden characters
 * (hidden-characters.ts), one YAML parse within a node budget, aliases expanded within a budget. The parse is js-yaml's (fast-parse.ts, about ten times faster on large files) whenever it reads
 * the file exactly as `yaml` would, else `yaml`'s (full-parse.ts), which also reports every syntax error. Every
 * problem becomes a `yaml/syntax` violation at its line and column; nothing here throws for a user's input.
 */
import type { Violation } from "../violations/violation.ts";
import { violationAt } from "../violations/violation-at.ts";
import { expandAliases, MAX_ALIAS_EXPANSION } from "./alias-expansion.ts";
import { type FastParseDecline, fastParse, MAX_NODES } from "./fast-parse.ts";
import { lineIndex } from "./frame-positions.ts";
import { fullParse } from "./full-parse.ts";
import { hiddenCharacters } from "./hidden-characters.ts";
import { type FilePositions, unparsedPositions } from "./source-map.ts";

/** Largest declaration file read, in bytes (64 MiB): far beyond any real account, small enough to parse. */
export const MAX_FILE_BYTES = 64 * 1024 * 1024;

/**
 * Largest file the `yaml` library reads when the fast parse declines it (1 MiB). `yaml` needs about 600 bytes
 * of memory per byte of a dense file (a flow list of one-letter items) and runs out of Node's heap near 8 MiB;
 * a larger file that js-yaml cannot read is refused with js-yaml's first syntax error, or with what it holds.
 */
export const MAX_FULL_PARSE_BYTES = 1024 * 1024;

/** The bounds a read keeps to; tests lower them to check the refusals on small files. */
export interface ReadLimits {
  /** Largest file the `yaml` library may read (the fallback parse). */
  maxFullParseBytes: number;
  /** Most YAML nodes the fast parse records. */
  maxNodes: number;
}

/** The bounds every read keeps to. */
export const READ_LIMITS: ReadLimits = { maxFullParseBytes: MAX_FULL_PARSE_BYTES, maxNodes: MAX_NODES };

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
export function parseDeclarationFile(file: string, bytes: Uint8Array, limits: ReadLimits = READ_LIMITS): ParsedFile {
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

  // Characters an editor and the parser would split into lines differently, or that YAML cannot print.
  const hidden = hiddenCharacters(file, text);
  if (hidden.length > 0) return { file, data: undefined, positions: unparsedPositions(file), violations: hidden };

  // Parse: js-yaml when it reads the file as `yaml` would, else `yaml` within its size bound, else refused.
  const fast = fastParse(file, text, limits.maxNodes);
  let parsed: Omit<ParsedFile, "file">;
  if (!("declined" in fast)) parsed = fast;
  else if (fast.declined.reason !== "too-many-nodes" && bytes.byteLength <= limits.maxFullParseBytes) {
    parsed = fullParse(file, text);
  } else {
    const at = { file, ...lineIndex(text)(fast.declined.offset), path: "" };
    const message = declinedMessage(fast.declined, bytes.byteLength, limits);
    return {
      file,
      data: undefined,
      positions: unparsedPositions(file),
      violations: [violationAt("yaml/syntax", at, message)],
    };
  }
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

/** Why a file the fast parse declined, too large (or too dense) for `yaml` to read, is refused. */
function declinedMessage(declined: FastParseDecline, bytes: number, limits: ReadLimits): string {
  const size = `${mib(bytes)} MiB`;
  if (declined.reason === "too-many-nodes") {
    return `file has ${declined.message}; a declaration file may hold at most ${limits.maxNodes.toLocaleString("en-US")} (keys, values and list items), which bounds the memory reading it takes`;
  }
  const limit = `${mib(limits.maxFullParseBytes)} MiB`;
  if (declined.reason === "documents") return declined.message;
  if (declined.reason === "syntax" || declined.reason === "warning") {
    return `${declined.message} (the first syntax error only: a file over ${limit} is read by the fast parser alone)`;
  }
  return `file is ${size} and holds ${declined.message}, which only the full YAML parser reads, and it reads files of at most ${limit} (beyond that it can run out of memory); rewrite it in plain \`key: value\` form or split the file`;
}

const mib = (n: number) => (n / (1024 * 1024)).toFixed(1);

/** The message for a file over the size cap. */
export function tooLarge(bytes: number): string {
  return `file is ${mib(bytes)} MiB; a declaration file may be at most ${mib(MAX_FILE_BYTES)} MiB`;
}
