/**
 * What `plan` does with the hidden user, against the sandbox tracker over HTTP: the account as `dump`
 * writes it, with bob's entry put behind a comment and a hidden line break on one physical line. Before the
 * reader refused such characters, `plan` read the file without bob and removed him ("in the account, not
 * declared"); now it stops at the character and sends nothing.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningSandbox, startSandbox } from "../../src/sandbox/server.ts";
import { runMain } from "../cli/in-process.ts";
import { apiEnv, ROOT } from "../cli/run-cli.ts";

let sandbox: RunningSandbox;
let tmp: string;
let env: Record<string, string>;
let dumped: string;
const BOB = "  - email: bob@acme.test\n    role: worker\n    workspaces: [eu-team]\n";

beforeAll(async () => {
  sandbox = await startSandbox({ seed: join(ROOT, "examples/sandbox/voluum-acme.seed.yaml"), log: () => {} });
  env = apiEnv(sandbox.url, sandbox.apiKeys["owner@acme.test"]);
  tmp = mkdtempSync(join(tmpdir(), "hidden-user-plan-"));
  const dump = await runMain(["dump"], env);
  expect(dump.code).toBe(0);
  dumped = dump.stdout;
  expect(dumped).toContain(BOB);
});

afterAll(async () => {
  await sandbox?.close();
  rmSync(tmp, { recursive: true, force: true });
});

/** The dumped account with bob written after `# the EU team`, his lines joined by `separator`. */
function hideBob(separator: string): string {
  return dumped.replace(BOB, `  # the EU team${separator}${BOB.trimEnd().split("\n").join(separator)}\n`);
}

describe("plan with a user behind a hidden line break", () => {
  it.each([
    ["a lone CR", "\r"],
    ["NEL", "\u0085"],
    ["LS", "\u2028"],
    ["PS", "\u2029"],
    ["VT", "\v"],
    ["FF", "\f"],
  ])("refuses the declaration and removes nobody (%s)", async (_name, separator) => {
    const file = join(tmp, "acme.yaml");
    writeFileSync(file, hideBob(separator));
    const plan = await runMain(["plan", file, "--format", "json"], env);
    expect(plan.code).toBe(1);
    expect(plan.stdout).not.toContain("bob@acme.test");
    expect(plan.stderr).toMatch(/acme\.yaml:\d+:16: .*\(yaml\/syntax\)/);
    expect(plan.stderr).toContain("nothing was sent to the tracker");
  });

  it("keeps bob when the same lines end with LF or CRLF", async () => {
    for (const separator of ["\n", "\r\n"]) {
      const file = join(tmp, "acme.yaml");
      writeFileSync(file, hideBob(separator));
      const plan = await runMain(["plan", file, "--format", "json"], env);
      expect(plan.code, plan.stderr).toBe(0);
      const operations = (JSON.parse(plan.stdout) as { operations: Array<{ email?: string }> }).operations;
      expect(operations.filter((op) => op.email === "bob@acme.test")).toEqual([]);
    }
  });
});
