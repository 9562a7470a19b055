/**
 * The saved plan, end to end: the real CLI in a child process against real sandboxes over HTTP. `plan --out`
 * writes the plan as data, `apply plan.json` applies exactly it (and a re-plan is then a no-op), and every
 * refusal writes nothing: an object the plan touches changed out of band (named, with what changed), another
 * tracker URL or account, a plan older than --max-age, another plan than --expect-digest, an edited or
 * malformed file.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { planDigest, type SavedPlan, shortDigest } from "../../src/cli/saved-plan.ts";
import { addToWorkspaceOutOfBand } from "../../src/demo/out-of-band.ts";
import { readLiveAccount } from "../../src/reconcile/live-account.ts";
import { type RunningSandbox, startSandbox } from "../../src/sandbox/server.ts";
import { createTrackerClient } from "../../src/tracker/http-client.ts";
import { allOutcomes, apiEnv, ROOT, runCli } from "./run-cli.ts";

const SEED = join(ROOT, "examples/sandbox/voluum-acme.seed.yaml");
const OTHER_SEED = join(ROOT, "examples/sandbox/voluum-team.seed.yaml");
const DECLARATION = "examples/demo/acme-team.yaml";

let sandbox: RunningSandbox;
let env: Record<string, string>;
let key: string;
let tmp: string;
let planFile: string;

/** The account as the owner's key reads it: what a refused apply must leave exactly as it was. */
async function accountState(of: RunningSandbox = sandbox) {
  const have = await readLiveAccount(createTrackerClient({ baseUrl: of.url, apiKey: Object.values(of.apiKeys)[0] }));
  return { users: have.users, workspaces: have.workspaces, elements: have.elements };
}

/** The saved plan in `planFile`. */
const readPlan = (): SavedPlan => JSON.parse(readFileSync(planFile, "utf8"));

/** Writes `saved` back, its digest recomputed unless `keepDigest`. */
function writePlan(saved: SavedPlan, keepDigest = false): void {
  writeFileSync(planFile, JSON.stringify(keepDigest ? saved : { ...saved, digest: planDigest(saved) }, null, 2));
}

beforeAll(() => {
  tmp = mkdtempSync(join(tmpdir(), "tracker-access-saved-plan-"));
});
afterAll(() => {
  rmSync(tmp, { recursive: true, force: true });
  for (const outcome of allOutcomes) expect(`${outcome.stdout}${outcome.stderr}`).not.toContain(key);
});
beforeEach(async () => {
  sandbox = await startSandbox({ seed: SEED });
  key = sandbox.apiKeys["owner@acme.test"];
  env = apiEnv(sandbox.url, key);
  planFile = join(tmp, `plan-${Math.random().toString(36).slice(2)}.json`);
  const planned = await runCli(["plan", DECLARATION, "--out", planFile], env);
  expect(planned.code, planned.stderr).toBe(0);
});
afterEach(() => sandbox.close());

describe("plan --out and apply plan.json", { timeout: 60_000 }, () => {
  it("writes the plan as data, applies exactly it, and a re-plan is a no-op", async () => {
    const saved = readPlan();
    expect(saved).toMatchObject({
      kind: "tracker-access/saved-plan",
      tracker: { url: sandbox.url, accountId: "acme" },
      profile: "voluum",
      actor: { email: "owner@acme.test", role: "owner" },
    });
    expect(saved.declaration.files).toEqual([{ path: DECLARATION, sha256: expect.stringMatching(/^[0-9a-f]{64}$/) }]);
    expect(saved.plan.operations.length).toBeGreaterThan(0);
    const bob = saved.objects.find((o) => o.name === "bob@acme.test");
    expect(bob).toMatchObject({ type: "user", etag: expect.any(String), state: { role: "worker" } });
    expect(readFileSync(planFile, "utf8")).not.toContain(key);

    // the markdown comment ends with the same short digest
    const markdown = await runCli(["plan", DECLARATION, "--format", "markdown"], env);
    expect(markdown.stdout.trimEnd().split("\n").at(-1)).toBe(`Plan digest: \`${shortDigest(saved.digest)}\``);

    const applied = await runCli(["apply", planFile, "--yes", "--expect-digest", shortDigest(saved.digest)], env);
    expect(applied.code, applied.stderr).toBe(0);
    expect(applied.stdout).toContain(`Plan digest: ${shortDigest(saved.digest)}`);
    const again = await runCli(["plan", DECLARATION, "--detailed-exitcode"], env);
    expect(again.code, again.stdout).toBe(0);
    expect(again.stdout).toContain("No changes.");
  });

  it("refuses, naming the object and what changed, after an out-of-band change to a touched object; writes nothing", async () => {
    expect((await addToWorkspaceOutOfBand(sandbox.url, key, "bob@acme.test", "us-team"))?.status).toBe(200);
    const before = await accountState();
    const refused = await runCli(["apply", planFile, "--yes"], env);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(
      /^tracker-access apply: .*plan-\w+\.json: user bob@acme\.test: changed since the plan: workspaces \[eu-team\] → \[eu-team, us-team\]$/m,
    );
    expect(refused.stderr).toContain("nothing was written");
    expect(await accountState()).toEqual(before);
  });

  it("refuses a plan made for another tracker URL or another account", async () => {
    const other = await startSandbox({ seed: OTHER_SEED });
    try {
      const otherKey = other.apiKeys["maria.keller@northwind.test"];
      const before = await accountState(other);
      const wrongUrl = await runCli(["apply", planFile, "--yes"], apiEnv(other.url, otherKey));
      expect(wrongUrl.code).toBe(1);
      expect(wrongUrl.stderr).toContain(`was made for the tracker at ${sandbox.url}, not ${other.url}`);

      // the same file pointed at the other tracker (digest recomputed): the account is still not the plan's
      writePlan({ ...readPlan(), tracker: { ...readPlan().tracker, url: other.url } });
      const wrongAccount = await runCli(["apply", planFile, "--yes"], apiEnv(other.url, otherKey));
      expect(wrongAccount.code).toBe(1);
      expect(wrongAccount.stderr).toMatch(
        /was made for account "acme"; the key reads account "northwind-performance"; nothing was written/,
      );
      expect(await accountState(other)).toEqual(before);
    } finally {
      await other.close();
    }
  });

  it("refuses a plan older than --max-age (default 24h)", async () => {
    const before = await accountState();
    writePlan({ ...readPlan(), createdAt: new Date(Date.now() - 2 * 3_600_000).toISOString() }, true);
    const stale = await runCli(["apply", planFile, "--yes", "--max-age", "30m"], env);
    expect(stale.code).toBe(1);
    expect(stale.stderr).toMatch(/was made 2h ago \(.*\), more than --max-age 30m; make the plan again/);
    writePlan({ ...readPlan(), createdAt: new Date(Date.now() - 2 * 86_400_000).toISOString() }, true);
    const old = await runCli(["apply", planFile, "--yes"], env);
    expect(old.stderr).toMatch(/was made 2d ago .* more than --max-age 24h/);
    expect(old.code).toBe(1);
    const bad = await runCli(["apply", planFile, "--yes", "--max-age", "soon"], env);
    expect(bad.stderr).toContain("--max-age must be a duration such as 30s, 30m, 24h or 7d");
    expect(await accountState()).toEqual(before);
  });

  it("refuses another plan than --expect-digest", async () => {
    const before = await accountState();
    const refused = await runCli(["apply", planFile, "--yes", "--expect-digest", "0123456789ab"], env);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain(`is plan ${shortDigest(readPlan().digest)}, not 0123456789ab (--expect-digest)`);
    expect(await accountState()).toEqual(before);
  });

  it('refuses an edited or malformed plan file with file:line:col and the rule "saved-plan/invalid"', async () => {
    const before = await accountState();
    const saved = readPlan();
    const edited = structuredClone(saved);
    edited.plan.operations = edited.plan.operations.slice(1);
    writePlan(edited, true);
    const tampered = await runCli(["apply", planFile, "--yes"], env);
    expect(tampered.code).toBe(1);
    expect(tampered.stderr).toMatch(
      /plan-\w+\.json:\d+:\d+: the plan's content does not match its digest \w{12} .*\(saved-plan\/invalid\)/,
    );

    const broken = structuredClone(saved);
    (broken.plan.operations[0] as { type: string }).type = "grant-everything";
    writePlan(broken);
    const invalid = await runCli(["apply", planFile, "--yes"], env);
    expect(invalid.code).toBe(1);
    expect(invalid.stderr).toMatch(
      /plan-\w+\.json:\d+:\d+: \/plan\/operations\/0\/type must be one of "create-workspace", .* \(saved-plan\/invalid\)/,
    );
    writeFileSync(planFile, `{"kind": "tracker-access/saved-plan", "version": 1,`);
    const truncated = await runCli(["apply", planFile, "--yes"], env);
    expect(truncated.code).toBe(1);
    expect(truncated.stderr).toMatch(/plan-\w+\.json:1:\d+: not valid JSON: .* \(saved-plan\/invalid\)/);
    expect(await accountState()).toEqual(before);
  });

  it("keeps apply <decl> working, and refuses the saved-plan options with a declaration", async () => {
    const misuse = await runCli(["apply", DECLARATION, "--yes", "--max-age", "1h"], env);
    expect(misuse.code).toBe(1);
    expect(misuse.stderr).toContain("--max-age applies to a saved plan (plan --out FILE), not a declaration");
    const applied = await runCli(["apply", DECLARATION, "--yes"], env);
    expect(applied.code, applied.stderr).toBe(0);
  });
});
