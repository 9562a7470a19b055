/**
 * Interrupting `apply` in a real pseudo-terminal (util-linux `script`), against a sandbox whose every request
 * takes 400 ms so an apply of 48 operations lasts seconds:
 * - Ctrl-C at the confirmation prompt cancels: "nothing was applied", exit 130; Ctrl-D (end of input) exit 1.
 * - Ctrl-C during the apply starts no further operation, lets those in flight finish, prints every result so far
 *   and "re-run to finish", exit 130; the results printed are exactly what the tracker holds. SIGTERM (a CI
 *   runner cancelling) does the same. A second Ctrl-C exits at once.
 * - A re-run converges.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { SandboxSeed } from "../../src/sandbox/seed.ts";
import { type RunningSandbox, startSandbox } from "../../src/sandbox/server.ts";
import { createTrackerClient } from "../../src/tracker/http-client.ts";
import { runInPty } from "./pty.ts";
import { apiEnv, runCli } from "./run-cli.ts";

const OWNER = "owner@interrupt.test";
const WORKERS = Array.from({ length: 48 }, (_, i) => `worker${String(i).padStart(2, "0")}@interrupt.test`);
const SEED: SandboxSeed = {
  account: { id: "interrupt", name: "Interrupted Apply", profile: "voluum" },
  workspaces: [{ name: "alpha" }, { name: "beta" }],
  users: [
    { email: OWNER, role: "owner", apiKey: "sk-sandbox-interrupt-owner" },
    ...WORKERS.map((email) => ({ email, role: "worker", workspaces: ["alpha"] })),
  ],
  elements: [],
};
// Every worker joins beta: one PATCH each.
const DECLARATION = [
  "apiVersion: tracker-access/v1",
  "tracker: voluum",
  "account: interrupt",
  "workspaces: [{ name: alpha }, { name: beta }]",
  "users:",
  `  - { email: ${OWNER}, role: owner }`,
  ...WORKERS.map((email) => `  - { email: ${email}, role: worker, workspaces: [alpha, beta] }`),
  "",
].join("\n");

let tmp: string;
let file: string;
let sandbox: RunningSandbox | undefined;

beforeAll(() => {
  tmp = mkdtempSync(join(tmpdir(), "interrupt-"));
  file = join(tmp, "access.yaml");
  writeFileSync(file, DECLARATION);
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
afterEach(async () => {
  await sandbox?.close();
  sandbox = undefined;
});

/** A fresh sandbox answering every request after `latencyMs`, and the CLI's environment for it. */
async function slowSandbox(latencyMs = 400): Promise<Record<string, string>> {
  sandbox = await startSandbox({ seed: SEED, faults: { latencyMs }, log: () => {} });
  return apiEnv(sandbox.url, sandbox.apiKeys[OWNER]);
}

/** The workers the tracker has in beta now. */
async function workersInBeta(): Promise<string[]> {
  if (sandbox === undefined) throw new Error("no sandbox");
  const client = createTrackerClient({ baseUrl: sandbox.url, apiKey: sandbox.apiKeys[OWNER] });
  const users = await client.listUsers();
  const beta = (await client.listWorkspaces()).find((w) => w.name === "beta")?.id;
  return users
    .filter((u) => beta !== undefined && u.workspaces.includes(beta))
    .map((u) => u.email)
    .sort();
}

/** The e-mails of the `done` result lines the CLI printed. */
const doneLines = (output: string) =>
  [...output.matchAll(/done {4}(worker\d+@interrupt\.test): workspaces/g)].map((m) => m[1]).sort();

const PROMPT = /Only "yes" applies: /;
/** A progress line after the first results. */
const UNDER_WAY = /\] [1-9]\d*\/48 operations/;

describe("apply interrupted in a pseudo-terminal", { timeout: 120_000 }, () => {
  it("Ctrl-C at the prompt: cancelled, nothing applied, exit 130", async () => {
    const env = await slowSandbox();
    const run = runInPty(["apply", file], env);
    await run.waitFor(PROMPT);
    run.type("\x03");
    expect(await run.exited).toBe(130);
    expect(run.output()).toContain("tracker-access apply: cancelled; nothing was applied");
    expect(run.output()).not.toContain("internal error");
    expect(await workersInBeta()).toEqual([]);
  });

  it("Ctrl-D at the prompt: cancelled, nothing applied, exit 1", async () => {
    const env = await slowSandbox();
    const run = runInPty(["apply", file], env);
    await run.waitFor(PROMPT);
    run.type("\x04");
    expect(await run.exited).toBe(1);
    expect(run.output()).toContain("tracker-access apply: cancelled; nothing was applied");
    expect(run.output()).not.toContain("internal error");
    expect(await workersInBeta()).toEqual([]);
  });

  it.each([
    ["Ctrl-C", (run: ReturnType<typeof runInPty>) => run.type("\x03")],
    ["SIGTERM", (run: ReturnType<typeof runInPty>) => run.signal("SIGTERM")],
  ])(
    "%s during the apply: in-flight operations finish, every result printed, exit 130; a re-run converges",
    async (name, interrupt) => {
      const env = await slowSandbox();
      const run = runInPty(["apply", file, "--yes"], env);
      await run.waitFor(UNDER_WAY);
      interrupt(run);
      expect(await run.exited).toBe(130);
      const output = run.output();
      expect(output).toContain(`tracker-access apply: ${name}: starting no further operation`);
      const notStarted = Number(output.match(/Interrupted: (\d+) of 48 operations not started\. Re-run/)?.[1]);
      expect(notStarted).toBeGreaterThan(0);
      expect(notStarted).toBeLessThan(48);
      // Every operation that ended is printed, and what was printed as done is what the tracker holds.
      const applied = await workersInBeta();
      expect(doneLines(output)).toEqual(applied);
      expect(applied.length + notStarted).toBe(48);
      expect(output).toMatch(new RegExp(`Apply: ${applied.length} done, 0 failed, 0 skipped`));

      const rerun = await runCli(["apply", file, "--yes"], env);
      expect(rerun.code).toBe(0);
      expect(rerun.stdout).toMatch(new RegExp(`Apply: ${notStarted} done, 0 failed, 0 skipped`));
      expect(await workersInBeta()).toEqual([...WORKERS].sort());
    },
  );

  it("a second Ctrl-C exits at once, exit 130", async () => {
    // Requests of a second, so the operations in flight cannot finish between the two Ctrl-Cs.
    const env = await slowSandbox(1000);
    const run = runInPty(["apply", file, "--yes"], env);
    await run.waitFor(UNDER_WAY);
    run.type("\x03");
    await run.waitFor(/Ctrl-C: starting no further operation/);
    run.type("\x03");
    expect(await run.exited).toBe(130);
    expect(run.output()).toContain("Ctrl-C again; exiting at once");
    expect(run.output()).not.toContain("Interrupted:");
  });
});
