/**
 * End to end: time-bound grants through the real CLI (a child process) against a real sandbox over HTTP, every
 * command at a fixed `--now`. Before an `until` the plan shows "expires in 5 days" and changes nothing; after it,
 * drift reports the grant still live ("expired 2027-01-15, still in launch-q1"), apply removes it, and drift is
 * clean again; a whole grant's `until` removes the user; the API key owner's `until` refuses the plan.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningSandbox, startSandbox } from "../../src/sandbox/server.ts";
import { allOutcomes, apiEnv, ROOT, runCli } from "./run-cli.ts";

const FIXTURES = join(ROOT, "test/cli/fixtures/time-bound");
const SEED = join(FIXTURES, "studio.seed.yaml");
const DECLARATION = "test/cli/fixtures/time-bound/studio.yaml";

let sandbox: RunningSandbox;
let env: Record<string, string>;

beforeAll(async () => {
  sandbox = await startSandbox({ seed: SEED });
  env = apiEnv(sandbox.url, sandbox.apiKeys["owner@studio.test"]);
});

afterAll(async () => {
  await sandbox?.close();
});

describe("time-bound grants against the sandbox", { timeout: 60_000 }, () => {
  it("before the until: no changes, the plan and its comment say how long is left", async () => {
    const text = await runCli(["plan", DECLARATION, "--now", "2027-01-10T00:00:00Z", "--detailed-exitcode"], env);
    expect(text.stderr).toBe(
      `${DECLARATION}:26:53: warning: the membership in launch-q1 of freelancer@freelance.test expires in 5 days (2027-01-15) (grant/expires-soon)\n`,
    );
    expect(text.code).toBe(0);
    expect(text.stdout).toContain("No changes. The account matches the declaration.");
    expect(text.stdout).toContain("Time-bound grants (2)");
    expect(text.stdout).toContain("  freelancer@freelance.test in launch-q1: expires in 5 days (until 2027-01-15)");
    expect(text.stdout).toContain("  client@brand.test: expires in 23 days (until 2027-02-01T18:00:00Z)");

    const markdown = await runCli(["plan", DECLARATION, "--now", "2027-01-10", "--format", "markdown"], env);
    expect(markdown.code).toBe(0);
    expect(markdown.stdout).toContain("#### Time-bound grants (2)");
    expect(markdown.stdout).toContain("| freelancer@freelance.test | launch-q1 | expires in 5 days | 2027-01-15 |");

    const validate = await runCli(["validate", DECLARATION, "--now", "2027-01-10"]);
    expect(validate.code).toBe(0);
    expect(validate.stdout).toContain(
      `${DECLARATION}:26:53: warning: the membership in launch-q1 of freelancer@freelance.test expires in 5 days (2027-01-15) (grant/expires-soon)`,
    );
  });

  it("after a membership's until: drift reports it, apply removes it, drift is clean", async () => {
    const drift = await runCli(["drift", DECLARATION, "--now", "2027-01-16T09:00:00Z"], env);
    expect(drift.code).toBe(2);
    expect(drift.stdout).toContain(
      "user freelancer@freelance.test: expired 2027-01-15, still in launch-q1; workspaces are eu-team, launch-q1, declared eu-team",
    );
    const validate = await runCli(["validate", DECLARATION, "--now", "2027-01-16T09:00:00Z"]);
    expect(validate.code).toBe(0);
    expect(validate.stdout).toContain("(grant/expired)");

    const applied = await runCli(["apply", DECLARATION, "--yes", "--now", "2027-01-16T09:00:00Z"], env);
    expect(applied.stderr).toContain("(grant/expired)");
    expect(applied.code).toBe(0);
    expect(applied.stdout).toContain("membership in launch-q1 expired 2027-01-15");
    expect(applied.stdout).toMatch(
      /done {4}freelancer@freelance\.test: workspaces: from eu-team, launch-q1 to eu-team/,
    );

    const clean = await runCli(["drift", DECLARATION, "--now", "2027-01-16T09:00:00Z"], env);
    expect(clean.code).toBe(0);
    const again = await runCli(["plan", DECLARATION, "--now", "2027-01-16T09:00:00Z", "--detailed-exitcode"], env);
    expect(again.code).toBe(0);
  });

  it("after a whole grant's until: the user is removed, behind the removal guard", async () => {
    const now = ["--now", "2027-02-01T18:00:00Z"];
    const drift = await runCli(["drift", DECLARATION, ...now], env);
    expect(drift.code).toBe(2);
    expect(drift.stdout).toContain("user client@brand.test: expired 2027-02-01T18:00:00Z, still present as readonly");

    // One second earlier the grant still stands.
    expect((await runCli(["drift", DECLARATION, "--now", "2027-02-01T17:59:59Z"], env)).code).toBe(0);

    const applied = await runCli(["apply", DECLARATION, "--yes", ...now], env);
    expect(applied.code).toBe(0);
    expect(applied.stdout).toContain("grant expired 2027-02-01T18:00:00Z");
    expect(applied.stdout).toMatch(/done {4}client@brand\.test: remove user/);
    expect((await runCli(["drift", DECLARATION, ...now], env)).code).toBe(0);
  });

  it("refuses an until on the API key owner's own grant, at its position", async () => {
    const tmp = mkdtempSync(join(tmpdir(), "tracker-access-until-"));
    try {
      const file = join(tmp, "studio.yaml");
      const text = readFileSync(join(ROOT, DECLARATION), "utf8").replace(
        "  - email: ops@studio.test\n    role: admin\n",
        "  - email: ops@studio.test\n    role: admin\n    until: 2027-12-31\n",
      );
      writeFileSync(file, text);
      const ops = apiEnv(sandbox.url, sandbox.apiKeys["ops@studio.test"]);
      const refused = await runCli(["plan", file, "--now", "2027-02-02"], ops);
      expect(refused.code).toBe(1);
      expect(refused.stderr).toContain(
        `${file}:18:12: the grant of ops@studio.test (the API key's owner) cannot expire (\`until: 2027-12-31\`): the key would lose its own access (guard/self-lockout)`,
      );
    } finally {
      rmSync(tmp, { recursive: true, force: true });
    }
  });

  it("refuses a --now that names no time", async () => {
    const bad = await runCli(["plan", DECLARATION, "--now", "friday"], env);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain("--now must be an RFC 3339 date-time");
  });

  it("never prints the API key", () => {
    for (const outcome of allOutcomes) {
      for (const key of Object.values(sandbox.apiKeys)) expect(outcome.stdout + outcome.stderr).not.toContain(key);
    }
  });
});
