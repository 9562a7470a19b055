/**
 * "Did you mean `worker`?": the one edit-distance helper behind every suggestion, for role, workspace and column
 * typos in violations and for unknown options and commands in the CLI. A suggestion is made only when one name
 * is clearly closest: within a quarter of the typed length (at least 1, at most 3 edits: `us-team` is not taken for `eu-team`), and no other name as close.
 */

/**
 * The optimal-string-alignment distance between `a` and `b`: insertions, deletions, substitutions and swaps of two
 * adjacent characters each cost 1 (`wroker` → `worker` is 1).
 */
export function editDistance(a: string, b: string): number {
  const x = [...a];
  const y = [...b];
  const rows: number[][] = Array.from({ length: x.length + 1 }, (_, i) => [i, ...Array<number>(y.length).fill(0)]);
  for (let j = 1; j <= y.length; j++) rows[0][j] = j;
  for (let i = 1; i <= x.length; i++) {
    for (let j = 1; j <= y.length; j++) {
      const cost = x[i - 1] === y[j - 1] ? 0 : 1;
      let best = Math.min(rows[i - 1][j] + 1, rows[i][j - 1] + 1, rows[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && x[i - 1] === y[j - 2] && x[i - 2] === y[j - 1])
        best = Math.min(best, rows[i - 2][j - 2] + 1);
      rows[i][j] = best;
    }
  }
  return rows[x.length][y.length];
}

/** The one candidate close to `typed` (case ignored), or undefined when none is, or when two are equally close. */
export function nearestName(typed: string, candidates: Iterable<string>): string | undefined {
  const wanted = typed.toLowerCase();
  const limit = Math.min(3, Math.max(1, Math.floor([...typed].length / 4)));
  let best: string | undefined;
  let bestDistance = Number.POSITIVE_INFINITY;
  let tie = false;
  for (const candidate of new Set(candidates)) {
    if (candidate === typed) return undefined;
    const distance = editDistance(wanted, candidate.toLowerCase());
    if (distance < bestDistance) {
      [best, bestDistance, tie] = [candidate, distance, false];
    } else if (distance === bestDistance && candidate.toLowerCase() !== best?.toLowerCase()) {
      tie = true;
    }
  }
  return best !== undefined && bestDistance <= limit && !tie ? best : undefined;
}

/** `; did you mean \`worker\`?` when one candidate is close to `typed`, else "". */
export function didYouMean(typed: string, candidates: Iterable<string>, quote = "`"): string {
  const near = nearestName(typed, candidates);
  return near === undefined ? "" : `; did you mean ${quote}${near}${quote}?`;
}
