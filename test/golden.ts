/**
 * The one golden mechanism of the test suite, for validator, planner and renderer cases alike: a case is a
 * folder holding its inputs, an `options.json` (how the code under test is called for this case; the validator,
 * which takes no options, has none) and its expected outputs. An expected output is a vitest file snapshot:
 * `npx vitest run <test> -u` rewrites it (review the diff), a missing one is written on a developer's machine,
 * and under CI (CI=true) vitest writes nothing, so a missing or different expected file fails there.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { expect } from "vitest";

/** One case folder. */
export interface GoldenCase<Options> {
  /** The folder's name, the test's name. */
  name: string;
  /** The folder, absolute. */
  dir: string;
  /** `options.json`, or `{}` where the folder has none and `required` was not asked. */
  options: Options;
  /** A file of the case, absolute. */
  file(name: string): string;
}

/**
 * Every case folder under `root`, sorted by name. With `{ optionsRequired: true }` a folder without
 * `options.json` throws, so a case cannot silently run with defaults.
 */
export function goldenCases<Options = Record<string, never>>(
  root: string,
  { optionsRequired = false }: { optionsRequired?: boolean } = {},
): Array<GoldenCase<Options>> {
  return readdirSync(root, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort()
    .map((name) => {
      const dir = join(root, name);
      const optionsFile = join(dir, "options.json");
      if (optionsRequired && !existsSync(optionsFile)) throw new Error(`golden case ${dir} has no options.json`);
      const options = (existsSync(optionsFile) ? JSON.parse(readFileSync(optionsFile, "utf8")) : {}) as Options;
      return { name, dir, options, file: (file: string) => join(dir, file) };
    });
}

/** Checks `actual` against the expected file `file` (absolute): a file snapshot, see above. */
export async function expectGolden(actual: string, file: string): Promise<void> {
  await expect(actual).toMatchFileSnapshot(file);
}

/** A value as a golden JSON file holds it: two-space indented, with a final newline. */
export function goldenJson(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}
