/**
 * End to end: the real CLI (bin/tracker-access.js in a child process) against a real sandbox tracker over HTTP,
 * seeded from examples/sandbox/voluum-acme.seed.yaml, with the demo's declaration. The steps build on each other
 * in order: plan, a refused apply without --yes, apply, the no-op re-plan, drift after an out-of-band change,
 * dump → validate → plan. Every output is kept and checked for the API key at the end.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addToWorkspaceOutOfBand } from "../../src/demo/out-of-band.ts";
import { type RunningSandbox, startSandbox } from "../../src/sandbox/server.ts";
import { allOutcomes, apiEnv, ROOT, runCli } from "./run-cli.ts";

const SEED = join(ROOT, "examples/sandbox/voluum-acme.seed.yaml");
const DECLARATION = "examples/demo/acme-team.yaml";

let sandbox: RunningSandbox;
let env: Record<string, string>;
let key: string;
let tmp: string;

beforeAll(async () => {
  sandbox = await startSandbox({ seed: SEED });
  key = sandbox.apiKeys["owner@acme.test"];
  env = apiEnv(sandbox.url, key);
  tmp = mkdtempSync(join(tmpdir(), "tracker-access-cli-"));
});

afterAll(async () => {
  await sandbox?.close();
  rmSync(tmp, { recursive: true, force: true });
});

/** Adds bob to us-team with plain HTTP requests, as someone would in the tracker's UI. */
async function addBobToUsTeam(): Promise<number | undefined> {
  return (await addToWorkspaceOutOfBand(sandbox.url, key, "bob@acme.test", "us-team"))?.status;
}

describe("tracker commands against the sandbox", { timeout: 60_000 }, () => {
  it("plan --detailed-exitcode exits 2 when there are changes, in every format", async () => {
    const text = await runCli(["plan", DECLARATION, "--detailed-exitcode"], env);
    expect(text.stderr).toBe("");
    expect(text.code).toBe(2);
    expect(text.stdout).toContain("+ create workspace — declared in examples/demo/acme-team.yaml:15");
    expect(text.stdout).toContain("~ workspaces: from eu-team to apac-team, eu-team");
    expect(text.stdout).toContain("Plan: 2 to add, 6 to change, 1 to remove.");

    const json = await runCli(["plan", DECLARATION, "--format", "json"], env);
    expect(json.code).toBe(0);
    const document = JSON.parse(json.stdout);
    expect(document).toMatchObject({
      format: "tracker-access/plan/v1",
      changes: true,
      refused: false,
      account: "Acme Media",
    });
    expect(document.operations.map((op: { type: string }) => op.type)).toContain("delete-workspace");

    const markdown = await runCli(["plan", DECLARATION, "--format=markdown", "--detailed-exitcode"], env);
    expect(markdown.code).toBe(2);
    expect(markdown.stdout).toMatch(/^<!-- tracker-access plan part 1\/1 -->\n### tracker-access plan: Acme Media/);
    expect(markdown.stdout).toContain("| `~` | bob@acme.test | workspaces | eu-team | apac-team, eu-team |");
  });

  it("apply without --yes on a non-terminal refuses and changes nothing, exit 1", async () => {
    const refused = await runCli(["apply", DECLARATION], env);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toBe("tracker-access apply: not a terminal; pass --yes\n");
    expect((await runCli(["plan", DECLARATION, "--detailed-exitcode"], env)).code).toBe(2);
  });

  it("apply --yes applies every operation and prints each result", async () => {
    const applied = await runCli(["apply", DECLARATION, "--yes"], env);
    expect(applied.stderr).toBe("");
    expect(applied.code).toBe(0);
    expect(applied.stdout).toContain("done    apac-team: create workspace");
    expect(applied.stdout).toContain("done    priya@acme.test: invite as worker: workspaces: apac-team");
    expect(applied.stdout).toMatch(/Apply: 9 done, 0 failed, 0 skipped; 9 write and \d+ read requests, 0 retries\./);
  });

  it("plan after apply has no changes: exit 0 with --detailed-exitcode", async () => {
    const replan = await runCli(["plan", DECLARATION, "--detailed-exitcode"], env);
    expect(replan.code).toBe(0);
    expect(replan.stdout).toContain("No changes. The account matches the declaration.");
    expect(replan.stdout).toContain('offer "Unused Test Offer" in eu-team');
    const again = await runCli(["apply", DECLARATION, "--yes"], env);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain("Nothing to apply.");
  });

  it("drift exits 0 in sync and 2 after a change behind the tool's back", async () => {
    const inSync = await runCli(["drift", DECLARATION], env);
    expect(inSync.code).toBe(0);
    expect(inSync.stdout).toContain("In sync: the account matches the declaration.");
    expect(inSync.stdout).toContain("Unmanaged elements (1");

    expect(await addBobToUsTeam()).toBe(200);
    const drifted = await runCli(["drift", DECLARATION], env);
    expect(drifted.code).toBe(2);
    expect(drifted.stdout).toContain(
      "user bob@acme.test: workspaces are apac-team, eu-team, us-team, declared apac-team, eu-team",
    );
    expect(drifted.stdout).toContain("Drift: 1 difference.");

    const json = JSON.parse((await runCli(["drift", DECLARATION, "--format", "json"], env)).stdout);
    expect(json).toMatchObject({ format: "tracker-access/drift/v1", drift: true, inSync: false });
    expect(json.differences).toHaveLength(1);
    expect(json.differences[0]).toMatchObject({ entity: "user", key: "bob@acme.test", field: "workspaces" });

    const markdown = await runCli(["drift", DECLARATION, "--format", "markdown"], env);
    expect(markdown.code).toBe(2);
    expect(markdown.stdout).toContain(
      "| bob@acme.test | workspaces | apac-team, eu-team | apac-team, eu-team, us-team |",
    );
  });

  it("dump writes a declaration that validate accepts and plan finds nothing to change in", async () => {
    const file = join(tmp, "dumped.yaml");
    const dumped = await runCli(["dump", "--out", file], env);
    expect(dumped.code).toBe(0);
    expect(dumped.stderr).toMatch(
      /^tracker-access dump: wrote .*dumped\.yaml \(7 users, 3 workspaces, 15 elements\)\n$/,
    );
    expect((await runCli(["validate", file])).code).toBe(0);
    // Line 1 names this checkout's schema relative to the written file, so an editor can check it.
    const schemaLine = readFileSync(file, "utf8").split("\n")[0];
    const schemaPath = schemaLine.replace("# yaml-language-server: $schema=", "");
    expect(resolve(dirname(file), schemaPath)).toBe(join(ROOT, "schemas", "access.schema.json"));
    const plan = await runCli(["plan", file, "--detailed-exitcode"], env);
    expect(plan.stdout).toContain("No changes.");
    expect(plan.code).toBe(0);
    const toStdout = await runCli(["dump"], env);
    expect(toStdout.code).toBe(0);
    expect(toStdout.stdout).toContain("apiVersion: tracker-access/v1");
  });

  it("never applies a refused plan: refusals print as violations, exit 1", async () => {
    const file = join(tmp, "new-owner.yaml");
    const declared = readFileSync(join(ROOT, DECLARATION), "utf8").replace("owner@acme.test", "boss@acme.test");
    writeFileSync(file, declared);
    const before = JSON.parse((await runCli(["drift", DECLARATION, "--format", "json"], env)).stdout);
    for (const command of ["plan", "apply"]) {
      const outcome = await runCli([command, file, "--yes"].slice(0, command === "apply" ? 3 : 2), env);
      expect(outcome.code, command).toBe(1);
      expect(outcome.stdout, command).toMatch(/Refused \(\d+\): this plan will not be applied/);
      expect(outcome.stderr, command).toMatch(/new-owner\.yaml:\d+:\d+: .* \(guard\/owner-immutable\)\n/);
      expect(outcome.stdout, command).not.toContain("Results");
    }
    const after = JSON.parse((await runCli(["drift", DECLARATION, "--format", "json"], env)).stdout);
    expect(after.differences).toEqual(before.differences);
  });

  it("reports declaration errors as file:line:col: message (rule) and exits 1 before contacting the tracker", async () => {
    const file = join(tmp, "broken.yaml");
    writeFileSync(
      file,
      "apiVersion: tracker-access/v1\ntracker: voluum\naccount: acme\nusers:\n  - email: a@acme.test\n    role: superuser\n",
    );
    for (const command of ["plan", "apply", "drift", "review"]) {
      const outcome = await runCli([command, file, "--yes"].slice(0, command === "apply" ? 3 : 2), env);
      expect(outcome.code, command).toBe(1);
      expect(outcome.stderr, command).toMatch(/broken\.yaml:6:11: .* \(role\/unsupported\)\n/);
    }
  });

  it("takes the key only from the environment, and says so in one line", async () => {
    const asArgument = await runCli(["plan", DECLARATION, "--api-key", "sk-given-as-argument"], env);
    expect(asArgument.code).toBe(1);
    expect(asArgument.stderr).toBe(
      "tracker-access plan: --api-key is not accepted: the API key is read only from the TRACKER_ACCESS_API_KEY environment variable (see --help)\n",
    );
    expect(asArgument.stderr).not.toContain("sk-given-as-argument");
    const noKey = await runCli(["drift", DECLARATION], { TRACKER_ACCESS_API_URL: sandbox.url });
    expect(noKey.code).toBe(1);
    expect(noKey.stderr).toContain("no API key: set TRACKER_ACCESS_API_KEY");
    const noUrl = await runCli(["dump"], { TRACKER_ACCESS_API_KEY: key });
    expect(noUrl.code).toBe(1);
    expect(noUrl.stderr).toContain("no tracker API URL: pass --api-url URL or set TRACKER_ACCESS_API_URL");
    // --api-url is the documented name, --api its alias; both reach the tracker (exit 2: bob drifted above).
    for (const flag of ["--api-url", "--api"]) {
      const viaFlag = await runCli(["drift", DECLARATION, flag, sandbox.url], { TRACKER_ACCESS_API_KEY: key });
      expect(viaFlag.code, flag).toBe(2);
      expect(viaFlag.stdout, flag).toContain("Drift: 1 difference.");
    }
  });

  it("a wrong key is a one-line tracker failure, exit 1, without the key", async () => {
    const wrong = await runCli(["plan", DECLARATION], apiEnv(sandbox.url, "sk-wrong-key-123"));
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toMatch(/^tracker-access plan: the tracker refused or failed: GET \/v1\/\S+ → 401/);
    expect(wrong.stderr).not.toContain("sk-wrong-key-123");
  });

  it("never prints the API key in any command's output", () => {
    expect(allOutcomes.length).toBeGreaterThan(15);
    for (const outcome of allOutcomes) {
      expect(outcome.stdout).not.toContain(key);
      expect(outcome.stderr).not.toContain(key);
    }
  });
});

describe("apply with an operation the tracker refuses", { timeout: 60_000 }, () => {
  it("prints the failure next to the operations that succeeded, and exits 1", async () => {
    const failing = await startSandbox({ seed: SEED });
    // A tracker with a rule of its own the declaration cannot know: it refuses to invite one address (422).
    const tracker = await refusingTracker(failing.url, "refused@acme.test");
    const dir = mkdtempSync(join(tmpdir(), "tracker-access-cli-"));
    try {
      const long = "refused@acme.test";
      const file = join(dir, "team.yaml");
      writeFileSync(
        file,
        [
          "apiVersion: tracker-access/v1",
          "tracker: voluum",
          "account: acme",
          "workspaces: [{ name: eu-team }, { name: us-team }, { name: legacy-team }]",
          "users:",
          "  - { email: owner@acme.test, role: owner }",
          "  - { email: alice@acme.test, role: admin }",
          "  - { email: bob@acme.test, role: worker, workspaces: [eu-team, us-team] }",
          "  - { email: carol@acme.test, role: worker, workspaces: [us-team, legacy-team] }",
          "  - { email: dan@acme.test, role: worker, workspaces: [us-team] }",
          "  - { email: client@brand.test, role: readonly, workspaces: [eu-team], hiddenColumns: [cost] }",
          `  - { email: ${long}, role: worker, workspaces: [eu-team] }`,
          "",
        ].join("\n"),
      );
      const outcome = await runCli(["apply", file, "--yes"], apiEnv(tracker.url, failing.apiKeys["owner@acme.test"]));
      expect(outcome.code).toBe(1);
      expect(outcome.stdout).toMatch(
        new RegExp(`failed  ${long}: invite as worker: workspaces: eu-team — POST /v1/users → 422`),
      );
      expect(outcome.stdout).toContain("done    bob@acme.test: workspaces: from eu-team to eu-team, us-team");
      expect(outcome.stdout).toMatch(/Apply: \d+ done, 1 failed, 0 skipped/);
    } finally {
      await tracker.close();
      await failing.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

/**
 * A loopback tracker in front of `upstream` that forwards every request unchanged, except that it answers an
 * invitation of `refusedEmail` with 422 (a rule of the tracker's own, which no declaration check knows).
 */
async function refusingTracker(
  upstream: string,
  refusedEmail: string,
): Promise<{ url: string; close(): Promise<void> }> {
  const server = createServer(async (request, response) => {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks);
    if (request.method === "POST" && request.url === "/v1/users" && body.toString("utf8").includes(refusedEmail)) {
      response.writeHead(422, { "content-type": "application/problem+json" });
      response.end(
        JSON.stringify({
          type: "about:blank",
          title: "refused",
          status: 422,
          detail: "this tracker refuses the address",
        }),
      );
      return;
    }
    const headers = new Headers();
    for (const [name, value] of Object.entries(request.headers))
      if (typeof value === "string" && name !== "host" && name !== "content-length") headers.set(name, value);
    const answer = await fetch(`${upstream}${request.url}`, {
      method: request.method,
      headers,
      ...(body.length > 0 ? { body } : {}),
    });
    const out: Record<string, string> = {};
    answer.headers.forEach((value, name) => {
      if (name !== "content-length" && name !== "content-encoding" && name !== "transfer-encoding") out[name] = value;
    });
    response.writeHead(answer.status, out);
    response.end(Buffer.from(await answer.arrayBuffer()));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
