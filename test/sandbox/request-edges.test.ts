/**
 * The edges of a request the contract now names: `If-Match: *`, a body that is not JSON (415), a body over
 * 1 MiB (413), workspace names with control characters, and seed API keys an HTTP header could not carry.
 * Real HTTP against a sandbox; every answer checked against schemas/tracker-api.yaml.
 */
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readSeed, type SandboxSeed, SeedError } from "../../src/sandbox/seed.ts";
import { type RunningSandbox, startSandbox } from "../../src/sandbox/server.ts";
import { type ApiAnswer, call, checkAgainstSpec, problemKind } from "./api.ts";

const seedFile = join(import.meta.dirname, "..", "..", "examples", "sandbox", "voluum-acme.seed.yaml");
let sandbox: RunningSandbox;
let owner: string;

beforeAll(async () => {
  sandbox = await startSandbox({ seed: seedFile });
  owner = sandbox.apiKeys["owner@acme.test"];
});
afterAll(() => sandbox.close());

/** A request with exactly these headers and body (no Content-Type added), checked against the spec. */
async function raw(method: string, path: string, headers: Record<string, string>, body?: string | Uint8Array) {
  const response = await fetch(sandbox.url + path, { method, headers, body });
  const text = await response.text();
  const answer: ApiAnswer = {
    status: response.status,
    headers: response.headers,
    body: text ? JSON.parse(text) : undefined,
  };
  checkAgainstSpec(method, path, answer);
  return answer;
}

async function newWorkspace(name: string) {
  return (await call(sandbox, "POST", "/v1/workspaces", { key: owner, body: { name } })).body;
}

describe("If-Match: *", () => {
  it("matches whatever the object's current etag is (RFC 9110)", async () => {
    const workspace = await newWorkspace("star-team");
    const path = `/v1/workspaces/${workspace.id}`;
    const renamed = await call(sandbox, "PATCH", path, { key: owner, body: { name: "star-renamed" }, ifMatch: "*" });
    expect([renamed.status, renamed.body.name]).toEqual([200, "star-renamed"]);
    const users = (await call(sandbox, "GET", "/v1/users?limit=1000", { key: owner })).body.items;
    const client = users.find((u: { email: string }) => u.email === "client@brand.test");
    const updated = await call(sandbox, "PATCH", `/v1/users/${client.id}`, {
      key: owner,
      body: { hiddenColumns: ["cost"] },
      ifMatch: "*",
    });
    expect(updated.status).toBe(200);
    expect((await call(sandbox, "DELETE", path, { key: owner, ifMatch: "*" })).status).toBe(204);
    // `*` does not bring back what is gone, and a real stale etag still fails
    expect((await call(sandbox, "DELETE", path, { key: owner, ifMatch: "*" })).status).toBe(404);
    const stale = await call(sandbox, "PATCH", `/v1/users/${client.id}`, {
      key: owner,
      body: { hiddenColumns: [] },
      ifMatch: `"${client.etag}"`,
    });
    expect([stale.status, problemKind(stale)]).toEqual([412, "precondition-failed"]);
  });
});

describe("request bodies", () => {
  const json = JSON.stringify({ name: "media-team" });

  it.each([
    ["text/plain", { "Content-Type": "text/plain" }],
    ["text/plain;charset=UTF-8", { "Content-Type": "text/plain;charset=UTF-8" }],
    ["application/x-www-form-urlencoded", { "Content-Type": "application/x-www-form-urlencoded" }],
    ["no Content-Type", {}],
  ])("a body sent as %s is 415 unsupported-media-type, and nothing is created", async (_, headers) => {
    const answer = await raw("POST", "/v1/workspaces", { "X-Api-Key": owner, ...headers }, json);
    expect([answer.status, problemKind(answer)]).toEqual([415, "unsupported-media-type"]);
    const names = (await call(sandbox, "GET", "/v1/workspaces", { key: owner })).body.items.map(
      (w: { name: string }) => w.name,
    );
    expect(names).not.toContain("media-team");
  });

  it("application/json with parameters is JSON; without a key the answer is still 401", async () => {
    const unauthenticated = await raw("POST", "/v1/workspaces", { "Content-Type": "text/plain" }, json);
    expect(unauthenticated.status).toBe(401);
    const headers = { "X-Api-Key": owner, "Content-Type": "Application/JSON; charset=utf-8" };
    const created = await raw("POST", "/v1/workspaces", headers, JSON.stringify({ name: "charset-team" }));
    expect(created.status).toBe(201);
  });

  it("a body over 1 MiB is 413 payload-too-large", async () => {
    const big = JSON.stringify({ name: "x".repeat((1 << 20) + 10) });
    const headers = { "X-Api-Key": owner, "Content-Type": "application/json" };
    const answer = await raw("POST", "/v1/workspaces", headers, big);
    expect([answer.status, problemKind(answer)]).toEqual([413, "payload-too-large"]);
    // the connection stays usable
    expect((await call(sandbox, "GET", "/v1/me", { key: owner })).status).toBe(200);
  });
});

describe("workspace names", () => {
  it.each([
    ["a newline", "eu\nteam"],
    ["a tab", "eu\tteam"],
    ["a NUL", "eu\u0000team"],
    ["DEL", "eu\u007fteam"],
  ])("a name with %s is 400 invalid-request at /name", async (_, name) => {
    const answer = await call(sandbox, "POST", "/v1/workspaces", { key: owner, body: { name } });
    expect([answer.status, problemKind(answer)]).toEqual([400, "invalid-request"]);
    expect(answer.body.errors).toEqual([
      {
        pointer: "/name",
        message: expect.stringMatching(/^holds U\+00[017][0-9A-F], a control character, at character 3;/),
      },
    ]);
  });

  it("any other text is a name, Unicode included", async () => {
    expect(
      (await call(sandbox, "POST", "/v1/workspaces", { key: owner, body: { name: "Équipe Nord 🚀" } })).status,
    ).toBe(201);
  });
});

describe("seed API keys and workspace names", () => {
  const base: SandboxSeed = {
    account: { id: "edges", name: "Edges", profile: "voluum" },
    workspaces: [{ name: "eu-team" }],
    users: [{ email: "owner@edges.test", role: "owner", apiKey: "sk-edges-owner" }],
  };
  const problemOf = (seed: SandboxSeed) => {
    try {
      readSeed(seed);
    } catch (error) {
      expect(error).toBeInstanceOf(SeedError);
      return (error as Error).message;
    }
    return "";
  };

  it.each([
    ["a newline", "sk-SECRET\nKEY"],
    ["a space", "sk-SECRET KEY"],
    ["a zero-width space", "sk-SECRET\u200bKEY"],
    ["fewer than 8 characters", "sk-abc"],
  ])("an apiKey with %s is refused without being repeated", (_, apiKey) => {
    const message = problemOf({ ...base, users: [{ ...base.users[0], apiKey }] });
    expect(message).toContain("/users/0/apiKey: must match pattern");
    expect(message).not.toContain("SECRET");
  });

  it("a workspace name with a control character is refused", () => {
    expect(problemOf({ ...base, workspaces: [{ name: "eu\nteam" }] })).toContain(
      "/workspaces/0/name: must match pattern",
    );
    expect(problemOf(base)).toBe("");
  });
});
