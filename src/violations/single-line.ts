/**
 * Keeps a violation message on one line and free of invisible text: a value the user wrote (a role, a
 * workspace name, a key) may hold a line break, a tab or a bidirectional control, and a message that
 * echoes it must not break the `file:line:col: message (rule)` line a CI log or a review is read by.
 *
 * What it escapes is the one definition of the class the validator and the sandbox refuse in names
 * (invisible-characters.ts asks `hasUnprintable`), and of what no report prints raw (a name or an e-mail
 * from the live account may hold anything): the text renderers use `singleLine`; the markdown, HTML, CSV and
 * JSON escapers in cli/render/escape.ts build on `singleLine` and `replaceUnprintable`.
 */

const NAMED: Readonly<Record<string, string>> = { "\n": "\\n", "\r": "\\r", "\t": "\\t" };

// The characters e-mails and names may not hold are those no report prints raw: controls (Cc: C0, DEL, C1 with
// NEL and CSI), format characters (Cf: zero-width spaces and joiners, word joiner, soft hyphen, BOM, every
// bidirectional mark, embedding, override and isolate, tag characters), line and paragraph separators (Zl, Zp),
// and lone surrogates (Cs), which no encoder can write.
const UNPRINTABLE_CLASS = "[\\p{Cc}\\p{Cf}\\p{Zl}\\p{Zp}\\p{Cs}]";
const UNPRINTABLE = new RegExp(UNPRINTABLE_CLASS, "gu");
const UNPRINTABLE_BUT_LINE_FEED = new RegExp(`(?!\\n)${UNPRINTABLE_CLASS}`, "gu");

/**
 * Whether `text` holds a control or format character (zero-width, bidirectional), a line or paragraph separator
 * or a lone surrogate.
 */
export function hasUnprintable(text: string): boolean {
  UNPRINTABLE.lastIndex = 0;
  return UNPRINTABLE.test(text);
}

/**
 * `text` with every character `hasUnprintable` finds replaced by what `written` makes of it; with
 * `keepLineFeeds`, line feeds stay (a document whose own lines are the only ones it holds, such as JSON).
 */
export function replaceUnprintable(
  text: string,
  written: (character: string) => string,
  options: { keepLineFeeds?: boolean } = {},
): string {
  return text.replace(options.keepLineFeeds ? UNPRINTABLE_BUT_LINE_FEED : UNPRINTABLE, written);
}

/** A character as its visible escape: `\u{200b}`, `\u{e0041}`. */
export function codePointEscape(character: string): string {
  return `\\u{${(character.codePointAt(0) ?? 0).toString(16).padStart(4, "0")}}`;
}

/**
 * `text` with every control, line break, format character (zero-width, bidirectional) and separator written as a
 * visible escape (`\n`, `\t`, `\u{200b}`, `\u{202e}`): what every report shows in place of the character.
 */
export function singleLine(text: string): string {
  return replaceUnprintable(text, (c) => NAMED[c] ?? codePointEscape(c));
}
