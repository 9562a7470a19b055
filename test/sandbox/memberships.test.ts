/**
 * One membership rule on every path that changes memberships, over HTTP: a user whose role needs a private
 * workspace (workers, read-only users) never ends up without one. PATCH, invite and role changes refused that
 * state already; deleting the member's last workspace (even with `If-Match: *`) left it behind, and `dump` then
 * wrote a declaration `validate` rejects. Each refusal is 422 and changes nothing (users and workspaces, etags
 * included, read back identical).
 */
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type RunningSandbox, startSandbox } from "../../src/sandbox/server.ts";
import { type ApiAnswer, call, problemKind } from "./api.ts";

const seedFile = join(import.meta.dirname, "..", "..", "examples", "sandbox", "voluum-acme.seed.yaml");
let sandbox: RunningSandbox;
let owner: string;

beforeEach(async () => {
  sandbox = await startSandbox({ seed: seedFile });
  owner = sandbox.apiKeys["owner@acme.test"];
});
afterEach(() => sandbox.close());

/** Users and workspaces as the owner reads them: equal before and after a refused request. */
async function snapshot(): Promise<string> {
  const users = (await call(sandbox, "GET", "/v1/users?limit=1000", { key: owner })).body;
  const workspaces = (await call(sandbox, "GET", "/v1/workspaces?limit=1000", { key: owner })).body;
  return JSON.stringify({ users, workspaces });
}

async function user(email: string) {
  const { body } = await call(sandbox, "GET", "/v1/users?limit=1000", { key: owner });
  return body.items.find((u: { email: string }) => u.email === email);
}

async function createWorkspace(name: string) {
  return (await call(sandbox, "POST", "/v1/workspaces", { key: owner, body: { name } })).body;
}

/** Makes `email` a member of exactly `workspaces`. */
async function assign(email: string, workspaces: string[]) {
  const target = await user(email);
  const answer = await call(sandbox, "PATCH", `/v1/users/${target.id}`, {
    key: owner,
    body: { workspaces },
    ifMatch: target.etag,
  });
  expect(answer.status).toBe(200);
}

function refusal(answer: ApiAnswer) {
  return [answer.status, problemKind(answer)];
}

describe("deleting a workspace", () => {
  it("is refused (422, nothing changed) when a worker or read-only user would be left without a private workspace", async () => {
    const solo = await createWorkspace("solo");
    await assign("bob@acme.test", [solo.id]);
    await assign("client@brand.test", [solo.id]);
    const before = await snapshot();

    for (const ifMatch of ["*", solo.etag]) {
      const answer = await call(sandbox, "DELETE", `/v1/workspaces/${solo.id}`, { key: owner, ifMatch });
      expect(refusal(answer)).toEqual([422, "rule-violation"]);
      expect(answer.body.detail).toContain("bob@acme.test (worker), client@brand.test (readonly)");
      expect(answer.body.errors).toHaveLength(2);
    }
    expect(await snapshot()).toBe(before);
    expect((await user("bob@acme.test")).workspaces).toEqual([solo.id]);
  });

  it("counts pending invitations too", async () => {
    const solo = await createWorkspace("solo");
    const invite = { email: "new@acme.test", role: "worker", workspaces: [solo.id] };
    expect((await call(sandbox, "POST", "/v1/users", { key: owner, body: invite })).status).toBe(201);
    const before = await snapshot();
    const answer = await call(sandbox, "DELETE", `/v1/workspaces/${solo.id}`, { key: owner, ifMatch: "*" });
    expect(refusal(answer)).toEqual([422, "rule-violation"]);
    expect(await snapshot()).toBe(before);
  });

  it("goes through once every member has another private workspace, and takes it out of their memberships", async () => {
    const solo = await createWorkspace("solo");
    const other = await createWorkspace("other");
    await assign("bob@acme.test", [solo.id, other.id]);
    const answer = await call(sandbox, "DELETE", `/v1/workspaces/${solo.id}`, { key: owner, ifMatch: "*" });
    expect(answer.status).toBe(204);
    expect((await user("bob@acme.test")).workspaces).toEqual([other.id]);
  });
});

describe("the same rule on the other paths that change memberships", () => {
  it("PATCH, a role change and an invitation that would leave a worker without a private workspace are 422 and change nothing", async () => {
    const bob = await user("bob@acme.test");
    const alice = await user("alice@acme.test");
    const before = await snapshot();
    const attempts = [
      await call(sandbox, "PATCH", `/v1/users/${bob.id}`, { key: owner, body: { workspaces: [] }, ifMatch: "*" }),
      await call(sandbox, "PATCH", `/v1/users/${bob.id}`, {
        key: owner,
        body: { workspaces: ["public"] },
        ifMatch: bob.etag,
      }),
      await call(sandbox, "PATCH", `/v1/users/${alice.id}`, { key: owner, body: { role: "worker" }, ifMatch: "*" }),
      await call(sandbox, "POST", "/v1/users", { key: owner, body: { email: "w@acme.test", role: "worker" } }),
      await call(sandbox, "POST", "/v1/users", {
        key: owner,
        body: { email: "r@acme.test", role: "readonly", workspaces: [] },
      }),
    ];
    expect(attempts.map(refusal)).toEqual(Array(attempts.length).fill([422, "rule-violation"]));
    expect(await snapshot()).toBe(before);
  });
});
