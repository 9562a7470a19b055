/**
 * Output files: `dump --out FILE` refuses to overwrite an existing file without `--force`; `plan --format
 * markdown --out-dir DIR` writes one file per comment part, in order, and drops parts a longer earlier run left.
 * In-process `main()` against a sandbox on loopback.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningSandbox, startSandbox } from "../../src/sandbox/server.ts";
import { runMain } from "./in-process.ts";
import { apiEnv, ROOT } from "./run-cli.ts";

let sandbox: RunningSandbox;
let env: Record<string, string>;
let tmp: string;

beforeAll(async () => {
  sandbox = await startSandbox({ seed: join(ROOT, "examples/sandbox/voluum-acme.seed.yaml") });
  env = apiEnv(sandbox.url, sandbox.apiKeys["owner@acme.test"]);
  tmp = mkdtempSync(join(tmpdir(), "out-files-"));
});
afterAll(async () => {
  await sandbox.close();
  rmSync(tmp, { recursive: true, force: true });
});

describe("dump --out", () => {
  it("writes a new file, refuses an existing one without --force (unchanged), overwrites with --force", async () => {
    const file = join(tmp, "access.yaml");
    expect((await runMain(["dump", "--out", file], env)).code).toBe(0);
    const dumped = readFileSync(file, "utf8");
    writeFileSync(file, "# hand-edited\n");
    const refused = await runMain(["dump", "--out", file], env);
    expect(refused).toEqual({
      code: 1,
      stdout: "",
      stderr: `tracker-access dump: ${file} exists; pass --force to overwrite it\n`,
    });
    expect(readFileSync(file, "utf8")).toBe("# hand-edited\n");
    expect(readdirSync(tmp).filter((name) => name.endsWith(".tmp"))).toEqual([]);
    expect((await runMain(["dump", "--out", file, "--force"], env)).code).toBe(0);
    expect(readFileSync(file, "utf8")).toBe(dumped);
  });
});

describe("plan --format markdown --out-dir", () => {
  it("writes each comment part to its own file, in order, exactly the parts stdout would print", async () => {
    // 700 new workers with long addresses: a plan beyond one 65,000-character comment
    const base = readFileSync(join(ROOT, "examples/demo/acme-team.yaml"), "utf8");
    const extra = Array.from(
      { length: 700 },
      (_, i) => `  - { email: new-worker-with-a-long-address-${i}@acme.test, role: worker, workspaces: [eu-team] }`,
    );
    const declaration = join(tmp, "big.yaml");
    writeFileSync(declaration, base.replace("\nusers:\n", `\nusers:\n${extra.join("\n")}\n`));
    const printed = await runMain(["plan", declaration, "--format", "markdown"], env);
    expect(printed.code).toBe(0);
    const parts = printed.stdout.split(/\n(?=<!-- tracker-access plan part )/);
    expect(parts.length).toBeGreaterThan(1);

    const dir = join(tmp, "comments");
    const stale = join(dir, "plan-part-9.md");
    await runMain(["plan", declaration, "--format", "markdown", "--out-dir", dir], env);
    writeFileSync(stale, "left from a longer plan");
    const written = await runMain(["plan", declaration, "--format", "markdown", "--out-dir", dir], env);
    expect({ code: written.code, stdout: written.stdout }).toEqual({ code: 0, stdout: "" });
    const names = parts.map((_, i) => `plan-part-${i + 1}.md`);
    expect(written.stderr).toBe(
      `tracker-access plan: wrote ${parts.length} parts: ${names.map((n) => join(dir, n)).join(", ")}\n`,
    );
    expect(existsSync(stale)).toBe(false);
    expect(readdirSync(dir).sort()).toEqual(names);
    names.forEach((name, i) => {
      const text = readFileSync(join(dir, name), "utf8");
      expect(text.startsWith(`<!-- tracker-access plan part ${i + 1}/${parts.length} -->`)).toBe(true);
      expect(text.trimEnd()).toBe(parts[i].trimEnd());
    });
  });

  it("--out-dir without --format markdown is a usage error", async () => {
    const { code, stderr } = await runMain(["plan", join(ROOT, "examples/demo/acme-team.yaml"), "--out-dir", tmp], env);
    expect(code).toBe(1);
    expect(stderr).toContain("--out-dir writes markdown comment parts; pass --format markdown");
  });
});
