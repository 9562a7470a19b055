/**
 * `--format json` errors are JSON on stdout too (`{"error": {"message", "rule"?, "file"?, "line"?}}`), so a CI
 * step that parses the output never gets text; the text line still goes to stderr. In-process `main()` against a
 * sandbox on loopback.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningSandbox, startSandbox } from "../../src/sandbox/server.ts";
import { runMain } from "./in-process.ts";
import { apiEnv, ROOT } from "./run-cli.ts";

const DECLARATION = join(ROOT, "examples/demo/acme-team.yaml");
let sandbox: RunningSandbox;
let env: Record<string, string>;
let tmp: string;

beforeAll(async () => {
  sandbox = await startSandbox({ seed: join(ROOT, "examples/sandbox/voluum-acme.seed.yaml") });
  env = apiEnv(sandbox.url, sandbox.apiKeys["owner@acme.test"]);
  tmp = mkdtempSync(join(tmpdir(), "json-errors-"));
});
afterAll(async () => {
  await sandbox.close();
  rmSync(tmp, { recursive: true, force: true });
});

/** Runs the command and returns the parsed stdout (it must be one JSON document) with the exit code. */
async function json(args: string[], runEnv = env): Promise<{ code: number; body: unknown; stderr: string }> {
  const { code, stdout, stderr } = await runMain(args, runEnv);
  return { code, body: JSON.parse(stdout), stderr };
}

describe("--format json errors", () => {
  it("a usage error, a missing key and an unreachable tracker are {error: {message}} on stdout, exit 1", async () => {
    const usage = await json(["plan", DECLARATION, "--format", "json", "--bogus"]);
    expect(usage.code).toBe(1);
    expect(usage.body).toEqual({ error: { message: expect.stringContaining("unknown option --bogus") } });
    expect(usage.stderr).toContain("unknown option --bogus");

    const noKey = await json(["drift", DECLARATION, "--format=json"], { TRACKER_ACCESS_API_URL: sandbox.url });
    expect(noKey).toMatchObject({ code: 1, body: { error: { message: expect.stringContaining("no API key") } } });

    const https = await json([
      "plan",
      DECLARATION,
      "--format",
      "json",
      "--api-url",
      sandbox.url.replace("http", "https"),
    ]);
    expect(https).toMatchObject({
      code: 1,
      body: { error: { message: expect.stringContaining("does not speak TLS") } },
    });
  });

  it("declaration errors carry rule, file and line; several are all listed in errors", async () => {
    const file = join(tmp, "typo.yaml");
    writeFileSync(
      file,
      [
        "apiVersion: tracker-access/v1",
        "tracker: voluum",
        "account: Acme",
        "workspaces: [{ name: eu }]",
        "users:",
        "  - { email: owner@acme.test, role: owner }",
        "  - { email: a@acme.test, role: wroker, workspaces: [eu] }",
        "  - { email: b@acme.test, role: worker, workspaces: [us] }",
        "",
      ].join("\n"),
    );
    const { code, body } = await json(["plan", file, "--format", "json"]);
    expect(code).toBe(1);
    const { error, errors } = body as { error: object; errors: object[] };
    expect(error).toEqual({ message: expect.any(String), rule: "role/unsupported", file, line: 7 });
    expect(errors).toContainEqual(expect.objectContaining({ rule: "ref/unknown-workspace", file, line: 8 }));
  });

  it("review's unwritable --out and validate's missing file are JSON too", async () => {
    const review = await json(["review", DECLARATION, "--format", "json", "--out", join(tmp, "no/such/dir.json")]);
    expect(review).toMatchObject({ code: 1, body: { error: { message: expect.stringContaining("cannot write") } } });
    const missing = join(tmp, "missing.yaml");
    const validate = await json(["validate", missing, "--format", "json"]);
    expect(validate).toMatchObject({ code: 2, body: { error: { file: missing } } });
  });

  it("success stays the report itself", async () => {
    const { code, body } = await json(["plan", DECLARATION, "--format", "json"]);
    expect(code).toBe(0);
    expect(body).toHaveProperty("operations");
  });
});
