/**
 * Reads one declaration file's bytes into plain data: strict UTF-8, a size cap, one YAML parse with
 * duplicate keys rejected and aliases capped, one conversion to JS. Every problem becomes a `yaml/syntax`
 * violation at its line and column; nothing here throws for a user's input.
 */
import { type Document, LineCounter, parseDocument, visit, type YAMLError } from "yaml";
import type { Violation } from "../policy/violation.ts";
import { violationAt } from "../policy/violation-at.ts";
import { documentPositions, type FilePositions, unparsedPositions } from "./source-map.ts";

/** Largest declaration file read, in bytes (64 MiB): far beyond any real account, small enough to parse. */
export const MAX_FILE_BYTES = 64 * 1024 * 1024;

/**
 * Most times one anchor may be expanded (times its own nested expansion). yaml's default of 100 is too low for
 * a file that reuses `&client-columns` on every client; 1000 still stops a "billion laughs" alias bomb.
 */
export const MAX_ALIAS_COUNT = 1000;

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

/** Parses the bytes of the declaration file `file` once, reporting every parser error and warning. */
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

  // Parse: one pass, positions recorded by the line counter, errors kept short (no source excerpt).
  const lines = new LineCounter();
  let doc: Document.Parsed;
  try {
    // logLevel "error": yaml would otherwise print its own warnings (such as stringified keys) to stderr.
    doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true, logLevel: "error" });
  } catch (error) {
    return failed(`cannot parse the document: ${describeMessage((error as Error).message)}`);
  }
  const positions = documentPositions(file, doc, lines);
  const problems = [...doc.errors, ...doc.warnings];
  if (problems.length > 0) {
    const violations = problems.map((e) =>
      violationAt("yaml/syntax", positions.offsetAt(e.pos?.[0] ?? 0, ""), describe(e, text)),
    );
    return { file, data: undefined, positions, violations };
  }

  // Convert: aliases are expanded here, so this is where an alias bomb is stopped.
  try {
    const data = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
    return { file, data, positions, violations: [] };
  } catch (error) {
    const raw = describeMessage((error as Error).message);
    const unresolved = /^Unresolved alias .*: (.+)$/.exec(raw)?.[1];
    let at = positions.at("");
    let message = raw;
    if (/excessive alias count/i.test(raw)) {
      message = `aliases expand too far (more than ${MAX_ALIAS_COUNT} uses of an anchor): ${raw}`;
    } else if (unresolved !== undefined) {
      // Only on this failure path: one walk over the document to point at the alias.
      visit(doc, {
        Alias(_key, node) {
          if (node.source !== unresolved) return undefined;
          at = positions.offsetAt(node.range?.[0] ?? 0, "");
          return visit.BREAK;
        },
      });
      message = `alias \`*${unresolved}\` is used before its anchor \`&${unresolved}\` is set`;
    }
    return { file, data: undefined, positions, violations: [violationAt("yaml/syntax", at, message)] };
  }
}

/** The message for a file over the size cap. */
export function tooLarge(bytes: number): string {
  const mib = (n: number) => (n / (1024 * 1024)).toFixed(1);
  return `file is ${mib(bytes)} MiB; a declaration file may be at most ${mib(MAX_FILE_BYTES)} MiB`;
}

function describe(error: YAMLError, text: string): string {
  if (error.code === "MULTIPLE_DOCS") {
    return "a declaration file holds one YAML document; split the documents after `---` into separate files";
  }
  if (error.code === "DUPLICATE_KEY") {
    const key = /^[^:\n]{0,80}/.exec(text.slice(error.pos[0]))?.[0].trim() ?? "";
    return `duplicate key \`${key}\`: each key may appear once in a mapping`;
  }
  return describeMessage(error.message);
}

function describeMessage(raw: string): string {
  if (/call stack|stack overflow/i.test(raw)) return "the document is nested too deeply";
  const message = raw.split("\n")[0];
  return message.endsWith(".") ? message.slice(0, -1) : message;
}
