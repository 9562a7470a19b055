/**
 * Characters a declaration file may not hold, found before either parser runs: every character that makes an
 * editor (or a diff under review) and the YAML parser disagree on where a line ends, and every character YAML
 * 1.2 does not count as printable (`c-printable`). A lone CR ends a line in YAML 1.2 but not in git's diffs or in
 * many editors; NEL, LS and PS end a line in editors but not in YAML 1.2; VT and FF look like line breaks too;
 * NUL, the other C0 and C1 controls, DEL and U+FFFE/U+FFFF are not printable at all. Any of them could hide a
 * declared user from a reviewer or from the reader, so each one is refused as `yaml/syntax` at its line and
 * column, and the file is not read. Tab, LF and CRLF are the line structure YAML and every editor agree on.
 */
import type { Violation } from "../violations/violation.ts";
import { violationAt } from "../violations/violation-at.ts";
import { lineIndex } from "./frame-positions.ts";

/** Most hidden characters reported one by one in a file; the rest are counted in one last violation. */
export const MAX_REPORTED_HIDDEN = 20;

// Not c-printable (C0 except TAB/LF/CR, DEL, C1 except NEL, U+FFFE, U+FFFF), NEL/LS/PS, and a CR without LF.
const HIDDEN = /[\x00-\x08\x0B\x0C\x0E-\x1F\x7F-\x9F\u2028\u2029\uFFFE\uFFFF]|\r(?!\n)/g;

const NAMES: Record<string, string> = {
  "\0": "NUL",
  "\v": "vertical tab, VT",
  "\f": "form feed, FF",
  "\x1b": "escape, ESC",
  "\x7f": "delete, DEL",
  "\x85": "next line, NEL",
  "\u2028": "line separator, LS",
  "\u2029": "paragraph separator, PS",
};

/** The `yaml/syntax` violations for the hidden characters in `text` (empty when there are none). */
export function hiddenCharacters(file: string, text: string): Violation[] {
  HIDDEN.lastIndex = 0;
  if (!HIDDEN.test(text)) return [];
  const lineOf = lineIndex(text);
  const at = (offset: number) => ({ file, ...lineOf(offset), path: "" });
  const violations: Violation[] = [];
  let more = 0;
  let firstUnreported = 0;
  HIDDEN.lastIndex = 0;
  for (let match = HIDDEN.exec(text); match !== null; match = HIDDEN.exec(text)) {
    if (violations.length < MAX_REPORTED_HIDDEN) {
      violations.push(violationAt("yaml/syntax", at(match.index), describe(match[0])));
    } else {
      if (more === 0) firstUnreported = match.index;
      more++;
    }
  }
  if (more > 0) {
    const message = `${more.toLocaleString("en-US")} more hidden or control characters from here on; the file is not read until every one is removed`;
    violations.push(violationAt("yaml/syntax", at(firstUnreported), message));
  }
  return violations;
}

function describe(character: string): string {
  const code = `U+${character.codePointAt(0)?.toString(16).toUpperCase().padStart(4, "0")}`;
  if (character === "\r") {
    return "a carriage return (CR) without a line feed after it: YAML 1.2 ends a line here, git diffs and many editors do not; end lines with LF or CRLF";
  }
  const name = NAMES[character] ?? "control character";
  if (character === "\x85" || character === "\u2028" || character === "\u2029") {
    return `hidden character ${code} (${name}): editors show a line break here, YAML 1.2 reads none; remove it, or write it as an escape in double quotes`;
  }
  const looks = character === "\v" || character === "\f" ? ", and editors may show a line break" : "";
  return `hidden character ${code} (${name}): not a printable character in YAML 1.2${looks}; remove it, or write it as an escape in double quotes`;
}
