/**
 * The globs of guardrails files: `*` matches any run of characters (none too), `?` exactly one, everything else
 * itself. Matching ignores case and surrounding spaces, as trackers compare workspace names and as e-mail
 * domains compare.
 */

/** Whether `text` matches `glob`. */
export function matchesGlob(glob: string, text: string): boolean {
  return globPattern(glob).test(text.trim());
}

/** Whether `text` matches any of `globs`. */
export function matchesAnyGlob(globs: readonly string[], text: string): boolean {
  return globs.some((glob) => matchesGlob(glob, text));
}

const patterns = new Map<string, RegExp>();

function globPattern(glob: string): RegExp {
  let pattern = patterns.get(glob);
  if (pattern === undefined) {
    const source = [...glob.trim()]
      .map((c) => (c === "*" ? "[^]*" : c === "?" ? "[^]" : c.replace(/[.+^${}()|[\]\\/]/g, "\\$&")))
      .join("");
    pattern = new RegExp(`^${source}$`, "iu");
    patterns.set(glob, pattern);
  }
  return pattern;
}
