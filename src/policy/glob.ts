/**
 * The globs of guardrails files, matched with the one glob matcher (declaration/glob.ts, as element selectors):
 * `*` any run of characters (none too), `?` exactly one, `\` makes the next `*`, `?` or `\` literal, everything
 * else itself. Matching ignores case and surrounding spaces, as trackers compare workspace names and as e-mail
 * domains compare. A glob that is not well-formed (a stray `\`) matches itself literally.
 */
import { compileGlob, escapeGlob, type Glob, globProblem } from "../declaration/glob.ts";

const compiled = new Map<string, Glob>();

/** Whether `text` matches `glob`. */
export function matchesGlob(glob: string, text: string): boolean {
  const source = glob.trim();
  let found = compiled.get(source);
  if (found === undefined) {
    found = compileGlob(globProblem(source) === undefined ? source : escapeGlob(source));
    compiled.set(source, found);
  }
  return found.matches(text.trim());
}

/** Whether `text` matches any of `globs`. */
export function matchesAnyGlob(globs: readonly string[], text: string): boolean {
  return globs.some((glob) => matchesGlob(glob, text));
}
