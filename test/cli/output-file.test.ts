import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { writeOutputFile } from "../../src/cli/output-file.ts";

describe("writeOutputFile (dump --out, review --out)", () => {
  it("replaces an existing file whole and leaves no temporary file behind", async () => {
    const dir = mkdtempSync(join(tmpdir(), "out-"));
    const file = join(dir, "account.yaml");
    writeFileSync(file, "old: content\n");
    await writeOutputFile(file, "new: content\n");
    expect(readFileSync(file, "utf8")).toBe("new: content\n");
    expect(readdirSync(dir)).toEqual(["account.yaml"]);
  });

  it("fails without touching the old file when the target cannot be replaced", async () => {
    const dir = mkdtempSync(join(tmpdir(), "out-"));
    const target = join(dir, "is-a-directory");
    mkdirSync(join(target, "inside"), { recursive: true });
    await expect(writeOutputFile(target, "text")).rejects.toThrow();
    expect(readdirSync(dir)).toEqual(["is-a-directory"]);
    expect(readdirSync(target)).toEqual(["inside"]);
  });
});
