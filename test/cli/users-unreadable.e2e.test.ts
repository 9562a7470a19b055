/**
 * A key whose role reads no other user (a worker's, a read-only user's) against the commands that read every
 * user: one line saying so and which key they need, exit 1, never the key, no stack trace.
 */
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningSandbox, startSandbox } from "../../src/sandbox/server.ts";
import { apiEnv, ROOT, runCli } from "./run-cli.ts";

const DECLARATION = join(ROOT, "examples/demo/acme-team.yaml");
let sandbox: RunningSandbox;

beforeAll(async () => {
  sandbox = await startSandbox({ seed: join(ROOT, "examples/sandbox/voluum-acme.seed.yaml"), log: () => {} });
});
afterAll(() => sandbox?.close());

describe("plan, drift and dump with a key that cannot read users", () => {
  it.each([
    ["dump", "bob@acme.test"],
    ["drift", "bob@acme.test"],
    ["plan", "bob@acme.test"],
    ["drift", "client@brand.test"],
  ])("%s with %s's key: one line naming the key a drift check needs", async (command, email) => {
    const key = sandbox.apiKeys[email];
    const args = command === "dump" ? [command] : [command, DECLARATION];
    const run = await runCli(args, apiEnv(sandbox.url, key));
    expect(run.code).toBe(1);
    expect(run.stdout).toBe("");
    const lines = run.stderr.trimEnd().split("\n");
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(
      new RegExp(`^tracker-access ${command}: .*the API key's role cannot read the account's users`),
    );
    expect(lines[0]).toContain("GET /v1/users → 403 forbidden");
    expect(lines[0]).toContain("use the key of a user who manages users (an owner's or an admin's)");
    expect(run.stderr).not.toContain(key);
  });
});
