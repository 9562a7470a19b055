/**
 * The sandbox refuses what the contract refuses, with a 400 problem and never a 500: page sizes that are not
 * decimal integers from 1 to 1000, e-mails and workspace names over the contract's lengths or holding invisible
 * or control characters, and a body with tens of thousands of problems (the answer lists the first 20).
 * Real HTTP against a sandbox; every answer checked against schemas/tracker-api.yaml.
 */
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readSeed, type SandboxSeed, SeedError } from "../../src/sandbox/seed.ts";
import { type RunningSandbox, startSandbox } from "../../src/sandbox/server.ts";
import { call, problemKind } from "./api.ts";

const seedFile = join(import.meta.dirname, "..", "..", "examples", "sandbox", "voluum-acme.seed.yaml");
let sandbox: RunningSandbox;
let owner: string;
const logged: string[] = [];

beforeAll(async () => {
  sandbox = await startSandbox({ seed: seedFile, log: (message) => logged.push(message) });
  owner = sandbox.apiKeys["owner@acme.test"];
});
afterAll(() => sandbox.close());

const names = async () =>
  (await call(sandbox, "GET", "/v1/workspaces?limit=1000", { key: owner })).body.items.map(
    (w: { name: string }) => w.name,
  );
const emails = async () =>
  (await call(sandbox, "GET", "/v1/users?limit=1000", { key: owner })).body.items.map(
    (u: { email: string }) => u.email,
  );

describe("page sizes", () => {
  const lists = ["/v1/users", "/v1/workspaces", "/v1/elements"];
  const refused = ["Infinity", "-Infinity", "1e400", "NaN", "1.5", "0", "-1", "1001", "1e3", "10.0", "0x10", " 5", ""];

  it.each(lists.flatMap((path) => refused.map((limit) => [path, limit])))(
    "%s?limit=%j is 400 invalid-request at query:limit",
    async (path, limit) => {
      const answer = await call(sandbox, "GET", `${path}?limit=${encodeURIComponent(limit)}`, { key: owner });
      expect([answer.status, problemKind(answer)]).toEqual([400, "invalid-request"]);
      expect(answer.body.errors.map((e: { pointer: string }) => e.pointer)).toEqual(["query:limit"]);
    },
  );

  it.each(lists.flatMap((path) => ["1", "1000", "007"].map((limit) => [path, limit])))(
    "%s?limit=%s is a page",
    async (path, limit) => {
      const answer = await call(sandbox, "GET", `${path}?limit=${limit}`, { key: owner });
      expect(answer.status).toBe(200);
      if (limit === "1") expect(answer.body.items).toHaveLength(1);
    },
  );

  it("no request above logged an unexpected error", () => {
    expect(logged).toEqual([]);
  });
});

describe("invisible and control characters", () => {
  it.each([
    ["U+200B", "pub\u200blic"],
    ["U+2060", "\u2060*"],
    ["U+200B", "eu\u200b-team"],
    ["U+202E", "eu\u202e-team"],
    ["U+0085", "eu\u0085team"],
    ["U+2028", "eu\u2028team"],
  ])("a workspace name holding %s is 400 at /name, and nothing is created", async (codePoint, name) => {
    const answer = await call(sandbox, "POST", "/v1/workspaces", { key: owner, body: { name } });
    expect([answer.status, problemKind(answer)]).toEqual([400, "invalid-request"]);
    expect(answer.body.errors).toEqual([{ pointer: "/name", message: expect.stringContaining(`holds ${codePoint}`) }]);
    expect(await names()).not.toContain(name);
  });

  it("a rename to such a name is 400 too", async () => {
    const created = await call(sandbox, "POST", "/v1/workspaces", { key: owner, body: { name: "rename-me" } });
    const path = `/v1/workspaces/${created.body.id}`;
    const answer = await call(sandbox, "PATCH", path, { key: owner, body: { name: "pub\u200blic" }, ifMatch: "*" });
    expect([answer.status, problemKind(answer)]).toEqual([400, "invalid-request"]);
    expect((await call(sandbox, "GET", path, { key: owner })).body.name).toBe("rename-me");
  });

  it.each([
    ["U+200B", "eve\u200b@acme.test"],
    ["U+202E", "eve@acme\u202e.test"],
    ["U+0000", "eve\u0000@acme.test"],
    ["U+0001", "eve\u0001@acme.test"],
    ["U+001B", "eve\u001b[2J@acme.test"],
    ["U+FEFF", "eve\ufeff@acme.test"],
  ])("an e-mail holding %s is 400 at /email, and nobody is invited", async (codePoint, email) => {
    const answer = await call(sandbox, "POST", "/v1/users", { key: owner, body: { email, role: "admin" } });
    expect([answer.status, problemKind(answer)]).toEqual([400, "invalid-request"]);
    // U+FEFF is also a space to the `email` format: a second problem at /email
    expect(answer.body.errors).toContainEqual({
      pointer: "/email",
      message: expect.stringContaining(`holds ${codePoint}`),
    });
    expect(await emails()).not.toContain(email);
  });
});

describe("lengths", () => {
  it("a workspace name of 200 characters is created, one of 201 is 400", async () => {
    const ok = await call(sandbox, "POST", "/v1/workspaces", { key: owner, body: { name: "n".repeat(200) } });
    expect(ok.status).toBe(201);
    const long = await call(sandbox, "POST", "/v1/workspaces", { key: owner, body: { name: "o".repeat(201) } });
    expect([long.status, long.body.errors]).toEqual([
      400,
      [{ pointer: "/name", message: "must NOT have more than 200 characters" }],
    ]);
  });

  it("an e-mail of 254 characters is invited, one of 255 is 400", async () => {
    const at254 = `${"a".repeat(254 - "@acme.test".length)}@acme.test`;
    const at255 = `${"b".repeat(255 - "@acme.test".length)}@acme.test`;
    expect(
      (await call(sandbox, "POST", "/v1/users", { key: owner, body: { email: at254, role: "admin" } })).status,
    ).toBe(201);
    const long = await call(sandbox, "POST", "/v1/users", { key: owner, body: { email: at255, role: "admin" } });
    expect([long.status, long.body.errors]).toEqual([
      400,
      [{ pointer: "/email", message: "must NOT have more than 254 characters" }],
    ]);
  });
});

describe("a body with many problems", () => {
  it("60,000 unknown keys answer 20 problems and their count, in a few kilobytes", async () => {
    const body = Object.fromEntries(Array.from({ length: 60_000 }, (_, i) => [`k${i}`, 1]));
    const started = performance.now();
    const response = await fetch(`${sandbox.url}/v1/workspaces`, {
      method: "POST",
      headers: { "X-Api-Key": owner, "Content-Type": "application/json" },
      body: JSON.stringify(body),
    });
    const text = await response.text();
    const elapsed = performance.now() - started;
    const problem = JSON.parse(text);
    expect([response.status, problem.type]).toEqual([400, "urn:tracker-access:problem:invalid-request"]);
    expect(problem.errors).toHaveLength(20);
    expect(problem.detail).toBe(
      "the request body does not match WorkspaceCreate (60001 problems; the first 20 are listed)",
    );
    expect(text.length).toBeLessThan(4_096);
    expect(elapsed).toBeLessThan(5_000);
  });
});

describe("seeds", () => {
  const base: SandboxSeed = {
    account: { id: "limits", name: "Limits", profile: "voluum" },
    workspaces: [{ name: "eu-team" }],
    users: [{ email: "owner@limits.test", role: "owner", apiKey: "sk-limits-owner" }],
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

  it("refuse a workspace name or an e-mail holding an invisible character", () => {
    expect(problemOf({ ...base, workspaces: [{ name: "eu\u200b-team" }] })).toContain("/workspaces/0/name: ");
    const email = "owner\u202e@limits.test";
    expect(problemOf({ ...base, users: [{ ...base.users[0], email }] })).toContain("/users/0/email: ");
    expect(problemOf(base)).toBe("");
  });
});
