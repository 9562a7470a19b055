/**
 * `drift --format patch` against the sandbox, as a scheduled CI job would use it: out-of-band changes are made
 * in the account (a role, memberships added and removed, hidden columns, a user invited and one removed, a
 * workspace created, an element moved); the CLI, run in a git checkout of the declaration, prints a patch;
 * `git apply` takes it; after that `drift` is clean, `plan` has nothing to do, and every comment survives.
 */
import { spawn, spawnSync } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningSandbox, startSandbox } from "../../src/sandbox/server.ts";
import { createTrackerClient } from "../../src/tracker/http-client.ts";
import { type CliOutcome, ROOT } from "./run-cli.ts";

const FIXTURES = join(import.meta.dirname, "fixtures", "drift-patch");
const KEY = "sk-owner-drift-patch";
const FILES = ["access/00-account.yaml", "access/team.yaml"];
let sandbox: RunningSandbox;
let repo: string;

/** `tracker-access <args>` as a child process in the checkout `repo`. */
function cli(args: string[]): Promise<CliOutcome> {
  const env = { PATH: process.env.PATH ?? "", TRACKER_ACCESS_API_URL: sandbox.url, TRACKER_ACCESS_API_KEY: KEY };
  const child = spawn(process.execPath, [join(ROOT, "bin", "tracker-access.js"), ...args], { cwd: repo, env });
  let stdout = "";
  let stderr = "";
  child.stdout.setEncoding("utf8").on("data", (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
  return new Promise((resolve, reject) => {
    child.on("error", reject);
    child.on("close", (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}

function git(...args: string[]): string {
  const run = spawnSync("git", args, { cwd: repo, encoding: "utf8" });
  if (run.status !== 0) throw new Error(`git ${args.join(" ")}: ${run.stderr}`);
  return run.stdout;
}

/** Every comment of a declaration text, in order. */
const comments = (text: string) => text.split("\n").flatMap((line) => /#.*$/.exec(line)?.[0] ?? []);

beforeAll(async () => {
  sandbox = await startSandbox({ seed: join(FIXTURES, "live.seed.yaml") });
  repo = mkdtempSync(join(tmpdir(), "tracker-access-drift-patch-"));
  for (const file of FILES) cpSync(join(FIXTURES, file.replace("access/", "")), join(repo, file), { recursive: true });
  git("init", "-q");
  git("add", ".");
  git("-c", "user.name=t", "-c", "user.email=t@t.test", "commit", "-qm", "declaration");
});

afterAll(async () => {
  await sandbox.close();
  rmSync(repo, { recursive: true, force: true });
});

describe("drift --format patch", () => {
  it("is empty and exits 0 while the account matches", async () => {
    const outcome = await cli(["drift", "access", "--format", "patch"]);
    expect(outcome.stderr).toBe("");
    expect(outcome).toMatchObject({ code: 0, stdout: "" });
  });

  it("accepts out-of-band changes into the declaration: git apply, then drift is clean and plan is empty", async () => {
    // Phase 1: the out-of-band changes, through the API.
    const client = createTrackerClient({ baseUrl: sandbox.url, apiKey: KEY });
    const users = new Map((await client.listUsers()).map((u) => [u.email, u]));
    const ws = new Map((await client.listWorkspaces()).map((w) => [w.name, w.id]));
    const user = (email: string) => users.get(email) ?? expect.unreachable(email);
    await client.updateUser(user("dave@acme.test").id, { role: "readonly" }, user("dave@acme.test").etag);
    await client.updateUser(user("bob@acme.test").id, { workspaces: [ws.get("eu-team")!] }, user("bob@acme.test").etag);
    const carol = user("carol@acme.test");
    await client.updateUser(carol.id, { workspaces: [ws.get("us-team")!, ws.get("eu-team")!] }, carol.etag);
    const ann = user("ann@brand.test");
    await client.updateUser(ann.id, { hiddenColumns: ["cost", "profit"] }, ann.etag);
    await client.removeUser(user("fay@acme.test").id, user("fay@acme.test").etag);
    await client.inviteUser({ email: "erin@brand.test", role: "worker", workspaces: [ws.get("us-team")!] });
    const apac = await client.createWorkspace("apac-team");
    await client.inviteUser({ email: "gus@acme.test", role: "worker", workspaces: [apac.id] });
    const spare = (await client.listElements("offer")).find((e) => e.name === "Spare Offer")!;
    await client.moveElement(spare.id, ws.get("eu-team")!, spare.etag);

    // Phase 2: the patch, applied with git.
    const drifted = await cli(["drift", "access", "--format", "patch"]);
    expect(drifted.code, drifted.stderr).toBe(2);
    const before = new Map(FILES.map((f) => [f, readFileSync(join(repo, f), "utf8")]));
    writeFileSync(join(repo, "drift.patch"), drifted.stdout);
    git("apply", "--check", "drift.patch");
    git("apply", "drift.patch");
    // Phase 3: the declaration now describes the account.
    const drift = await cli(["drift", "access"]);
    expect(drift.stdout).toContain("In sync");
    expect(drift.code).toBe(0);
    const plan = await cli(["plan", "access", "--detailed-exitcode"]);
    expect(plan.code, plan.stdout).toBe(0);
    expect((await cli(["drift", "access", "--format", "patch"])).stdout).toBe("");
    // Every comment survives, and only the changed entries' lines changed.
    for (const file of FILES) {
      const after = readFileSync(join(repo, file), "utf8");
      expect(comments(after), file).toEqual(comments(before.get(file)!).filter((c) => c !== "# leaves in June"));
    }
    expect(git("diff", "--", "access/00-account.yaml")).toMatchInlineSnapshot(`
      "diff --git a/access/00-account.yaml b/access/00-account.yaml
      index 11303b8..c7b5491 100644
      --- a/access/00-account.yaml
      +++ b/access/00-account.yaml
      @@ -7,9 +7,14 @@ account: acme
       workspaces:
         - name: eu-team # Europe
         - name: us-team
      +  - name: apac-team
       
       users:
         # the account owner and the admin
         - { email: owner@acme.test, role: owner }
         - email: admin@acme.test
           role: admin
      +  - email: gus@acme.test
      +    role: worker
      +    workspaces:
      +      - apac-team
      "
    `);
    expect(git("diff", "--", "access/team.yaml")).toMatchInlineSnapshot(`
      "diff --git a/access/team.yaml b/access/team.yaml
      index ddc3a4b..8659312 100644
      --- a/access/team.yaml
      +++ b/access/team.yaml
      @@ -4,16 +4,19 @@ apiVersion: tracker-access/v1
       tracker: voluum
       
       users:
      -  - { email: bob@acme.test, role: worker, workspaces: [eu-team, us-team] } # bob runs both markets
      -  - { email: carol@acme.test, role: worker, workspaces: [us-team] }
      -  - { email: dave@acme.test, role: worker, workspaces: [eu-team] }
      -  - { email: fay@acme.test, role: worker, workspaces: [eu-team] } # leaves in June
      +  - { email: bob@acme.test, role: worker, workspaces: [eu-team] } # bob runs both markets
      +  - { email: carol@acme.test, role: worker, workspaces: [eu-team, us-team] }
      +  - { email: dave@acme.test, role: readonly, workspaces: [eu-team] }
         # clients see no money columns
         - email: ann@brand.test
           role: readonly
           workspaces:
             - eu-team
      -    hiddenColumns: [cost]
      +    hiddenColumns: [cost, profit]
      +  - email: erin@brand.test
      +    role: worker
      +    workspaces:
      +      - us-team
       
       elements:
      -  - { kind: offer, name: Spare Offer, workspace: public } # not used by any campaign
      +  - { kind: offer, name: Spare Offer, workspace: eu-team } # not used by any campaign
      "
    `);
  });
});
