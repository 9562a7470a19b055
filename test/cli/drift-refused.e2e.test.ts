/**
 * Drift as an access review when the drift is large: restoring the declared state would trip the removal guard,
 * yet the scheduled job must still say "drift" (exit 2) and name every difference and the refusal.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse, stringify } from "yaml";
import { type RunningSandbox, startSandbox } from "../../src/sandbox/server.ts";
import { apiEnv, ROOT, runCli } from "./run-cli.ts";

let sandbox: RunningSandbox;
let tmp: string;
let env: Record<string, string>;

beforeAll(async () => {
  sandbox = await startSandbox({ seed: join(ROOT, "examples/sandbox/voluum-acme.seed.yaml"), log: () => {} });
  env = apiEnv(sandbox.url, sandbox.apiKeys["owner@acme.test"]);
  tmp = mkdtempSync(join(tmpdir(), "drift-refused-"));
});

afterAll(async () => {
  await sandbox?.close();
  rmSync(tmp, { recursive: true, force: true });
});

describe("drift whose restoration the removal guard refuses", () => {
  it("exits 2 and names the differences and the guard, once", async () => {
    // The account as it is, but declaring only its owner: every other user is a difference.
    const dumped = await runCli(["dump"], env);
    expect(dumped.code).toBe(0);
    const declaration = parse(dumped.stdout) as { users: Array<{ email: string; role: string }> };
    const others = declaration.users.filter((u) => u.role !== "owner").map((u) => u.email);
    declaration.users = declaration.users.filter((u) => u.role === "owner");
    const file = join(tmp, "owner-only.yaml");
    writeFileSync(file, stringify(declaration));

    const drift = await runCli(["drift", file], env);
    expect(drift.code).toBe(2);
    for (const email of others) expect(drift.stdout).toContain(email);
    expect(drift.stdout).toContain("guard/max-removals");
    expect(drift.stderr).not.toContain("guard/max-removals");

    const json = await runCli(["drift", file, "--format", "json"], env);
    expect(json.code).toBe(2);
    const report = JSON.parse(json.stdout) as { refusals: Array<{ rule: string }> };
    expect(report.refusals.map((r) => r.rule)).toContain("guard/max-removals");
  });
});
