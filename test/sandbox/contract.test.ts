/**
 * Contract tests: every operation of schemas/tracker-api.yaml against a real sandbox over HTTP, each answer
 * checked against the spec's response schemas (api.ts). The last test fails when an operation of the spec was
 * never exercised with a successful answer, so a new operation needs a test here.
 */
import { join } from "node:path";
import { afterAll, afterEach, beforeEach, describe, expect, it } from "vitest";
import { OPERATIONS } from "../../src/sandbox/request-validation.ts";
import { type RunningSandbox, startSandbox } from "../../src/sandbox/server.ts";
import { call, exercised, problemKind, SPEC_OPERATIONS } from "./api.ts";

const seedFile = join(import.meta.dirname, "..", "..", "examples", "sandbox", "voluum-acme.seed.yaml");
const NOW = new Date("2025-06-01T12:00:00Z");
let sandbox: RunningSandbox;
let owner: string;
let bob: string;

beforeEach(async () => {
  sandbox = await startSandbox({ seed: seedFile, now: () => NOW });
  owner = sandbox.apiKeys["owner@acme.test"];
  bob = sandbox.apiKeys["bob@acme.test"];
});
afterEach(() => sandbox.close());

/** The id of the user with e-mail `email`. */
async function userId(email: string): Promise<string> {
  const { body } = await call(sandbox, "GET", "/v1/users?limit=1000", { key: owner });
  return body.items.find((u: { email: string }) => u.email === email).id;
}

/** The element called `name`. */
async function elementNamed(name: string) {
  const { body } = await call(sandbox, "GET", "/v1/elements?limit=1000", { key: owner });
  return body.items.find((e: { name: string }) => e.name === name);
}

describe("identity and account", () => {
  it("getMe names the key's user; no key or an unknown key is 401", async () => {
    const me = await call(sandbox, "GET", "/v1/me", { key: bob });
    expect(me.body).toEqual({ userId: expect.any(String), email: "bob@acme.test", role: "worker", accountId: "acme" });
    expect((await call(sandbox, "GET", "/v1/me")).status).toBe(401);
    const wrong = await call(sandbox, "GET", "/v1/me", { key: "sk-not-a-key-of-this-account" });
    expect([wrong.status, problemKind(wrong)]).toEqual([401, "unauthorized"]);
  });

  it("getAccount gives the profile, limits and column catalogue", async () => {
    const { status, body } = await call(sandbox, "GET", "/v1/account", { key: owner });
    expect(status).toBe(200);
    expect(body).toMatchObject({
      id: "acme",
      profile: "voluum",
      publicWorkspace: true,
      limits: { privateWorkspaces: null },
    });
    expect(body.columns.map((c: { name: string }) => c.name)).toEqual(
      expect.arrayContaining(["cost", "revenue", "roi"]),
    );
  });
});

describe("workspaces", () => {
  it("lists in pages with opaque cursors; limit is checked", async () => {
    const names: string[] = [];
    let cursor: string | null = null;
    do {
      const query: string = cursor === null ? "limit=1" : `limit=1&cursor=${cursor}`;
      const page = await call(sandbox, "GET", `/v1/workspaces?${query}`, { key: owner });
      expect(page.body.items).toHaveLength(1);
      names.push(page.body.items[0].name);
      cursor = page.body.nextCursor;
    } while (cursor !== null);
    expect(names).toEqual(["eu-team", "us-team", "legacy-team"]);
    for (const query of ["limit=1001", "limit=0", "limit=two", "cursor=bm9wZQ", "sort=name"]) {
      const bad = await call(sandbox, "GET", `/v1/workspaces?${query}`, { key: owner });
      expect([query, bad.status, problemKind(bad)]).toEqual([query, 400, "invalid-request"]);
    }
    const all = await call(sandbox, "GET", "/v1/workspaces?limit=1000", { key: owner });
    expect(all.body.nextCursor).toBeNull();
  });

  it("creates, reads, renames and deletes", async () => {
    const created = await call(sandbox, "POST", "/v1/workspaces", { key: owner, body: { name: "apac-team" } });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ name: "apac-team", createdAt: NOW.toISOString() });
    const { id, etag } = created.body;
    expect((await call(sandbox, "GET", `/v1/workspaces/${id}`, { key: bob })).body).toEqual(created.body);

    const path = `/v1/workspaces/${id}`;
    expect((await call(sandbox, "PATCH", path, { key: owner, body: { name: "apac" } })).status).toBe(428);
    const renamed = await call(sandbox, "PATCH", path, { key: owner, body: { name: "apac" }, ifMatch: `"${etag}"` });
    expect([renamed.status, renamed.body.name]).toEqual([200, "apac"]);
    expect(renamed.body.etag).not.toBe(etag);
    const stale = await call(sandbox, "DELETE", path, { key: owner, ifMatch: etag });
    expect([stale.status, problemKind(stale)]).toEqual([412, "precondition-failed"]);
    expect((await call(sandbox, "DELETE", path, { key: owner, ifMatch: renamed.body.etag })).status).toBe(204);
    expect((await call(sandbox, "GET", path, { key: owner })).status).toBe(404);
  });

  it("refuses bad bodies, duplicate and reserved names, and unknown ids", async () => {
    const malformed = await call(sandbox, "POST", "/v1/workspaces", { key: owner, rawBody: "{name:" });
    expect([malformed.status, problemKind(malformed)]).toEqual([400, "invalid-request"]);
    const extra = await call(sandbox, "POST", "/v1/workspaces", { key: owner, body: { name: "x", color: "red" } });
    expect(extra.body.errors).toEqual([{ pointer: "/color", message: "is not a known property" }]);
    const missing = await call(sandbox, "POST", "/v1/workspaces", { key: owner, body: {} });
    expect(missing.body.errors).toEqual([{ pointer: "/name", message: expect.stringContaining("name") }]);
    const duplicate = await call(sandbox, "POST", "/v1/workspaces", { key: owner, body: { name: "eu-team" } });
    expect([duplicate.status, problemKind(duplicate)]).toEqual([409, "conflict"]);
    const reserved = await call(sandbox, "POST", "/v1/workspaces", { key: owner, body: { name: "Public" } });
    expect([reserved.status, problemKind(reserved)]).toEqual([422, "rule-violation"]);
    for (const id of ["ws-999", "public", "nope"]) {
      expect((await call(sandbox, "GET", `/v1/workspaces/${id}`, { key: owner })).status).toBe(404);
    }
  });

  it("refuses to delete a workspace with elements; deleting one takes it out of memberships", async () => {
    const eu = (await call(sandbox, "GET", "/v1/workspaces", { key: owner })).body.items[0];
    const full = await call(sandbox, "DELETE", `/v1/workspaces/${eu.id}`, { key: owner, ifMatch: eu.etag });
    expect([full.status, problemKind(full)]).toEqual([409, "workspace-not-empty"]);

    const extra = (await call(sandbox, "POST", "/v1/workspaces", { key: owner, body: { name: "extra" } })).body;
    const bobId = await userId("bob@acme.test");
    const before = (await call(sandbox, "GET", `/v1/users/${bobId}`, { key: owner })).body;
    const change = { workspaces: [eu.id, extra.id] };
    const joined = await call(sandbox, "PATCH", `/v1/users/${bobId}`, {
      key: owner,
      body: change,
      ifMatch: before.etag,
    });
    expect(joined.body.workspaces).toEqual([eu.id, extra.id]);
    expect(
      (await call(sandbox, "DELETE", `/v1/workspaces/${extra.id}`, { key: owner, ifMatch: extra.etag })).status,
    ).toBe(204);
    const after = (await call(sandbox, "GET", `/v1/users/${bobId}`, { key: owner })).body;
    expect(after.workspaces).toEqual([eu.id]);
    expect(after.etag).not.toBe(joined.body.etag);
  });
});

describe("users", () => {
  it("lists users and pending invitations in pages", async () => {
    const first = await call(sandbox, "GET", "/v1/users?limit=4", { key: owner });
    expect(first.body.items).toHaveLength(4);
    const rest = await call(sandbox, "GET", `/v1/users?limit=4&cursor=${first.body.nextCursor}`, { key: owner });
    expect(rest.body.nextCursor).toBeNull();
    const all = [...first.body.items, ...rest.body.items];
    expect(all.map((u) => u.email)).toContain("dan@acme.test");
    expect(all.find((u) => u.email === "dan@acme.test")).toMatchObject({
      status: "invited",
      invitationExpiresAt: "2025-02-01T00:00:00Z",
    });
  });

  it("invites a pending user for seven days; an e-mail already present (any case) is 409", async () => {
    const eu = (await call(sandbox, "GET", "/v1/workspaces", { key: owner })).body.items[0].id;
    const invite = { email: "Eve@Acme.test", role: "worker", workspaces: [eu] };
    const created = await call(sandbox, "POST", "/v1/users", { key: owner, body: invite });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      email: "Eve@Acme.test",
      status: "invited",
      invitationExpiresAt: "2025-06-08T12:00:00.000Z",
      workspaces: [eu],
      allWorkspaces: false,
      hiddenColumns: [],
    });
    expect((await call(sandbox, "GET", `/v1/users/${created.body.id}`, { key: owner })).body).toEqual(created.body);
    const again = await call(sandbox, "POST", "/v1/users", { key: owner, body: { ...invite, email: "eve@ACME.test" } });
    expect([again.status, problemKind(again)]).toEqual([409, "conflict"]);
    const badEmail = await call(sandbox, "POST", "/v1/users", { key: owner, body: { ...invite, email: "eve" } });
    expect(badEmail.body.errors).toEqual([{ pointer: "/email", message: 'must match format "email"' }]);
    const unknownWs = await call(sandbox, "POST", "/v1/users", {
      key: owner,
      body: { email: "zed@acme.test", role: "worker", workspaces: ["ws-77"] },
    });
    expect([unknownWs.status, unknownWs.body.errors]).toEqual([
      422,
      [{ pointer: "/workspaces", message: 'no private workspace "ws-77"' }],
    ]);
  });

  it("updates with If-Match (quoted or not), 428 without, 412 when stale", async () => {
    const id = await userId("client@brand.test");
    const user = (await call(sandbox, "GET", `/v1/users/${id}`, { key: owner })).body;
    const change = { hiddenColumns: ["cost", "profit", "roi"] };
    const missing = await call(sandbox, "PATCH", `/v1/users/${id}`, { key: owner, body: change });
    expect([missing.status, problemKind(missing)]).toEqual([428, "precondition-required"]);
    const updated = await call(sandbox, "PATCH", `/v1/users/${id}`, { key: owner, body: change, ifMatch: user.etag });
    expect([updated.status, updated.body.hiddenColumns]).toEqual([200, ["cost", "profit", "roi"]]);
    const stale = await call(sandbox, "PATCH", `/v1/users/${id}`, {
      key: owner,
      body: change,
      ifMatch: `"${user.etag}"`,
    });
    expect(stale.status).toBe(412);
    const empty = await call(sandbox, "PATCH", `/v1/users/${id}`, { key: owner, body: {}, ifMatch: updated.body.etag });
    expect(empty.status).toBe(400);
    expect((await call(sandbox, "PATCH", "/v1/users/u-999", { key: owner, body: change, ifMatch: "x" })).status).toBe(
      404,
    );
  });

  it("removes a user: the user is gone and the key stops working", async () => {
    const id = await userId("bob@acme.test");
    const user = (await call(sandbox, "GET", `/v1/users/${id}`, { key: owner })).body;
    expect((await call(sandbox, "DELETE", `/v1/users/${id}`, { key: owner })).status).toBe(428);
    expect((await call(sandbox, "DELETE", `/v1/users/${id}`, { key: owner, ifMatch: user.etag })).status).toBe(204);
    expect((await call(sandbox, "GET", `/v1/users/${id}`, { key: owner })).status).toBe(404);
    expect((await call(sandbox, "GET", "/v1/me", { key: bob })).status).toBe(401);
  });

  it("re-sends a pending invitation with a new expiry; 409 once accepted", async () => {
    const id = await userId("dan@acme.test");
    const dan = (await call(sandbox, "GET", `/v1/users/${id}`, { key: owner })).body;
    const path = `/v1/users/${id}/invitation`;
    expect((await call(sandbox, "POST", path, { key: owner })).status).toBe(428);
    const resent = await call(sandbox, "POST", path, { key: owner, ifMatch: dan.etag });
    expect([resent.status, resent.body.invitationExpiresAt]).toEqual([200, "2025-06-08T12:00:00.000Z"]);
    expect(resent.body.etag).not.toBe(dan.etag);
    sandbox.acceptInvitation("DAN@acme.test", "sk-sandbox-dan-accepted");
    const accepted = (await call(sandbox, "GET", `/v1/users/${id}`, { key: owner })).body;
    expect(accepted).toMatchObject({ status: "active", invitationExpiresAt: null });
    const again = await call(sandbox, "POST", path, { key: owner, ifMatch: accepted.etag });
    expect([again.status, problemKind(again)]).toEqual([409, "conflict"]);
    expect((await call(sandbox, "GET", "/v1/me", { key: "sk-sandbox-dan-accepted" })).body.email).toBe("dan@acme.test");
  });
});

describe("elements", () => {
  it("lists elements with their connections, by kind, in pages", async () => {
    const campaigns = await call(sandbox, "GET", "/v1/elements?kind=campaign", { key: owner });
    expect(campaigns.body.items.map((e: { name: string }) => e.name)).toEqual([
      "EU Dating Push",
      "US Sweepstakes TikTok",
      "US Summer Sale",
    ]);
    expect(campaigns.body.items[0].connections).toHaveLength(2);
    const ids: string[] = [];
    let cursor: string | null = null;
    do {
      const suffix: string = cursor === null ? "" : `&cursor=${cursor}`;
      const page = await call(sandbox, "GET", `/v1/elements?limit=4${suffix}`, { key: owner });
      ids.push(...page.body.items.map((e: { id: string }) => e.id));
      cursor = page.body.nextCursor;
    } while (cursor !== null);
    expect(new Set(ids).size).toBe(15);
    expect((await call(sandbox, "GET", "/v1/elements?kind=Offer", { key: owner })).status).toBe(400);
    expect((await call(sandbox, "GET", "/v1/elements?kind=widget", { key: owner })).body.items).toEqual([]);
  });

  it("reads one element; unknown ids are 404", async () => {
    const push = await elementNamed("EU Dating Push");
    expect((await call(sandbox, "GET", `/v1/elements/${push.id}`, { key: owner })).body).toEqual(push);
    expect((await call(sandbox, "GET", "/v1/elements/el-999", { key: owner })).status).toBe(404);
  });

  it("moves an element without connections; refuses moves that change visibility or put a campaign in public", async () => {
    const lander = await elementNamed("Old Casino Lander");
    const path = `/v1/elements/${lander.id}/workspace`;
    const moved = await call(sandbox, "PUT", path, { key: owner, body: { workspace: "public" }, ifMatch: lander.etag });
    expect([moved.status, moved.body.workspace]).toEqual([200, "public"]);
    expect(moved.body.etag).not.toBe(lander.etag);

    const push = await elementNamed("EU Dating Push");
    const pushPath = `/v1/elements/${push.id}/workspace`;
    const toPublic = await call(sandbox, "PUT", pushPath, {
      key: owner,
      body: { workspace: "public" },
      ifMatch: push.etag,
    });
    expect([toPublic.status, problemKind(toPublic), toPublic.body.elements]).toEqual([
      422,
      "not-allowed-in-public",
      [push.id],
    ]);
    const us = (await elementNamed("US Sweepstakes Lander")).workspace;
    const visible = await call(sandbox, "PUT", pushPath, { key: owner, body: { workspace: us }, ifMatch: push.etag });
    expect([visible.status, problemKind(visible)]).toEqual([409, "move-changes-visibility"]);
    expect(visible.body.elements.sort()).toEqual(push.connections.map((c: { id: string }) => c.id).sort());
  });

  it("moves a connected group atomically; a stale etag moves nothing", async () => {
    const flow = await elementNamed("EU Dating Flow");
    const offer = await elementNamed("EU Dating Offer");
    const lander = await elementNamed("EU Dating Lander");
    const us = (await elementNamed("US Sweepstakes Lander")).workspace;
    // The flow is used by an EU campaign: the three cannot leave without it.
    const group = [flow, offer, lander].map((e) => ({ id: e.id, workspace: us, etag: e.etag }));
    const refused = await call(sandbox, "POST", "/v1/element-moves", { key: owner, body: { moves: group } });
    expect([refused.status, problemKind(refused)]).toEqual([409, "move-changes-visibility"]);
    const push = await elementNamed("EU Dating Push");
    expect(refused.body.elements).toEqual([push.id]);

    // Two elements without connections move together; with one stale etag, neither moves.
    const unused = await elementNamed("Unused Test Offer");
    const casino = await elementNamed("Old Casino Lander");
    const moves = [
      { id: unused.id, workspace: us, etag: unused.etag },
      { id: casino.id, workspace: us, etag: casino.etag },
    ];
    const stale = await call(sandbox, "POST", "/v1/element-moves", {
      key: owner,
      body: { moves: [moves[0], { ...moves[1], etag: "stale" }] },
    });
    expect([stale.status, stale.body.elements]).toEqual([412, [casino.id]]);
    expect((await elementNamed("Unused Test Offer")).workspace).toBe(unused.workspace);
    const done = await call(sandbox, "POST", "/v1/element-moves", { key: owner, body: { moves } });
    expect(done.status).toBe(200);
    expect(done.body.items.map((e: { workspace: string }) => e.workspace)).toEqual([us, us]);

    const unknown = await call(sandbox, "POST", "/v1/element-moves", {
      key: owner,
      body: { moves: [{ id: "el-999", workspace: us, etag: "x" }] },
    });
    expect([unknown.status, unknown.body.elements]).toEqual([404, ["el-999"]]);
    const twice = await call(sandbox, "POST", "/v1/element-moves", {
      key: owner,
      body: { moves: [moves[0], moves[0]] },
    });
    expect([twice.status, twice.body.errors[0].pointer]).toEqual([400, "/moves/1/id"]);
  });
});

describe("preconditions", () => {
  it("every operation the spec gives If-Match answers 428 without it, and 412 with another etag", async () => {
    const ids: Record<string, string> = {
      workspaceId: (await call(sandbox, "GET", "/v1/workspaces", { key: owner })).body.items[2].id,
      userId: await userId("dan@acme.test"),
      elementId: (await elementNamed("Old Casino Lander")).id,
    };
    const bodies: Record<string, unknown> = {
      renameWorkspace: { name: "renamed" },
      updateUser: { hiddenColumns: [] },
      moveElement: { workspace: "public" },
    };
    const guarded = OPERATIONS.filter((operation) => operation.requiresIfMatch);
    expect(guarded.map((o) => o.operationId).sort()).toEqual(
      ["deleteWorkspace", "moveElement", "removeUser", "renameWorkspace", "resendInvitation", "updateUser"].sort(),
    );
    for (const operation of guarded) {
      const path = operation.template.replace(/\{(\w+)\}/g, (_, name: string) => ids[name]);
      const body = bodies[operation.operationId];
      const missing = await call(sandbox, operation.method, path, { key: owner, body });
      expect([operation.operationId, missing.status]).toEqual([operation.operationId, 428]);
      const stale = await call(sandbox, operation.method, path, { key: owner, body, ifMatch: '"not-the-etag"' });
      expect([operation.operationId, stale.status]).toEqual([operation.operationId, 412]);
    }
  });
});

describe("the account lease", () => {
  it("acquire, a second acquire 409 naming the holder, renew, release; an expired lease is taken over", async () => {
    let clock = NOW;
    const timed = await startSandbox({ seed: seedFile, now: () => clock });
    try {
      const key = timed.apiKeys["owner@acme.test"];
      const admin = timed.apiKeys["alice@acme.test"];
      expect((await call(timed, "GET", "/v1/lease", { key })).status).toBe(404);
      const first = await call(timed, "POST", "/v1/lease", { key, body: { holder: "ci job 7", ttlSeconds: 60 } });
      expect(first.status).toBe(201);
      expect(first.body).toEqual({
        id: expect.any(String),
        holder: "ci job 7",
        acquiredAt: NOW.toISOString(),
        expiresAt: new Date(NOW.getTime() + 60_000).toISOString(),
      });
      const second = await call(timed, "POST", "/v1/lease", {
        key: admin,
        body: { holder: "ann@laptop", ttlSeconds: 60 },
      });
      expect([second.status, problemKind(second)]).toEqual([409, "lease-held"]);
      expect(second.body.lease).toEqual({
        holder: "ci job 7",
        acquiredAt: first.body.acquiredAt,
        expiresAt: first.body.expiresAt,
      });
      const seen = await call(timed, "GET", "/v1/lease", { key: bob });
      expect([seen.status, seen.body.holder, seen.body.id]).toEqual([200, "ci job 7", undefined]);

      clock = new Date(NOW.getTime() + 30_000);
      const renewed = await call(timed, "PUT", `/v1/lease/${first.body.id}`, { key, body: { ttlSeconds: 60 } });
      expect([renewed.status, renewed.body.expiresAt]).toEqual([200, new Date(NOW.getTime() + 90_000).toISOString()]);
      const stranger = await call(timed, "PUT", "/v1/lease/not-the-id", { key, body: { ttlSeconds: 60 } });
      expect([stranger.status, problemKind(stranger)]).toEqual([404, "not-found"]);

      // expired: taken over by the next acquire; the old holder can neither renew nor release it
      clock = new Date(NOW.getTime() + 91_000);
      const taken = await call(timed, "POST", "/v1/lease", {
        key: admin,
        body: { holder: "ann@laptop", ttlSeconds: 5 },
      });
      expect([taken.status, taken.body.holder]).toEqual([201, "ann@laptop"]);
      expect((await call(timed, "PUT", `/v1/lease/${first.body.id}`, { key, body: { ttlSeconds: 5 } })).status).toBe(
        404,
      );
      expect((await call(timed, "DELETE", `/v1/lease/${first.body.id}`, { key })).status).toBe(404);
      expect((await call(timed, "DELETE", `/v1/lease/${taken.body.id}`, { key: admin })).status).toBe(204);
      expect((await call(timed, "GET", "/v1/lease", { key })).status).toBe(404);

      // broken by an operator whoever holds it; a worker's key may not take or break it
      await call(timed, "POST", "/v1/lease", { key, body: { holder: "crashed run", ttlSeconds: 3600 } });
      expect((await call(timed, "DELETE", "/v1/lease", { key: bob })).status).toBe(403);
      expect((await call(timed, "DELETE", "/v1/lease", { key: admin })).status).toBe(204);
      expect((await call(timed, "GET", "/v1/lease", { key })).status).toBe(404);
      const worker = await call(timed, "POST", "/v1/lease", { key: bob, body: { holder: "bob", ttlSeconds: 60 } });
      expect([worker.status, problemKind(worker)]).toEqual([403, "forbidden"]);
      for (const body of [
        { holder: "x", ttlSeconds: 0 },
        { holder: "", ttlSeconds: 60 },
        { holder: "a\nb", ttlSeconds: 60 },
      ]) {
        const bad = await call(timed, "POST", "/v1/lease", { key, body });
        expect([JSON.stringify(body), bad.status]).toEqual([JSON.stringify(body), 400]);
      }
    } finally {
      await timed.close();
    }
  });
});

describe("anything else", () => {
  it("answers unknown paths and methods with problems", async () => {
    const unknown = await call(sandbox, "GET", "/v2/users", { key: owner });
    expect([unknown.status, problemKind(unknown)]).toEqual([404, "not-found"]);
    const method = await call(sandbox, "PUT", "/v1/users", { key: owner, body: {} });
    expect([method.status, method.headers.get("allow")]).toEqual([405, "GET, POST"]);
  });
});

afterAll(() => {
  const succeeded = new Set([...exercised].filter((e) => / 2\d\d$/.test(e)).map((e) => e.split(" ")[0]));
  const missing = SPEC_OPERATIONS.map((o) => o.operationId).filter((id) => !succeeded.has(id));
  expect(missing, "operations of the spec without a successful contract test").toEqual([]);
});
