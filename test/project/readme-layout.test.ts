/**
 * README's "## Layout" block names every folder of src/ (and names none that is gone), so the map a reader
 * starts from matches the tree.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

const root = join(import.meta.dirname, "..", "..");

/** The `src/<folder>/` names in the code block under `## Layout`. */
function layoutFolders(readme: string): string[] {
  const section = /^## Layout\n+```\n([\s\S]*?)\n```/m.exec(readme);
  if (section === null) throw new Error("README.md has no code block under ## Layout");
  return [...section[1].matchAll(/\bsrc\/([a-z][a-z-]*)\//g)].map((m) => m[1]);
}

describe("README ## Layout", () => {
  const named = layoutFolders(readFileSync(join(root, "README.md"), "utf8"));
  const folders = readdirSync(join(root, "src"), { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => d.name);

  it("names every folder under src/, and only those", () => {
    expect(folders.length).toBeGreaterThan(0);
    expect([...new Set(named)].sort()).toEqual([...folders].sort());
  });

  it("the reader of the block finds a folder it lacks", () => {
    const without = "## Layout\n\n```\nsrc/cli/  the commands\n```\n";
    expect(layoutFolders(without)).toEqual(["cli"]);
    expect(layoutFolders(without)).not.toContain("violations");
  });
});
