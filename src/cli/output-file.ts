/**
 * Writing a command's output file (`--out`) so that a crash, a full disk or a killed process never leaves a
 * half-written file where a good one was: write a temporary file beside it, then rename it into place.
 */
import { rename, rm, writeFile } from "node:fs/promises";
import { basename, dirname, join } from "node:path";

/** Writes `text` to `path` atomically (temporary file in the same directory, then rename). */
export async function writeOutputFile(path: string, text: string): Promise<void> {
  const temporary = join(dirname(path), `.${basename(path)}.${process.pid}.tmp`);
  try {
    await writeFile(temporary, text, { flush: true });
    await rename(temporary, path);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
}
