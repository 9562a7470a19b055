/**
 * Which files a path stands for: hidden files in a directory are skipped, a subdirectory holding YAML files
 * and anything that is not a regular file (a named pipe) are refused with a one-line I/O error (exit 2), so no
 * file of a declaration is silently left out (users are managed authoritatively: a missed file plans removals).
 */
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { runValidate } from "../../src/cli/validate-command.ts";
import { DeclarationIoError, loadDeclaration } from "../../src/declaration/load.ts";

const scratch = mkdtempSync(join(tmpdir(), "tracker-access-paths-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const CLEAN = `apiVersion: tracker-access/v1
tracker: voluum
account: acme
users:
  - { email: owner@acme.test, role: owner }
`;

function directory(name: string, files: Record<string, string>): string {
  const dir = join(scratch, name);
  for (const [file, text] of Object.entries(files)) {
    mkdirSync(join(dir, file, ".."), { recursive: true });
    writeFileSync(join(dir, file), text);
  }
  return dir;
}

async function validate(...paths: string[]) {
  const out = { stdout: "", stderr: "" };
  const io = {
    stdout: { write: (text: string) => (out.stdout += text) },
    stderr: { write: (text: string) => (out.stderr += text) },
  };
  const code = await runValidate(paths, io);
  return { code, ...out };
}

describe("declaration directories", () => {
  it("skips hidden files: editor backups and macOS ._ files", async () => {
    const dir = directory("hidden", {
      "account.yaml": CLEAN,
      "._account.yaml": "\u0000\u0005binary resource fork",
      ".account.yaml.swp.yaml": "tracker: [unclosed",
    });
    const { files, declaration } = await loadDeclaration([dir]);
    expect(files).toEqual([join(dir, "account.yaml")]);
    expect(declaration?.users).toHaveLength(1);
    expect(await validate(dir)).toEqual({ code: 0, stdout: "ok: 1 file, no violations\n", stderr: "" });
  });

  it("refuses a subdirectory holding YAML files (also deeper down), naming it, with exit 2", async () => {
    const dir = directory("nested", { "account.yaml": CLEAN, "team/users.yaml": CLEAN });
    await expect(loadDeclaration([dir])).rejects.toThrow(DeclarationIoError);
    const { code, stdout, stderr } = await validate(dir);
    expect([code, stdout]).toEqual([2, ""]);
    expect(stderr.trimEnd().split("\n")).toHaveLength(1);
    expect(stderr).toContain(join(dir, "team"));
    expect(stderr).toContain("not read recursively");

    const deeper = directory("deeper", { "account.yaml": CLEAN, "a/b/users.yml": CLEAN });
    expect((await validate(deeper)).code).toBe(2);
  });

  it("reads a directory whose subdirectories hold no YAML (or are hidden)", async () => {
    const dir = directory("other-subdirs", {
      "account.yaml": CLEAN,
      "docs/README.md": "# notes",
      ".github/workflows/ci.yml": "on: push",
    });
    expect((await validate(dir)).code).toBe(0);
  });
});

describe("files that are not regular files", () => {
  it("refuses a named pipe instead of waiting on it forever, with exit 2 and one line", async () => {
    const fifo = join(scratch, "pipe.yaml");
    execFileSync("mkfifo", [fifo]);
    const { code, stdout, stderr } = await validate(fifo);
    expect([code, stdout]).toEqual([2, ""]);
    expect(stderr).toBe(
      `tracker-access validate: ${fifo}: is a named pipe; a declaration is read from regular files only\n`,
    );

    const dir = directory("with-pipe", { "account.yaml": CLEAN });
    execFileSync("mkfifo", [join(dir, "users.yaml")]);
    expect((await validate(dir)).code).toBe(2);
  }, 10_000);

  it("follows a symbolic link to a regular file", async () => {
    const dir = directory("linked", { "real.yaml": CLEAN });
    const link = join(scratch, "link.yaml");
    symlinkSync(join(dir, "real.yaml"), link);
    expect((await validate(link)).code).toBe(0);
  });
});
