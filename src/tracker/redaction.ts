/**
 * Redaction of what is close to the API key, not only of the key itself. A tracker that echoes the key back in an
 * error (or a proxy that mangles it) rarely echoes it byte for byte: it upper-cases it, drops or adds a character,
 * quotes part of it, URL-encodes it. So a text is searched for any run of `keyRunLength(key)` consecutive
 * characters of the key, compared without regard to letter case and after decoding `%XX` escapes; each run found
 * is widened to the whole token around it (letters, digits and `_ ~ + % . -`) and replaced by `[redacted]`.
 *
 * How long a run: never less than 8, and for longer keys just under half of the key, `max(8, ⌊(n − 1) / 2⌋)`.
 * - Half the key in one piece is enough to catch every copy that is one character short or long, wherever the
 *   character went: of the two pieces left around it, one holds at least half of the key; widening to the token
 *   then takes the other piece too. Case changes and URL encoding are undone before comparing.
 * - What may still be printed is less than half of the key in one piece: at least 8 characters of a 16-character
 *   key (the shortest the front ends accept) stay unknown, more of a longer one.
 * - A fixed run of 8 would blank ordinary words wherever a key is built of words: the sandbox's key
 *   `sk-sandbox-northwind-maria` holds `northwind`, and every message naming `robin@northwind.test` would read
 *   `robin@[redacted]`. A run of 8 characters of a random key never occurs in ordinary text by chance
 *   (62^8 ≈ 2·10^14), but keys are not always random.
 * Keys shorter than 8 (only in tests that build a client directly) are removed wherever they occur, in any case.
 */

/** Shortest API key the CLI and the Pulumi provider accept. */
export const MIN_API_KEY_LENGTH = 16;

/** Shortest run of consecutive key characters that is ever redacted on its own (the run for keys up to 18). */
export const MIN_KEY_RUN = 8;

/** How many consecutive characters of `key` are redacted wherever they appear: `max(8, ⌊(n − 1) / 2⌋)`. */
export function keyRunLength(key: string): number {
  return Math.max(MIN_KEY_RUN, Math.floor((key.length - 1) / 2));
}

/** What a redacted part of a text is replaced with. */
export const REDACTED = "[redacted]";

const TOKEN_CHARACTER = /[A-Za-z0-9_~+%.-]/;

/** `text` with every run of `keyRunLength()` characters of any of `secrets` (see the module comment) redacted. */
export function redactText(text: string, secrets: readonly string[]): string {
  let result = text;
  for (const secret of secrets) {
    if (secret.length === 0) continue;
    result = secret.length < MIN_KEY_RUN ? redactExact(result, secret) : redactRuns(result, secret);
  }
  return result;
}

function redactExact(text: string, secret: string): string {
  const pattern = new RegExp(escapeRegExp(secret), "gi");
  return text.replace(pattern, REDACTED);
}

function redactRuns(text: string, secret: string): string {
  // 1. A pattern that finds, at every position, any run of `length` characters of the lower-cased key.
  const key = asciiLower(secret);
  const length = keyRunLength(key);
  const runs = new Set<string>();
  for (let i = 0; i + length <= key.length; i += 1) runs.add(key.slice(i, i + length));
  // a lookahead matches without consuming, so overlapping runs are all found
  const pattern = new RegExp(`(?=(?:${[...runs].map(escapeRegExp).join("|")}))`, "g");

  // 2. The text as read after %XX decoding, lower-cased, each character knowing its span in the original.
  const { view, starts, ends } = decodedView(text);
  if (view.length < length) return text;

  // 3. Spans of the original text covered by a run, widened to the token around them, merged.
  const spans: Array<[number, number]> = [];
  for (const match of view.matchAll(pattern)) {
    const k = match.index;
    let start = starts === undefined ? k : starts[k];
    let end = ends === undefined ? k + length : ends[k + length - 1];
    while (start > 0 && TOKEN_CHARACTER.test(text[start - 1])) start -= 1;
    while (end < text.length && TOKEN_CHARACTER.test(text[end])) end += 1;
    const last = spans.at(-1);
    if (last !== undefined && start <= last[1]) last[1] = Math.max(last[1], end);
    else spans.push([start, end]);
  }
  if (spans.length === 0) return text;

  // 4. The text with each span replaced.
  let out = "";
  let at = 0;
  for (const [start, end] of spans) {
    out += text.slice(at, start) + REDACTED;
    at = end;
  }
  return out + text.slice(at);
}

/**
 * `text` with `%XX` escapes of visible ASCII decoded and A-Z lower-cased; `starts`/`ends` map each character back to
 * its span in `text` (absent when nothing was decoded: the view then has the text's own positions).
 */
function decodedView(text: string): { view: string; starts?: number[]; ends?: number[] } {
  if (!/%[0-9a-fA-F]{2}/.test(text)) return { view: asciiLower(text) };
  const chars: string[] = [];
  const starts: number[] = [];
  const ends: number[] = [];
  for (let i = 0; i < text.length; ) {
    let character = text[i];
    let width = 1;
    if (character === "%" && /^[0-9a-fA-F]{2}$/.test(text.slice(i + 1, i + 3))) {
      const code = Number.parseInt(text.slice(i + 1, i + 3), 16);
      if (code >= 0x21 && code <= 0x7e) {
        character = String.fromCharCode(code);
        width = 3;
      }
    }
    chars.push(asciiLower(character));
    starts.push(i);
    ends.push(i + width);
    i += width;
  }
  return { view: chars.join(""), starts, ends };
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/-]/g, "\\$&");
}

function asciiLower(text: string): string {
  return text.replace(/[A-Z]/g, (c) => c.toLowerCase());
}
