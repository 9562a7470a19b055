/**
 * `--out-dir DIR` for markdown reports: one file per pull-request comment part, named so that a shell glob lists
 * them in order (`plan-part-1.md` … `plan-part-9.md`, zero-padded past nine: `plan-part-01.md`). Parts a previous,
 * longer run left there (`plan-part-*.md` beyond the new count) are removed, so `for f in DIR/plan-part-*.md`
 * posts exactly this plan.
 */
import { mkdir, readdir, rm } from "node:fs/promises";
import { join } from "node:path";
import { writeOutputFile } from "./output-file.ts";

/** Writes `parts` to `dir` (created when missing) as `<prefix>-part-<i>.md`; returns the paths written, in order. */
export async function writeCommentParts(dir: string, prefix: string, parts: string[]): Promise<string[]> {
  await mkdir(dir, { recursive: true });
  const width = String(parts.length).length;
  const names = parts.map((_, i) => `${prefix}-part-${String(i + 1).padStart(width, "0")}.md`);
  const ours = new RegExp(`^${prefix}-part-\\d+\\.md$`);
  for (const stale of await readdir(dir)) {
    if (ours.test(stale) && !names.includes(stale)) await rm(join(dir, stale), { force: true });
  }
  const paths = names.map((name) => join(dir, name));
  for (const [i, path] of paths.entries()) await writeOutputFile(path, parts[i]);
  return paths;
}
