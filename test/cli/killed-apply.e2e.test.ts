/**
 * A killed apply, for real: the CLI applies 60 changes to a sandbox that answers slowly, is killed with SIGKILL
 * part-way (after the tracker has taken some writes, before it has taken all), and is run again. The second run
 * converges: every declared user is there exactly once with the declared role and workspaces, nothing is lost
 * or duplicated, and a third plan shows no changes.
 */
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { emailKey } from "../../src/declaration/model.ts";
import type { SandboxSeed } from "../../src/sandbox/seed.ts";
import { type RunningSandbox, startSandbox } from "../../src/sandbox/server.ts";
import { createTrackerClient } from "../../src/tracker/http-client.ts";
import { apiEnv, ROOT, runCli } from "./run-cli.ts";

const OWNER = "owner@killed.test";
const WORKERS = Array.from({ length: 40 }, (_, i) => `worker${String(i).padStart(2, "0")}@killed.test`);
const SEED: SandboxSeed = {
  account: { id: "killed", name: "Killed Apply", profile: "voluum" },
  workspaces: [{ name: "alpha" }, { name: "beta" }],
  users: [
    { email: OWNER, role: "owner", apiKey: "sk-sandbox-killed-owner" },
    // 20 existing workers whose memberships change; the other 20 are invited.
    ...WORKERS.slice(0, 20).map((email) => ({ email, role: "worker", workspaces: ["alpha"] })),
  ],
  elements: [],
};
const DECLARATION = [
  "apiVersion: tracker-access/v1",
  "tracker: voluum",
  "account: killed",
  "workspaces: [{ name: alpha }, { name: beta }]",
  "users:",
  `  - { email: ${OWNER}, role: owner }`,
  ...WORKERS.map((email) => `  - { email: ${email}, role: worker, workspaces: [alpha, beta] }`),
  "",
].join("\n");

let sandbox: RunningSandbox;
let tmp: string;
let env: Record<string, string>;

beforeAll(async () => {
  // Every request takes 250 ms, so the 40 writes of the apply take over a second at 8 in flight: time to see
  // the first writes land and kill the apply well before the last.
  sandbox = await startSandbox({ seed: SEED, faults: { latencyMs: 250 }, log: () => {} });
  env = apiEnv(sandbox.url, sandbox.apiKeys[OWNER]);
  tmp = mkdtempSync(join(tmpdir(), "killed-apply-"));
  writeFileSync(join(tmp, "access.yaml"), DECLARATION);
});

afterAll(async () => {
  await sandbox?.close();
  rmSync(tmp, { recursive: true, force: true });
});

/** The users as the tracker has them, read with the owner's key. */
async function liveUsers() {
  const client = createTrackerClient({ baseUrl: sandbox.url, apiKey: sandbox.apiKeys[OWNER] });
  return client.listUsers();
}

describe("an apply killed with SIGKILL part-way", () => {
  it("is re-run to convergence with nothing lost or duplicated", async () => {
    const file = join(tmp, "access.yaml");
    const before = await liveUsers();
    const beforeInBeta = before.filter((u) => u.workspaces.length === 2).length;
    expect(before).toHaveLength(21);
    expect(beforeInBeta).toBe(0);

    // 1. Start the apply and kill it once the tracker has taken some of its writes.
    const child = spawn(process.execPath, [join(ROOT, "bin", "tracker-access.js"), "apply", file, "--yes"], {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? "", ...env },
      stdio: "ignore",
    });
    const exited = new Promise<NodeJS.Signals | null>((resolve) =>
      child.on("exit", (_code, signal) => resolve(signal)),
    );
    let progress = 0;
    for (let i = 0; i < 200 && progress === 0; i++) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      const users = await liveUsers();
      progress = users.length - 21 + users.filter((u) => u.workspaces.length === 2).length;
    }
    child.kill("SIGKILL");
    expect(await exited).toBe("SIGKILL");
    const midway = await liveUsers();
    const done = midway.length - 21 + midway.filter((u) => u.workspaces.length === 2).length;
    expect(done).toBeGreaterThan(0);
    expect(done).toBeLessThan(40);

    // 2. The killed run's lease still stands (it expires after its TTL): a re-run at once is refused, writing
    // nothing, and says how to go on; the operator releases it.
    const blocked = await runCli(["apply", file, "--yes"], env);
    expect(blocked.code).toBe(1);
    expect(blocked.stderr).toMatch(
      /the account's lease is held by tracker-access apply by .* pid \d+ until .*unlock --force/,
    );
    expect(await liveUsers()).toEqual(midway);
    expect((await runCli(["unlock", "--force"], env)).code).toBe(0);

    // 3. The re-run finishes the rest.
    const again = await runCli(["apply", file, "--yes"], env);
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(/Apply: \d+ done, 0 failed, 0 skipped/);

    // 4. Converged: everyone exactly once, as declared; a new plan has nothing to do.
    const after = await liveUsers();
    const emails = after.map((u) => emailKey(u.email)).sort();
    expect(emails).toEqual([OWNER, ...WORKERS].sort());
    expect(new Set(emails).size).toBe(emails.length);
    for (const user of after.filter((u) => u.role === "worker")) expect(user.workspaces).toHaveLength(2);
    const replan = await runCli(["plan", file, "--detailed-exitcode"], env);
    expect(replan.code).toBe(0);
  });
});
