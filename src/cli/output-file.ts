/**
 * Writing a command's output file (`--out`) so that a crash, a full disk or a killed process never leaves a
 * half-written file where a good one was: write a temporary file beside it, then rename it into place.
 */
import { link, rename, rm, writeFile } from "node:fs/promises";
import { basename, dirname, join } from "node:path";

/** A file `--out` names exists and `--force` was not given: nothing was written. */
export class OutputExistsError extends Error {
  readonly path: string;

  constructor(path: string) {
    super(`${path} exists; pass --force to overwrite it`);
    this.name = "OutputExistsError";
    this.path = path;
  }
}

/**
 * Writes `text` to `path` atomically (temporary file in the same directory, then rename). With `overwrite: false`
 * an existing `path` is left alone and OutputExistsError thrown; the check and the write are one step (a hard
 * link, which fails on an existing name), so a file appearing meanwhile is not clobbered either.
 */
export async function writeOutputFile(
  path: string,
  text: string,
  options: { overwrite?: boolean } = {},
): Promise<void> {
  const temporary = join(dirname(path), `.${basename(path)}.${process.pid}.tmp`);
  try {
    await writeFile(temporary, text, { flush: true });
    if (options.overwrite === false) {
      await link(temporary, path).catch((error: NodeJS.ErrnoException) => {
        throw error.code === "EEXIST" ? new OutputExistsError(path) : error;
      });
      await rm(temporary, { force: true });
    } else {
      await rename(temporary, path);
    }
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
}
