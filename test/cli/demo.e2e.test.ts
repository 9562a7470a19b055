/**
 * The README's main command, run as a user runs it: `node src/demo/demo.ts` in a child process. It must exit 0,
 * show the no-op re-plan with no write on the wire, show drift catching the out-of-band change, and never print
 * the owner's API key.
 */
import { execFile } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { ROOT } from "./run-cli.ts";

describe("npm run demo", { timeout: 120_000 }, () => {
  it("runs every step as expected and exits 0", async () => {
    const run = promisify(execFile);
    const env = { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "" };
    const { stdout, stderr } = await run(process.execPath, [join(ROOT, "src/demo/demo.ts")], {
      cwd: ROOT,
      env,
      timeout: 110_000,
    });
    expect(stderr).toBe("");
    expect(stdout).toContain("── 4. plan again: nothing left to do");
    expect(stdout).toContain("No changes. The account matches the declaration.");
    expect(stdout).toMatch(/✓ exit 0, expected 0: no changes; on the wire \d+ reads and 0 writes/);
    expect(stdout).toContain(
      "user bob@acme.test: workspaces are apac-team, eu-team, us-team, declared apac-team, eu-team",
    );
    expect(stdout).toContain("✓ exit 2, expected 2: drift found");
    expect(stdout).not.toContain("✗");
    expect(stdout.trimEnd().endsWith("demo: every step behaved as expected")).toBe(true);

    const seed = parse(readFileSync(join(ROOT, "examples/sandbox/voluum-acme.seed.yaml"), "utf8")) as {
      users: Array<{ apiKey?: string }>;
    };
    for (const { apiKey } of seed.users) if (apiKey) expect(stdout).not.toContain(apiKey);
  });
});
