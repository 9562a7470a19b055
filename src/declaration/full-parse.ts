/**
 * The full parse of a declaration file with the `yaml` library, for the files the fast parse declines: every
 * syntax error and warning reported at its place, duplicate keys rejected, aliases capped while converting, and
 * positions from the document's node ranges. Nothing here throws for a user's input.
 */
import { type Document, LineCounter, parseDocument, visit, type YAMLError } from "yaml";
import type { Violation } from "../violations/violation.ts";
import { violationAt } from "../violations/violation-at.ts";
import { documentPositions } from "./document-positions.ts";
import { type FilePositions, unparsedPositions } from "./source-map.ts";

/**
 * Most times one anchor may be expanded (times its own nested expansion) by `yaml`. Its default of 100 is too low
 * for a file that reuses `&client-columns` on every client; 1000 still stops a "billion laughs" alias bomb.
 */
export const MAX_ALIAS_COUNT = 1000;

/** The data, positions and `yaml/syntax` violations of `text` (data undefined when there is a violation). */
export function fullParse(
  file: string,
  text: string,
): { data: unknown; positions: FilePositions; violations: Violation[] } {
  // Parse: one pass, positions recorded by the line counter, errors kept short (no source excerpt).
  const lines = new LineCounter();
  let doc: Document.Parsed;
  try {
    // logLevel "error": yaml would otherwise print its own warnings (such as stringified keys) to stderr.
    doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true, logLevel: "error" });
  } catch (error) {
    const positions = unparsedPositions(file);
    const message = `cannot parse the document: ${describeMessage((error as Error).message)}`;
    return { data: undefined, positions, violations: [violationAt("yaml/syntax", positions.at(""), message)] };
  }
  const positions = documentPositions(file, doc, lines);
  const problems = [...doc.errors, ...doc.warnings];
  if (problems.length > 0) {
    const violations = problems.map((e) =>
      violationAt("yaml/syntax", positions.offsetAt(e.pos?.[0] ?? 0, ""), describe(e, text)),
    );
    return { data: undefined, positions, violations };
  }

  // Convert: aliases are expanded here, so this is where an alias bomb is stopped.
  try {
    const data = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
    return { data, positions, violations: [] };
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
    return { data: undefined, positions, violations: [violationAt("yaml/syntax", at, message)] };
  }
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
