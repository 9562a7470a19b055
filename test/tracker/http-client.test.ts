import { describe, expect, it } from "vitest";
import { TrackerApiError } from "../../src/tracker/errors.ts";
import { createTrackerClient, ifMatch } from "../../src/tracker/http-client.ts";
import { json, problem, recordingFetch, userFixture } from "./recording-fetch.ts";

const BASE = "http://tracker.test";
const KEY = "sk-test-0123456789abcdef";

/** Serves `total` users in pages, cursor = offset, nextCursor null on the last page. */
function pagedUsers(total: number) {
  return recordingFetch((request) => {
    const limit = Number(request.url.searchParams.get("limit") ?? 100);
    const offset = Number(request.url.searchParams.get("cursor") ?? 0);
    const end = Math.min(offset + limit, total);
    const items = [];
    for (let i = offset; i < end; i += 1) items.push(userFixture(i));
    return json({ items, nextCursor: end < total ? String(end) : null });
  });
}

describe("requests", () => {
  it("sends X-Api-Key on every request and If-Match as the quoted etag", async () => {
    const tracker = recordingFetch(() => json(userFixture(12)));
    const client = createTrackerClient({ baseUrl: BASE, apiKey: KEY, fetch: tracker.fetch });
    await client.getUser("u-12");
    await client.updateUser("u-12", { role: "admin", hiddenColumns: ["cost"] }, "e-12");

    expect(tracker.requests.map((r) => r.headers.get("X-Api-Key"))).toEqual([KEY, KEY]);
    const [read, write] = tracker.requests;
    expect(read.method).toBe("GET");
    expect(read.url.pathname).toBe("/v1/users/u-12");
    expect(read.headers.get("If-Match")).toBeNull();
    expect(write.method).toBe("PATCH");
    expect(write.headers.get("If-Match")).toBe('"e-12"');
    expect(write.body).toEqual({ role: "admin", hiddenColumns: ["cost"] });
    expect(client.stats).toEqual({ reads: 1, writes: 1, retries: 0 });
  });

  it("quotes a raw etag once and leaves an entity tag as it is", () => {
    expect(ifMatch("abc")).toBe('"abc"');
    expect(ifMatch('"abc"')).toBe('"abc"');
    expect(ifMatch('W/"abc"')).toBe('W/"abc"');
  });

  it("maps every operation to its method and path", async () => {
    const element = { id: "el-1", kind: "offer", name: "Summer", workspace: "public", connections: [], etag: "x" };
    const workspace = { id: "w1", name: "eu", etag: "e1", createdAt: "2026-01-05T10:00:00Z" };
    const actor = { userId: "u0", email: "owner@brand.test", role: "owner", accountId: "a1" };
    const account = {
      id: "a1",
      name: "Brand",
      profile: "voluum",
      publicWorkspace: true,
      limits: { privateWorkspaces: null },
      columns: [],
    };
    // each operation answers what the contract says it answers: the client checks every success answer
    const tracker = recordingFetch((request) => {
      const { pathname } = request.url;
      if (request.method === "DELETE") return new Response(null, { status: 204 });
      if (pathname === "/v1/element-moves") return json({ items: [element] });
      if (pathname === "/v1/me") return json(actor);
      if (pathname === "/v1/account") return json(account);
      const created = request.method === "POST" && !pathname.endsWith("/invitation") ? 201 : 200;
      if (request.method === "GET" && /^\/v1\/\w+$/.test(pathname)) return json({ items: [], nextCursor: null });
      if (pathname.startsWith("/v1/workspaces")) return json(workspace, created);
      if (pathname.startsWith("/v1/users")) return json(userFixture(1), created);
      return json(element);
    });
    const client = createTrackerClient({ baseUrl: BASE, apiKey: KEY, fetch: tracker.fetch });

    await client.getMe();
    await client.getAccount();
    await client.listWorkspaces();
    await client.getWorkspace("w 1");
    await client.createWorkspace("eu-team");
    await client.renameWorkspace("w1", "eu", "e1");
    expect(await client.deleteWorkspace("w1", "e1")).toBeUndefined();
    await client.inviteUser({ email: "ann@brand.test", role: "readonly", workspaces: ["w1"] });
    expect(await client.removeUser("u1", "e2")).toBeUndefined();
    await client.resendInvitation("u1", "e3");
    await client.listElements("campaign");
    await client.listElements();
    await client.getElement("el-1");
    await client.moveElement("el-1", "public", "e4");
    expect(await client.moveElementGroup([{ id: "el-1", workspace: "w1", etag: "e5" }])).toEqual([element]);

    expect(tracker.requests.map((r) => `${r.method} ${r.url.pathname}${r.url.search}`)).toEqual([
      "GET /v1/me",
      "GET /v1/account",
      "GET /v1/workspaces?limit=1000",
      "GET /v1/workspaces/w%201",
      "POST /v1/workspaces",
      "PATCH /v1/workspaces/w1",
      "DELETE /v1/workspaces/w1",
      "POST /v1/users",
      "DELETE /v1/users/u1",
      "POST /v1/users/u1/invitation",
      "GET /v1/elements?kind=campaign&limit=1000",
      "GET /v1/elements?limit=1000",
      "GET /v1/elements/el-1",
      "PUT /v1/elements/el-1/workspace",
      "POST /v1/element-moves",
    ]);
    const byIndex = (i: number) => tracker.requests[i];
    expect(byIndex(4).body).toEqual({ name: "eu-team" });
    expect(byIndex(7).body).toEqual({ email: "ann@brand.test", role: "readonly", workspaces: ["w1"] });
    expect(byIndex(13).body).toEqual({ workspace: "public" });
    expect(byIndex(14).body).toEqual({ moves: [{ id: "el-1", workspace: "w1", etag: "e5" }] });
    expect([5, 6, 8, 9, 13].map((i) => byIndex(i).headers.get("If-Match"))).toEqual([
      '"e1"',
      '"e1"',
      '"e2"',
      '"e3"',
      '"e4"',
    ]);
    expect(client.stats).toEqual({ reads: 7, writes: 8, retries: 0 });
  });
});

describe("pagination", () => {
  it.each([
    [0, 1],
    [1, 1],
    [1000, 1],
    [2500, 3],
    [10_000, 10],
  ])("reads %i users in %i requests of limit 1000, following nextCursor", async (total, expected) => {
    const tracker = pagedUsers(total);
    const client = createTrackerClient({ baseUrl: BASE, apiKey: KEY, fetch: tracker.fetch });
    const users = await client.listUsers();

    expect(users).toHaveLength(total);
    expect(new Set(users.map((u) => u.id)).size).toBe(total);
    expect(tracker.requests).toHaveLength(expected);
    expect(tracker.requests.map((r) => r.url.searchParams.get("limit"))).toEqual(Array(expected).fill("1000"));
    const cursors = tracker.requests.map((r) => r.url.searchParams.get("cursor"));
    expect(cursors).toEqual([null, ...Array.from({ length: expected - 1 }, (_, i) => String((i + 1) * 1000))]);
  });

  it("uses the configured page size, never above 1000", async () => {
    const small = pagedUsers(250);
    await createTrackerClient({ baseUrl: BASE, apiKey: KEY, fetch: small.fetch, pageSize: 100 }).listUsers();
    expect(small.requests).toHaveLength(3);

    const large = pagedUsers(2000);
    await createTrackerClient({ baseUrl: BASE, apiKey: KEY, fetch: large.fetch, pageSize: 5000 }).listUsers();
    expect(large.requests.map((r) => r.url.searchParams.get("limit"))).toEqual(["1000", "1000"]);
  });

  it("stops with an error when the tracker repeats a cursor", async () => {
    const tracker = recordingFetch(() => json({ items: [], nextCursor: "same" }));
    const client = createTrackerClient({ baseUrl: BASE, apiKey: KEY, fetch: tracker.fetch });
    await expect(client.listWorkspaces()).rejects.toThrow(/workspaces: the tracker returned cursor "same" twice/);
    expect(tracker.requests).toHaveLength(2);
  });
});

describe("error answers", () => {
  it("become a TrackerApiError naming method, path, status, problem type and detail", async () => {
    const tracker = recordingFetch(() =>
      problem(412, "precondition-failed", "Precondition failed", { detail: "etag e-1 is stale" }),
    );
    const client = createTrackerClient({ baseUrl: BASE, apiKey: KEY, fetch: tracker.fetch });
    const error = await client.updateUser("u-12", { role: "admin" }, "e-1").catch((e: unknown) => e);

    expect(error).toBeInstanceOf(TrackerApiError);
    const apiError = error as TrackerApiError;
    expect(apiError.message).toBe("PATCH /v1/users/u-12 → 412 precondition-failed: etag e-1 is stale");
    expect(apiError).toMatchObject({ name: "TrackerApiError", method: "PATCH", path: "/v1/users/u-12", status: 412 });
    expect(apiError.problem?.type).toBe("urn:tracker-access:problem:precondition-failed");
    expect(apiError.problemKind).toBe("precondition-failed");
    expect(tracker.requests).toHaveLength(1);
  });

  it("reports a non-problem body by status text and a short excerpt", async () => {
    const tracker = recordingFetch(
      () => new Response("<html>bad gateway</html>", { status: 404, statusText: "Not Found" }),
    );
    const client = createTrackerClient({ baseUrl: BASE, apiKey: KEY, fetch: tracker.fetch });
    await expect(client.getElement("el-9")).rejects.toThrow(
      "GET /v1/elements/el-9 → 404 Not Found: <html>bad gateway</html>",
    );
  });

  it("never carries the API key, even when the tracker echoes it", async () => {
    const tracker = recordingFetch((request) =>
      problem(401, "unauthorized", `Unknown API key ${request.headers.get("X-Api-Key")}`, {
        detail: `key=${request.headers.get("X-Api-Key")}`,
      }),
    );
    const client = createTrackerClient({ baseUrl: BASE, apiKey: KEY, fetch: tracker.fetch });
    const error = (await client.getMe().catch((e: unknown) => e)) as TrackerApiError;

    expect(error).toBeInstanceOf(TrackerApiError);
    expect(error.status).toBe(401);
    for (const text of [error.message, JSON.stringify(error), error.stack ?? "", String(error)]) {
      expect(text).not.toContain(KEY);
    }
    expect(error.message).toContain("[redacted]");
  });
});
