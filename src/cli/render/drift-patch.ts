/**
 * `drift --format patch`: the accepted drift (reconcile/accept-drift.ts) as a unified diff made with the `diff`
 * package, one `diff --git` section per changed declaration file, paths relative to the working directory with
 * git's `a/` and `b/` prefixes, so `git apply` at the repository root takes it. Empty when nothing changes.
 */
import { relative, resolve, sep } from "node:path";
import { createTwoFilesPatch, FILE_HEADERS_ONLY } from "diff";
import type { AcceptedFile } from "../../reconcile/accept-drift.ts";

/** The unified diff of `files`, their paths taken relative to `cwd`. */
export function renderDriftPatch(files: AcceptedFile[], cwd: string): string {
  return files
    .map(({ file, before, after }) => {
      const path = relative(cwd, resolve(cwd, file)).split(sep).join("/");
      const patch = createTwoFilesPatch(`a/${path}`, `b/${path}`, before, after, undefined, undefined, {
        headerOptions: FILE_HEADERS_ONLY,
      });
      return `diff --git a/${path} b/${path}\n${patch}`;
    })
    .join("");
}
