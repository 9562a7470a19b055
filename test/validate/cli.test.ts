/**
 * The `validate` command as users run it: `node bin/tracker-access.js validate ...` in a child process, its
 * output formats and exit codes; and the dispatcher's handling of unknown commands and internal errors.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { COMMANDS, main } from "../../src/cli/main.ts";
import { RULES } from "../../src/violations/rules.ts";

const root = join(import.meta.dirname, "..", "..");
const cases = "test/validate/cases";
const emptyDir = mkdtempSync(join(tmpdir(), "tracker-access-empty-"));
afterAll(() => rmSync(emptyDir, { recursive: true, force: true }));

function cli(...args: string[]) {
  const result = spawnSync(process.execPath, ["bin/tracker-access.js", ...args], {
    cwd: root,
    encoding: "utf8",
    env: { ...process.env, TRACKER_ACCESS_DEBUG: "" },
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

function collector() {
  const out = { stdout: "", stderr: "" };
  const io = {
    stdout: { write: (text: string) => (out.stdout += text) },
    stderr: { write: (text: string) => (out.stderr += text) },
  };
  return { out, io };
}

describe("tracker-access validate (child process)", { timeout: 30_000 }, () => {
  it("exits 0 with an ok line for a clean declaration", () => {
    const clean = cli("validate", "examples/clickflare-agency");
    expect(clean).toEqual({ code: 0, stdout: "ok: 4 files, no violations\n", stderr: "" });
  });

  it("reads all paths given as one declaration (two trackers conflict)", () => {
    const { code, stdout, stderr } = cli("validate", "examples/voluum-team.yaml", "examples/clickflare-agency");
    expect(code).toBe(1);
    expect(stderr).toBe("");
    // The first file given is the reference; every other file that disagrees is reported.
    expect(stdout.split("\n")[0]).toBe(
      "examples/clickflare-agency/00-account.yaml:8:10: tracker `clickflare` disagrees with `voluum` at examples/voluum-team.yaml:8:10; every file of a declaration names the same tracker (ref/conflict)",
    );
    expect(stdout.trimEnd().split("\n").at(-1)).toBe("6 errors, 0 warnings in 5 files");
  });

  it("prints file:line:col: message (rule) lines sorted by position, then a summary, and exits 1 on errors", () => {
    const { code, stdout, stderr } = cli("validate", `${cases}/columns-unknown/input.yaml`);
    expect(code).toBe(1);
    expect(stderr).toBe("");
    expect(stdout.trimEnd().split("\n")).toEqual([
      expect.stringMatching(
        /^test\/validate\/cases\/columns-unknown\/input\.yaml:13:27: column `margin` .* \(columns\/unknown\)$/,
      ),
      expect.stringMatching(
        /^test\/validate\/cases\/columns-unknown\/input\.yaml:13:40: column `payout` .* \(columns\/unknown\)$/,
      ),
      "2 errors, 0 warnings in 1 file",
    ]);
  });

  it("exits 0 when there are only warnings, and marks them", () => {
    const { code, stdout } = cli("validate", `${cases}/member-implicit-access/input.yaml`);
    expect(code).toBe(0);
    expect(stdout).toMatch(/input\.yaml:10:17: warning: owner@acme\.test is owner .* \(member\/implicit-access\)\n/);
    expect(stdout.trimEnd().split("\n").at(-1)).toBe("0 errors, 2 warnings in 1 file");
  });

  it("writes {valid, violations} with --format json", () => {
    const { code, stdout } = cli("validate", "--format", "json", `${cases}/ref-duplicate-across-files/input`);
    expect(code).toBe(1);
    const report = JSON.parse(stdout) as { valid: boolean; violations: Array<Record<string, unknown>> };
    expect(report.valid).toBe(false);
    expect(report.violations).toHaveLength(3);
    for (const v of report.violations) {
      expect(Object.keys(v)).toEqual(["rule", "severity", "file", "line", "column", "path", "message"]);
      expect(Object.keys(RULES)).toContain(v.rule);
    }
    expect(report.violations[0]).toMatchObject({
      rule: "ref/duplicate",
      severity: "error",
      file: `${cases}/ref-duplicate-across-files/input/b-team.yaml`,
      line: 5,
      column: 11,
      path: "/workspaces/0/name",
    });
    expect(report.violations[0].message).toContain(
      `also declared at ${cases}/ref-duplicate-across-files/input/a-account.yaml:6:5`,
    );
  });

  it("reports valid: true in json for a clean declaration (--format=json)", () => {
    const { code, stdout } = cli("validate", "--format=json", "examples/clicky-agency.yaml");
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toEqual({ valid: true, violations: [] });
  });

  it("exits 2 with one line on stderr, and no stack trace, for a missing file", () => {
    const { code, stdout, stderr } = cli("validate", "examples/no-such-file.yaml");
    expect(code).toBe(2);
    expect(stdout).toBe("");
    expect(stderr).toBe("tracker-access validate: examples/no-such-file.yaml: no such file or directory\n");
  });

  it("exits 2 for a directory without YAML files", () => {
    const { code, stderr } = cli("validate", emptyDir);
    expect(code).toBe(2);
    expect(stderr).toBe(`tracker-access validate: ${emptyDir}: directory holds no .yaml or .yml file\n`);
  });

  it("exits 2 on validate's usage mistakes; an unknown command is 1, as every error outside validate", () => {
    expect(cli("validate").code).toBe(2);
    const badFormat = cli("validate", "--format", "xml", "examples/voluum-team.yaml");
    expect(badFormat.code).toBe(2);
    expect(badFormat.stderr.trimEnd().split("\n")).toHaveLength(1);
    expect(cli("validate", "--strict", "examples/voluum-team.yaml").code).toBe(2);
    const unknown = cli("deploy");
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(/^tracker-access: unknown command "deploy"; commands: validate/);
  });

  it("prints help with exit 0", () => {
    const top = cli("--help");
    expect(top.code).toBe(0);
    expect(top.stdout).toContain("validate");
    const sub = cli("validate", "--help");
    expect(sub.code).toBe(0);
    expect(sub.stdout).toMatch(/^usage: tracker-access validate/);
  });

  it("reports hostile input as violations, not crashes", () => {
    for (const name of ["yaml-not-utf8", "yaml-alias-bomb", "schema-not-a-mapping", "yaml-duplicate-key"]) {
      const { code, stdout, stderr } = cli("validate", `${cases}/${name}/input.yaml`);
      expect(code, name).toBe(1);
      expect(stderr, name).toBe("");
      expect(stdout, name).toMatch(/\((yaml\/syntax|schema\/invalid)\)\n1 error, 0 warnings in 1 file\n$/);
    }
  });
});

describe("dispatcher", () => {
  it("turns an internal error into one line and exit 70", async () => {
    COMMANDS.explode = {
      summary: "test only",
      run: async () => {
        throw new TypeError("cannot read properties of undefined\n    at somewhere");
      },
    };
    try {
      const { out, io } = collector();
      expect(await main(["explode"], io)).toBe(70);
      expect(out.stderr).toMatch(/^tracker-access: internal error: cannot read properties of undefined\n/);
      expect(out.stderr).not.toContain("    at ");
    } finally {
      delete COMMANDS.explode;
    }
  });

  it("runs validate in-process with the same output", async () => {
    const { out, io } = collector();
    expect(await main(["validate", "examples/voluum-team.yaml"], io)).toBe(0);
    expect(out).toEqual({ stdout: "ok: 1 file, no violations\n", stderr: "" });
  });
});
