/**
 * Where an e-mail address or a name holds a character none may hold, in the declaration, the tracker API and
 * the sandbox alike: what `hasUnprintable` (single-line.ts) finds, that is controls (Unicode Cc: C0, DEL,
 * C1), format characters (Cf: zero-width space and joiners, word joiner, soft hyphen, bidirectional controls,
 * BOM, tag characters, ...), line and paragraph separators (Zl, Zp) and lone surrogates (Cs). They are invisible
 * or move text around, so `pub\u200blic` would read as `public` in a review. The contract's patterns
 * (schemas/tracker-api.yaml `Email`, `WorkspaceName`) spell the same class; test/validate/contract-limits.test.ts
 * checks every code point against both.
 */
import { hasUnprintable } from "./single-line.ts";

/** A refused character found in a text: where (1-based, in code points) and what it is. */
export interface InvisibleCharacter {
  /** 1-based position in code points, as a JSON Schema `maxLength` counts. */
  position: number;
  /** `U+200B`. */
  codePoint: string;
  /** `a control character`, `an invisible format character`, ... */
  kind: string;
}

/** The first refused character of `text`, or undefined when it has none. */
export function findInvisibleCharacter(text: string): InvisibleCharacter | undefined {
  if (!hasUnprintable(text)) return undefined;
  let position = 0;
  for (const char of text) {
    position += 1;
    if (!hasUnprintable(char)) continue;
    const code = char.codePointAt(0) ?? 0;
    return { position, codePoint: `U+${code.toString(16).toUpperCase().padStart(4, "0")}`, kind: kindOf(char) };
  }
  return undefined;
}

/** `holds U+200B, an invisible format character, at character 4`, or undefined when `text` has none. */
export function invisibleCharacterProblem(text: string): string | undefined {
  const found = findInvisibleCharacter(text);
  if (found === undefined) return undefined;
  return `holds ${found.codePoint}, ${found.kind}, at character ${found.position}`;
}

function kindOf(char: string): string {
  if (/\p{Cc}/u.test(char)) return "a control character";
  if (/\p{Cf}/u.test(char)) return "an invisible format character";
  if (/\p{Cs}/u.test(char)) return "a lone surrogate";
  return "a line or paragraph separator";
}
