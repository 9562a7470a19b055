/**
 * What the output looks like: colour on a terminal only (green additions, yellow changes, red removals; NO_COLOR
 * and --no-color honoured), -q/--quiet (the summary and errors only), -v/--verbose (one line per HTTP request:
 * method, path, status, ms, retries; never a header value), and a long apply in a log: each result as it ends and
 * a progress line every 10 %. The colour detection runs in a real pseudo-terminal; the rest in-process against a
 * sandbox on loopback.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { main } from "../../src/cli/main.ts";
import { type RunningSandbox, startSandbox } from "../../src/sandbox/server.ts";
import { runMain } from "./in-process.ts";
import { runInPty } from "./pty.ts";
import { apiEnv, ROOT } from "./run-cli.ts";

const SEED = join(ROOT, "examples/sandbox/voluum-acme.seed.yaml");
const DECLARATION = join(ROOT, "examples/demo/acme-team.yaml");
const GREEN = "\x1b[32m+ ";
const YELLOW = "\x1b[33m~ ";
const RED = "\x1b[31m- ";
let sandbox: RunningSandbox;
let env: Record<string, string>;
let tmp: string;

beforeAll(async () => {
  sandbox = await startSandbox({ seed: SEED });
  env = apiEnv(sandbox.url, sandbox.apiKeys["owner@acme.test"]);
  tmp = mkdtempSync(join(tmpdir(), "output-style-"));
});
afterAll(async () => {
  await sandbox.close();
  rmSync(tmp, { recursive: true, force: true });
});

describe("colour", () => {
  it("on a real terminal the change lines are green, yellow and red; NO_COLOR turns it off", async () => {
    const coloured = runInPty(["plan", DECLARATION], env);
    expect(await coloured.exited).toBe(0);
    for (const sgr of [GREEN, YELLOW, RED]) expect(coloured.output()).toContain(sgr);
    const plain = runInPty(["plan", DECLARATION], { ...env, NO_COLOR: "1" });
    expect(await plain.exited).toBe(0);
    expect(plain.output()).not.toContain("\x1b[3");
    expect(plain.output()).toContain("  + ");
  });

  it("--no-color, and a stdout that is not a terminal, print no escape sequence", async () => {
    const tty = await runMain(["plan", DECLARATION], env, { stdoutIsTTY: true });
    expect(tty.stdout).toContain(GREEN);
    const off = await runMain(["plan", DECLARATION, "--no-color"], env, { stdoutIsTTY: true });
    expect(off.stdout).toBe((await runMain(["plan", DECLARATION], env)).stdout);
    expect(off.stdout).not.toContain("\x1b");
  });
});

describe("--quiet and --verbose", () => {
  it("-q prints only the summary line of plan and drift", async () => {
    const plan = await runMain(["plan", DECLARATION, "-q"], env);
    expect(plan.stdout).toMatch(/^Plan: [^\n]+\.\n$/);
    const drift = await runMain(["drift", DECLARATION, "--quiet"], env);
    expect(drift).toMatchObject({ code: 2, stdout: expect.stringMatching(/^Drift: [^\n]+\n$/) });
  });

  it("-v prints one line per request (method, path, status, ms) and never a header value", async () => {
    const { code, stderr } = await runMain(["plan", DECLARATION, "-v"], env);
    expect(code).toBe(0);
    const lines = stderr.trimEnd().split("\n");
    expect(lines.filter((line) => /^tracker-access: GET \/v1\/me 200 \d+ ms$/.test(line))).toHaveLength(1);
    for (const line of lines) expect(line).toMatch(/^tracker-access: GET \/v1\/[a-z/-]+ 200 \d+ ms$/);
    expect(stderr).not.toContain(sandbox.apiKeys["owner@acme.test"]);
    expect(stderr.toLowerCase()).not.toContain("x-api-key");
  });
});

describe("a long apply without a terminal", () => {
  it("prints each result as it ends and a progress line at every 10 %", async () => {
    const base = readFileSync(DECLARATION, "utf8");
    const extra = Array.from(
      { length: 100 },
      (_, i) => `  - { email: w${i}@acme.test, role: worker, workspaces: [eu-team] }`,
    );
    const file = join(tmp, "long.yaml");
    writeFileSync(file, base.replace("\nusers:\n", `\nusers:\n${extra.join("\n")}\n`));
    const events: Array<["out" | "err", string]> = [];
    const code = await main(["apply", file, "--yes"], {
      stdout: { write: (text: string) => events.push(["out", text]) },
      stderr: { write: (text: string) => events.push(["err", text]) },
      env: { ...env },
      isTTY: false,
      stderrIsTTY: false,
      stdoutIsTTY: false,
    });
    expect(code).toBe(0);
    const progress = events.filter(([to]) => to === "err").map(([, text]) => text);
    const percents = progress.map((line) => Number(/\((\d+) %\)/.exec(line)?.[1]));
    expect(percents.length).toBeGreaterThanOrEqual(10);
    expect(percents[percents.length - 1]).toBe(100);
    for (const line of progress)
      expect(line).toMatch(/^tracker-access apply: \d+ of \d+ operations \(\d+ %\): \d+ done, 0 failed, 0 skipped\n$/);
    // results are written one by one, between progress lines, not all at the end
    const firstProgress = events.findIndex(([to]) => to === "err");
    const resultsBefore = events.slice(0, firstProgress).filter(([, text]) => /^ {2}done /.test(text));
    const resultsAfter = events.slice(firstProgress).filter(([, text]) => /^ {2}done /.test(text));
    expect(resultsBefore.length).toBeGreaterThan(0);
    expect(resultsAfter.length).toBeGreaterThan(0);
    expect(events[events.length - 1][1]).toMatch(/^\nApply: \d+ done, 0 failed, 0 skipped;/);
  });
});
