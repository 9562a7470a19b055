/**
 * `tracker-access sandbox`: in-process (stopped through an AbortSignal) and as its own process (stopped with
 * SIGTERM). It prints the URL and the seeded keys, answers plain fetches, and refuses bad arguments in one line.
 */
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { runSandboxCommand } from "../../src/cli/sandbox-command.ts";

const root = join(import.meta.dirname, "..", "..");
const seedFile = join(root, "examples", "sandbox", "voluum-acme.seed.yaml");
const dir = mkdtempSync(join(tmpdir(), "sandbox-command-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function sink() {
  const chunks: string[] = [];
  return { write: (text: string) => chunks.push(text), text: () => chunks.join("") };
}

/** Resolves with the printed URL once the output contains it (a minute at most: the sandbox is a child process). */
async function urlIn(read: () => string): Promise<string> {
  for (let i = 0; i < 2400; i++) {
    const match = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(read());
    if (match !== null && read().includes("stop with Ctrl-C")) return match[1];
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`no URL printed: ${read()}`);
}

describe("in process", () => {
  it("prints the URL and every seeded key with its user's role, serves, and stops when asked", async () => {
    const stdout = sink();
    const stderr = sink();
    const stop = new AbortController();
    const db = join(dir, "in-process.db");
    const run = runSandboxCommand(["--db", db, "--seed", seedFile, "--port", "0"], { stdout, stderr }, stop.signal);
    const url = await urlIn(stdout.text);
    expect(stdout.text()).toContain(`database: ${db}`);
    expect(stdout.text()).toContain("  owner@acme.test (owner): sk-sandbox-acme-owner\n");
    expect(stdout.text()).toContain("  client@brand.test (readonly): sk-sandbox-acme-client\n");
    const me = await fetch(`${url}/v1/me`, { headers: { "X-Api-Key": "sk-sandbox-acme-bob" } });
    expect(await me.json()).toMatchObject({ email: "bob@acme.test", role: "worker" });
    stop.abort();
    expect(await run).toBe(0);
    expect(stderr.text()).toBe("");
    await expect(fetch(`${url}/v1/me`)).rejects.toThrow();
  });

  it.each([
    [["--port", "x"], "--port must be a whole number, not x"],
    [["--port", "70000", "--seed", seedFile], "--port must be at most 65535"],
    [["--seed", join(dir, "missing.yaml")], "no seed file"],
    [[], "give --seed FILE"],
    [["--db", join(dir, "new.db")], "give --seed FILE"],
    [["--frobnicate"], "unknown option --frobnicate"],
    [["extra"], "unexpected argument extra"],
  ])("%j is a usage error: one line, exit 2", async (args, message) => {
    const stderr = sink();
    expect(await runSandboxCommand(args, { stdout: sink(), stderr })).toBe(2);
    expect(stderr.text()).toContain(message);
    expect(stderr.text().trim().split("\n")).toHaveLength(1);
  });

  it("a seed that breaks its profile's rules is one line naming every problem, exit 2", async () => {
    const stderr = sink();
    const bad = join(root, "test", "sandbox", "fixtures", "two-owners.seed.yaml");
    expect(await runSandboxCommand(["--seed", bad, "--port", "0"], { stdout: sink(), stderr })).toBe(2);
    expect(stderr.text()).toMatch(/two-owners\.seed\.yaml: invalid sandbox seed: .*exactly one "owner", found 2/);
    expect(stderr.text()).toContain("/elements/0/workspace: a campaign cannot be in the public workspace");
  });

  it("--help prints the usage", async () => {
    const stdout = sink();
    expect(await runSandboxCommand(["--help"], { stdout, stderr: sink() })).toBe(0);
    expect(stdout.text()).toMatch(/^usage: tracker-access sandbox/);
  });
});

describe("as a process", () => {
  it("`tracker-access sandbox` passes SIGTERM on to the sandbox's process and exits 0 once it closed", async () => {
    const child = spawn(
      process.execPath,
      [join(root, "bin", "tracker-access.js"), "sandbox", "--seed", seedFile, "--port", "0"],
      { stdio: ["ignore", "pipe", "pipe"] },
    );
    let out = "";
    let err = "";
    child.stdout.on("data", (chunk) => {
      out += chunk;
    });
    child.stderr.on("data", (chunk) => {
      err += chunk;
    });
    const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
    const url = await urlIn(() => out);
    expect((await fetch(`${url}/v1/me`, { headers: { "X-Api-Key": "sk-sandbox-acme-owner" } })).status).toBe(200);
    child.kill("SIGTERM");
    expect(await exited).toBe(0);
    expect(out).toContain("sandbox: stopping");
    expect(err).toBe("");
    await expect(fetch(`${url}/v1/me`)).rejects.toThrow();
  });

  it("a `tracker-access sandbox` killed with SIGKILL leaves no sandbox behind (its stdin pipe closes)", async () => {
    const child = spawn(
      process.execPath,
      [join(root, "bin", "tracker-access.js"), "sandbox", "--seed", seedFile, "--port", "0"],
      { stdio: ["ignore", "pipe", "pipe"] },
    );
    let out = "";
    child.stdout.on("data", (chunk) => {
      out += chunk;
    });
    const exited = new Promise<void>((resolve) => child.on("exit", () => resolve()));
    const url = await urlIn(() => out);
    expect((await fetch(`${url}/v1/me`, { headers: { "X-Api-Key": "sk-sandbox-acme-owner" } })).status).toBe(200);
    child.kill("SIGKILL");
    await exited;
    // The orphaned sandbox notices the closed pipe and stops; until then it still answers.
    let stillServing = true;
    for (let i = 0; i < 600 && stillServing; i++) {
      stillServing = await fetch(`${url}/v1/me`).then(
        () => true,
        () => false,
      );
      if (stillServing) await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(stillServing).toBe(false);
  });

  it("runs until SIGTERM, then closes the server and the database and exits 0", async () => {
    const db = join(dir, "process.db");
    const child = spawn(
      process.execPath,
      [join(root, "src", "sandbox", "serve.ts"), "--db", db, "--seed", seedFile, "--port", "0"],
      { stdio: ["ignore", "pipe", "pipe"] },
    );
    let out = "";
    let err = "";
    child.stdout.on("data", (chunk) => {
      out += chunk;
    });
    child.stderr.on("data", (chunk) => {
      err += chunk;
    });
    const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
    const url = await urlIn(() => out);
    const account = await fetch(`${url}/v1/account`, { headers: { "X-Api-Key": "sk-sandbox-acme-owner" } });
    expect(((await account.json()) as { profile: string }).profile).toBe("voluum");
    child.kill("SIGTERM");
    expect(await exited).toBe(0);
    expect(out).toContain("sandbox: stopping");
    expect(err).toBe("");
    // The database was closed cleanly: a new sandbox on it starts with the same account.
    const again = spawn(process.execPath, [join(root, "src", "sandbox", "serve.ts"), "--db", db, "--port", "0"], {
      stdio: ["ignore", "pipe", "pipe"],
    });
    let againOut = "";
    again.stdout.on("data", (chunk) => {
      againOut += chunk;
    });
    const againExited = new Promise<number | null>((resolve) => again.on("exit", (code) => resolve(code)));
    const againUrl = await urlIn(() => againOut);
    expect(againOut).toContain("API keys: none from a seed");
    expect((await fetch(`${againUrl}/v1/me`, { headers: { "X-Api-Key": "sk-sandbox-acme-owner" } })).status).toBe(200);
    again.kill("SIGINT");
    expect(await againExited).toBe(0);
  });
});
