/**
 * Name globs of element selectors (`match: { name: "EU *" }`): `*` matches any run of characters (none too),
 * `?` exactly one character, `\` makes the next `*`, `?` or `\` literal; everything else matches itself,
 * case-insensitively. A glob is well-formed when every `\` escapes one of those three (the schema's
 * `glob` pattern says the same; a test holds them equal). Matching is linear in the name for globs with at most
 * one `*` and never worse than name × glob length: no regular expression, so no backtracking blow-up.
 */

/** One step of a compiled glob: a literal run, one character, or any run. */
type GlobPart = { type: "text"; text: string } | { type: "one" } | { type: "any" };

/** A compiled glob: tests names against it. */
export interface Glob {
  /** The glob as written. */
  readonly source: string;
  /** Whether `name` matches, ignoring case. */
  matches(name: string): boolean;
  /** Whether a name already folded with `foldName` matches: for testing one name against many globs. */
  matchesFolded(folded: string): boolean;
}

/** A name as globs compare it (lower case): fold once, then test it against many globs with `matchesFolded`. */
export function foldName(name: string): string {
  return name.toLowerCase();
}

/** Why `glob` is not well-formed, or undefined when it is. */
export function globProblem(glob: string): string | undefined {
  if (glob.length === 0) return "is empty";
  for (let i = 0; i < glob.length; i++) {
    if (glob[i] !== "\\") continue;
    const next = glob[i + 1];
    if (next === undefined) return "ends in a lone `\\`; write `\\\\` for a backslash";
    if (next !== "*" && next !== "?" && next !== "\\")
      return `escapes \`${next}\`; \`\\\` escapes only \`*\`, \`?\` and \`\\\``;
    i++;
  }
  return undefined;
}

/** Compiles a well-formed glob (see globProblem); throws on a malformed one. */
export function compileGlob(glob: string): Glob {
  const problem = globProblem(glob);
  if (problem !== undefined) throw new Error(`glob \`${glob}\` ${problem}`);
  const parts = parse(fold(glob));
  const literal = parts.every((p) => p.type === "text");
  const exact = literal ? parts.map((p) => (p.type === "text" ? p.text : "")).join("") : "";
  const simple = !/[\uD800-\uDFFF]/.test(glob);
  const steps = stepsOf(parts);
  // Fast paths: the literal text before the first and after the last wildcard must start and end the name;
  // `EU - *` (one trailing `*`) needs nothing more.
  const head = parts[0]?.type === "text" ? parts[0].text : "";
  const tail = parts.length > 1 && parts.at(-1)?.type === "text" ? (parts.at(-1) as { text: string }).text : "";
  const prefixOnly = parts.length === 2 && head !== "" && parts[1].type === "any";
  const matchesFolded = (folded: string) => {
    if (literal) return folded === exact;
    if (!folded.startsWith(head) || !folded.endsWith(tail)) return false;
    if (prefixOnly || (parts.length === 1 && parts[0].type === "any")) return true;
    const chars = simple && !/[\uD800-\uDFFF]/.test(folded) ? folded : Array.from(folded);
    return matchSteps(steps, chars);
  };
  return { source: glob, matches: (name) => matchesFolded(fold(name)), matchesFolded };
}

/** A glob matching exactly `text` (ignoring case): its `*`, `?` and `\\` escaped. */
export function escapeGlob(text: string): string {
  return text.replace(/[*?\\]/g, (c) => `\\${c}`);
}

const fold = foldName;

function parse(glob: string): GlobPart[] {
  const parts: GlobPart[] = [];
  let text = "";
  const flush = () => {
    if (text !== "") parts.push({ type: "text", text });
    text = "";
  };
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i];
    if (c === "\\") {
      text += glob[++i];
    } else if (c === "*") {
      flush();
      if (parts.at(-1)?.type !== "any") parts.push({ type: "any" });
    } else if (c === "?") {
      flush();
      parts.push({ type: "one" });
    } else text += c;
  }
  flush();
  return parts;
}

/** Single-character steps: a character, 1 for `?`, 0 for `*`. */
type Step = string | 1 | 0;

function stepsOf(parts: GlobPart[]): Step[] {
  const steps: Step[] = [];
  for (const part of parts) {
    if (part.type === "any") steps.push(0);
    else if (part.type === "one") steps.push(1);
    else for (const c of Array.from(part.text)) steps.push(c);
  }
  return steps;
}

/**
 * The classic wildcard match: walk the name, and on a mismatch go back to just after the last `*`, letting it
 * swallow one more character. `chars` is the name as a string (no surrogates) or as code points.
 */
function matchSteps(steps: Step[], chars: string | string[]): boolean {
  let s = 0;
  let n = 0;
  let star = -1;
  let starAt = 0;
  while (n < chars.length) {
    const step = steps[s];
    if (step === 1 || (typeof step === "string" && step === chars[n])) {
      s++;
      n++;
    } else if (step === 0) {
      star = s++;
      starAt = n;
    } else if (star >= 0) {
      s = star + 1;
      n = ++starAt;
    } else return false;
  }
  while (steps[s] === 0) s++;
  return s === steps.length;
}
