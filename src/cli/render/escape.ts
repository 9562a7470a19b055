/**
 * One escaper per output kind, all built on the one definition of what no report prints raw
 * (violations/single-line.ts: controls, format characters such as zero-width spaces and bidirectional controls, line
 * and paragraph separators). Names and e-mails come from the live account, and a tracker may hold anything.
 *
 * - text: `singleLine` itself (`\u{202e}` in place of U+202E, `\n` in place of a line break);
 * - markdown and HTML: what the text report shows, made inert for their syntax;
 * - CSV: what the text report shows, neutralised against spreadsheet formulas and quoted per RFC 4180;
 * - JSON: the exact data, those characters written as JSON escapes (`\u202e`), so a parser reads the same value.
 */
import { replaceUnprintable, singleLine } from "../../violations/single-line.ts";

const HTML_ENTITIES: Readonly<Record<string, string>> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&#39;",
};

/**
 * Escapes user data for markdown inline text or a table cell: one line, no markup, no HTML, no table break.
 * `&`, `<` and `>` become entities; `\`, `` ` ``, `*`, `_`, `[`, `]`, `|` and `~` are backslash-escaped; a
 * leading `#`, `+`, `-`, `=` or `1.` cannot open a heading or a list where the text starts a list item.
 */
export function mdText(value: string): string {
  return singleLine(value)
    .replace(/[&<>]/g, (c) => HTML_ENTITIES[c])
    .replace(/[\\`*_[\]|~]/g, "\\$&")
    .replace(/^(\s*)([#+\-=])/, "$1\\$2")
    .replace(/^(\s*\d+)([.)])/, "$1\\$2");
}

/** Escapes user data for HTML text and quoted attributes: what the text report shows, with `&<>"'` as entities. */
export function escapeHtml(value: string): string {
  return singleLine(value).replace(/[&<>"']/g, (c) => HTML_ENTITIES[c]);
}

// OWASP's formula triggers (= + - @ TAB CR) and their full-width forms, also after leading spaces: spreadsheets
// differ on whether they trim before they look for a formula.
const FORMULA_START = /^(?:[\t\r]|\s*[=+\-@\uff1d\uff0b\uff0d\uff20])/u;

/**
 * One CSV cell: what the text report shows, prefixed with `'` when a spreadsheet would read it as a formula,
 * quoted (RFC 4180) when it holds a quote, a comma, a semicolon (the separator of some spreadsheet locales) or a
 * line break.
 */
export function csvCell(value: string): string {
  const shown = singleLine(value);
  const safe = FORMULA_START.test(shown) ? `'${shown}` : shown;
  return /[",;\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/**
 * A document as pretty-printed JSON ending with a newline: exactly the data (JSON.parse gives it back), with no
 * control, format or separator character raw in the text (JSON.stringify leaves DEL, C1 controls, U+200B,
 * U+202E, U+2028 and the like as they are).
 */
export function jsonDocument(document: unknown): string {
  // Outside strings JSON.stringify writes only its own line breaks; inside them it escapes every line break.
  const text = replaceUnprintable(JSON.stringify(document, null, 2), jsonEscape, { keepLineFeeds: true });
  return `${text}\n`;
}

/** A character as JSON `\uXXXX` escapes, one per UTF-16 unit (a character above U+FFFF is a surrogate pair). */
function jsonEscape(character: string): string {
  let escaped = "";
  for (let i = 0; i < character.length; i++) {
    escaped += `\\u${character.charCodeAt(i).toString(16).padStart(4, "0")}`;
  }
  return escaped;
}
