/**
 * Keeps a violation message on one line and free of invisible text: a value the user wrote (a role, a
 * workspace name, a key) may hold a line break, a tab or a bidirectional control, and a message that
 * echoes it must not break the `file:line:col: message (rule)` line a CI log or a review is read by.
 */

const NAMED: Readonly<Record<string, string>> = { "\n": "\\n", "\r": "\\r", "\t": "\\t" };

// C0 and C1 controls, DEL, line/paragraph separators, and the bidirectional embeddings, overrides and isolates.
const UNPRINTABLE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/gu;

/** Whether `text` holds a control character, a line or paragraph separator or a bidirectional control. */
export function hasUnprintable(text: string): boolean {
  UNPRINTABLE.lastIndex = 0;
  return UNPRINTABLE.test(text);
}

/** `text` with every control, line break and bidirectional control written as an escape (`\n`, `\u{202e}`). */
export function singleLine(text: string): string {
  return text.replace(UNPRINTABLE, (c) => NAMED[c] ?? `\\u{${(c.codePointAt(0) ?? 0).toString(16).padStart(4, "0")}}`);
}
