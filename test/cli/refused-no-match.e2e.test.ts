/**
 * A refused comparison never claims a match: the account as dumped (nothing differs) plus a declared element the
 * account lacks. `plan` and `drift` in every format must not say "matches" or "in sync", and both exit 1 with the
 * refusal (ref/unknown-element) on stderr.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse, stringify } from "yaml";
import { type RunningSandbox, startSandbox } from "../../src/sandbox/server.ts";
import { apiEnv, type CliOutcome, ROOT, runCli } from "./run-cli.ts";

let sandbox: RunningSandbox;
let tmp: string;
let env: Record<string, string>;
let file: string;

beforeAll(async () => {
  sandbox = await startSandbox({ seed: join(ROOT, "examples/sandbox/voluum-acme.seed.yaml"), log: () => {} });
  env = apiEnv(sandbox.url, sandbox.apiKeys["owner@acme.test"]);
  tmp = mkdtempSync(join(tmpdir(), "refused-no-match-"));
  // The account as dumped, applied once (the seed's expired invitation is re-sent), so nothing differs.
  const dumped = await runCli(["dump"], env);
  const synced = join(tmp, "synced.yaml");
  writeFileSync(synced, dumped.stdout);
  expect((await runCli(["apply", synced, "--yes"], env)).code).toBe(0);
  const declaration = parse(dumped.stdout) as { elements?: unknown[] };
  declaration.elements = [
    ...(declaration.elements ?? []),
    { kind: "offer", name: "Ghost Offer", workspace: "eu-team" },
  ];
  file = join(tmp, "ghost.yaml");
  writeFileSync(file, stringify(declaration));
}, 60_000);

afterAll(async () => {
  await sandbox?.close();
  rmSync(tmp, { recursive: true, force: true });
});

const CLAIMS = /matches the declaration|in sync|"inSync": true/i;

const outcomes = new Map<string, CliOutcome>();

/** `command file --format format`, run once per test file. */
async function run(command: string, format: string): Promise<CliOutcome> {
  const key = `${command} ${format}`;
  if (!outcomes.has(key)) outcomes.set(key, await runCli([command, file, "--format", format], env));
  return outcomes.get(key) as CliOutcome;
}

describe("a declared element the account lacks", { timeout: 90_000 }, () => {
  it.each(["plan", "drift"])("%s never claims a match, in any format, and exits 1", async (command) => {
    for (const format of ["text", "markdown", "json"]) {
      const outcome = await run(command, format);
      expect(outcome.code, `${command} ${format}`).toBe(1);
      expect(outcome.stdout, `${command} ${format}`).not.toMatch(CLAIMS);
      expect(outcome.stdout, `${command} ${format}`).toContain("Ghost Offer");
      expect(outcome.stderr, `${command} ${format}`).toMatch(/ghost\.yaml:\d+:\d+: .*\(ref\/unknown-element\)/);
    }
  });

  it("says what it does know instead", async () => {
    const plan = await run("plan", "text");
    expect(plan.stdout).toContain(
      "No changes planned, but the plan is refused (below): the account is not known to match the declaration.",
    );
    const drift = await run("drift", "text");
    expect(drift.stdout).toMatch(/^tracker-access drift for .*: not checked\n/);
    expect(drift.stdout).toContain("Not checked: the declaration cannot be matched to the account");
    const json = JSON.parse((await run("drift", "json")).stdout);
    expect(json).toMatchObject({ drift: false, inSync: false });
    const planJson = JSON.parse((await run("plan", "json")).stdout);
    expect(planJson).toMatchObject({ changes: false, refused: true });
  });
});
