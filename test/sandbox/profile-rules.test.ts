/**
 * The profile rules the sandbox enforces server-side, over HTTP: the private-workspace limit, hidden columns,
 * the all-workspaces grant, private workspaces for workers, the move rule (preserve-visibility vs free), and
 * invitations (expiry, acceptance).
 */
import { afterEach, describe, expect, it } from "vitest";
import { workspaceNameProblem } from "../../src/policy/workspace-names.ts";
import type { SandboxSeed } from "../../src/sandbox/seed.ts";
import { type RunningSandbox, startSandbox } from "../../src/sandbox/server.ts";
import { call, problemKind } from "./api.ts";

let sandbox: RunningSandbox | undefined;
afterEach(async () => {
  await sandbox?.close();
  sandbox = undefined;
});

const OWNER_KEY = "sk-rules-owner";
const ADMIN_KEY = "sk-rules-admin";

function seed(profile: string, extra: Partial<SandboxSeed> = {}): SandboxSeed {
  return {
    account: { id: `rules-${profile}`, name: "Rules", profile },
    workspaces: [{ name: "w1" }, { name: "w2" }],
    users: [
      { email: "owner@rules.test", role: "owner", apiKey: OWNER_KEY },
      { email: "admin@rules.test", role: "admin", apiKey: ADMIN_KEY },
    ],
    ...extra,
  };
}

async function start(given: SandboxSeed, now?: () => Date): Promise<RunningSandbox> {
  sandbox = await startSandbox({ seed: given, now });
  return sandbox;
}

async function workspaceId(s: RunningSandbox, name: string): Promise<string> {
  const { body } = await call(s, "GET", "/v1/workspaces?limit=1000", { key: OWNER_KEY });
  return body.items.find((w: { name: string }) => w.name === name).id;
}

async function elementsByName(s: RunningSandbox) {
  const { body } = await call(s, "GET", "/v1/elements?limit=1000", { key: OWNER_KEY });
  return Object.fromEntries(body.items.map((e: { name: string }) => [e.name, e]));
}

describe("workspaces", () => {
  it("refuses the names the validator refuses: reserved in any case or spacing, padded, control characters", async () => {
    const s = await start(seed("voluum"));
    for (const name of ["Public", " public ", " * ", "eu-team ", "us\tteam"]) {
      const created = await call(s, "POST", "/v1/workspaces", { key: ADMIN_KEY, body: { name } });
      // Refused as a rule violation, or earlier by request validation (control characters): never created.
      expect([400, 422], JSON.stringify(name)).toContain(created.status);
      expect(workspaceNameProblem(name), JSON.stringify(name)).toBeDefined();
    }
    expect((await call(s, "POST", "/v1/workspaces", { key: ADMIN_KEY, body: { name: "Publicity" } })).status).toBe(201);
    expect(workspaceNameProblem("Publicity")).toBeUndefined();
    await expect(startSandbox({ seed: seed("voluum", { workspaces: [{ name: " Public" }] }) })).rejects.toThrow(
      /reserved/,
    );
  });

  it("PeerClick: the 50th private workspace is created, the 51st is 409 workspace-limit", async () => {
    const workspaces = Array.from({ length: 49 }, (_, i) => ({ name: `market-${i + 1}` }));
    const s = await start(seed("peerclick", { workspaces }));
    const fiftieth = await call(s, "POST", "/v1/workspaces", { key: ADMIN_KEY, body: { name: "market-50" } });
    expect(fiftieth.status).toBe(201);
    const over = await call(s, "POST", "/v1/workspaces", { key: ADMIN_KEY, body: { name: "market-51" } });
    expect([over.status, problemKind(over)]).toEqual([409, "workspace-limit"]);
    expect((await call(s, "GET", "/v1/account", { key: ADMIN_KEY })).body.limits).toEqual({ privateWorkspaces: 50 });
  });

  it("renaming to an existing name is 409; renaming to the same name changes nothing", async () => {
    const s = await start(seed("voluum"));
    const { body } = await call(s, "GET", "/v1/workspaces", { key: OWNER_KEY });
    const [w1, w2] = body.items;
    const taken = await call(s, "PATCH", `/v1/workspaces/${w1.id}`, {
      key: OWNER_KEY,
      body: { name: "w2" },
      ifMatch: w1.etag,
    });
    expect(taken.status).toBe(409);
    const same = await call(s, "PATCH", `/v1/workspaces/${w2.id}`, {
      key: OWNER_KEY,
      body: { name: "w2" },
      ifMatch: w2.etag,
    });
    expect([same.status, same.body.etag]).toEqual([200, w2.etag]);
  });
});

describe("users' access", () => {
  it("hidden columns: only for the profile's roles and only known columns (422 rule-violation)", async () => {
    const s = await start(seed("voluum"));
    const w1 = await workspaceId(s, "w1");
    const invite = (body: object) => call(s, "POST", "/v1/users", { key: ADMIN_KEY, body });
    const ok = await invite({
      email: "client@rules.test",
      role: "readonly",
      workspaces: [w1],
      hiddenColumns: ["cost", "roi"],
    });
    expect([ok.status, ok.body.hiddenColumns]).toEqual([201, ["cost", "roi"]]);
    const worker = await invite({ email: "w@rules.test", role: "worker", workspaces: [w1], hiddenColumns: ["cost"] });
    expect([worker.status, problemKind(worker), worker.body.errors[0].pointer]).toEqual([
      422,
      "rule-violation",
      "/hiddenColumns",
    ]);
    const unknown = await invite({
      email: "c2@rules.test",
      role: "readonly",
      workspaces: [w1],
      hiddenColumns: ["margin"],
    });
    expect(unknown.body.errors).toEqual([{ pointer: "/hiddenColumns", message: 'unknown column "margin"' }]);

    const peerclick = await startSandbox({ seed: seed("peerclick") });
    try {
      const w = (await call(peerclick, "GET", "/v1/workspaces", { key: OWNER_KEY })).body.items[0].id;
      const none = await call(peerclick, "POST", "/v1/users", {
        key: OWNER_KEY,
        body: { email: "x@rules.test", role: "worker", workspaces: [w], hiddenColumns: ["cost"] },
      });
      expect(none.status).toBe(422);
      expect((await call(peerclick, "GET", "/v1/account", { key: OWNER_KEY })).body.columns).toEqual([]);
    } finally {
      await peerclick.close();
    }
  });

  it("a role change away from read-only drops hidden columns unless the change names some", async () => {
    const s = await start(seed("voluum"));
    const w1 = await workspaceId(s, "w1");
    const client = (
      await call(s, "POST", "/v1/users", {
        key: OWNER_KEY,
        body: { email: "client@rules.test", role: "readonly", workspaces: [w1], hiddenColumns: ["cost"] },
      })
    ).body;
    const keep = await call(s, "PATCH", `/v1/users/${client.id}`, {
      key: OWNER_KEY,
      body: { role: "worker", hiddenColumns: ["cost"] },
      ifMatch: client.etag,
    });
    expect(keep.status).toBe(422);
    const worker = await call(s, "PATCH", `/v1/users/${client.id}`, {
      key: OWNER_KEY,
      body: { role: "worker" },
      ifMatch: client.etag,
    });
    expect([worker.status, worker.body.role, worker.body.hiddenColumns]).toEqual([200, "worker", []]);
  });

  it("workers and read-only users need a private workspace; public and unknown workspaces are refused", async () => {
    const s = await start(seed("voluum"));
    const invite = (body: object) => call(s, "POST", "/v1/users", { key: ADMIN_KEY, body });
    const none = await invite({ email: "w@rules.test", role: "worker" });
    expect(none.body.errors).toEqual([
      { pointer: "/workspaces", message: 'a "worker" needs at least one private workspace' },
    ]);
    const pub = await invite({ email: "w@rules.test", role: "worker", workspaces: ["public"] });
    expect(pub.body.errors.map((e: { message: string }) => e.message)).toEqual([
      "the public workspace cannot be assigned; everyone sees it",
      'a "worker" needs at least one private workspace',
    ]);
    const admin = await call(s, "POST", "/v1/users", {
      key: OWNER_KEY,
      body: { email: "a2@rules.test", role: "admin" },
    });
    expect(admin.status).toBe(201);
  });

  it("all workspaces at once: granted on Clicky, 422 on Voluum", async () => {
    const clicky = await start(seed("clicky", { users: [...seed("clicky").users] }));
    const analyst = await call(clicky, "POST", "/v1/users", {
      key: ADMIN_KEY,
      body: { email: "analyst@rules.test", role: "user", allWorkspaces: true },
    });
    expect([analyst.status, analyst.body.allWorkspaces, analyst.body.workspaces]).toEqual([201, true, []]);
    await clicky.close();
    const s = await start(seed("voluum"));
    const refused = await call(s, "POST", "/v1/users", {
      key: ADMIN_KEY,
      body: { email: "analyst@rules.test", role: "worker", allWorkspaces: true },
    });
    expect([refused.status, refused.body.errors[0].pointer]).toEqual([422, "/allWorkspaces"]);
  });

  it("an unknown role is 422", async () => {
    const s = await start(seed("voluum"));
    const w1 = await workspaceId(s, "w1");
    const bad = await call(s, "POST", "/v1/users", {
      key: OWNER_KEY,
      body: { email: "x@rules.test", role: "viewonly", workspaces: [w1] },
    });
    expect([bad.status, problemKind(bad)]).toEqual([422, "rule-violation"]);
  });
});

describe("invitations", () => {
  it("an invitation expires after seven days of the sandbox's clock; accepting then is refused, re-sending renews", async () => {
    let now = new Date("2025-03-01T00:00:00Z");
    const s = await start(seed("voluum"), () => now);
    const w1 = await workspaceId(s, "w1");
    const invited = await call(s, "POST", "/v1/users", {
      key: OWNER_KEY,
      body: { email: "late@rules.test", role: "worker", workspaces: [w1] },
    });
    expect(invited.body.invitationExpiresAt).toBe("2025-03-08T00:00:00.000Z");
    now = new Date("2025-03-09T00:00:00Z");
    expect(() => s.acceptInvitation("late@rules.test")).toThrow(/expired/);
    const resent = await call(s, "POST", `/v1/users/${invited.body.id}/invitation`, {
      key: OWNER_KEY,
      ifMatch: invited.body.etag,
    });
    expect(resent.body.invitationExpiresAt).toBe("2025-03-16T00:00:00.000Z");
    expect(s.acceptInvitation("late@rules.test").status).toBe("active");
    expect(() => s.acceptInvitation("late@rules.test")).toThrow(/already accepted/);
    expect(() => s.acceptInvitation("nobody@rules.test")).toThrow(/no invitation/);
  });

  it("a pending invitation is revoked by removing the user; its e-mail can be invited again", async () => {
    const s = await start(seed("voluum"));
    const body = { email: "again@rules.test", role: "admin" };
    const first = (await call(s, "POST", "/v1/users", { key: OWNER_KEY, body })).body;
    expect((await call(s, "DELETE", `/v1/users/${first.id}`, { key: OWNER_KEY, ifMatch: first.etag })).status).toBe(
      204,
    );
    const second = await call(s, "POST", "/v1/users", { key: OWNER_KEY, body });
    expect(second.status).toBe(201);
    expect(second.body.id).not.toBe(first.id);
  });
});

describe("moving elements", () => {
  const funnel = (profile: string): SandboxSeed =>
    seed(profile, {
      elements: [
        { kind: "traffic-source", name: "TS", workspace: "public" },
        { kind: "offer", name: "Offer", workspace: "w1" },
        { kind: "lander", name: "Lander", workspace: "w1" },
        { kind: "flow", name: "Flow", workspace: "w1", connections: [{ kind: "offer", name: "Offer" }] },
        {
          kind: "campaign",
          name: "Campaign",
          workspace: "w1",
          connections: [
            { kind: "flow", name: "Flow" },
            { kind: "lander", name: "Lander" },
          ],
        },
        { kind: "offer", name: "Shared", workspace: "public" },
        { kind: "flow", name: "Public Flow", workspace: "public", connections: [{ kind: "offer", name: "Shared" }] },
      ],
    });

  const move = (s: RunningSandbox, element: { id: string; etag: string }, workspace: string) =>
    call(s, "PUT", `/v1/elements/${element.id}/workspace`, {
      key: OWNER_KEY,
      body: { workspace },
      ifMatch: element.etag,
    });
  const group = (s: RunningSandbox, moves: Array<[{ id: string; etag: string }, string]>) =>
    call(s, "POST", "/v1/element-moves", {
      key: OWNER_KEY,
      body: { moves: moves.map(([e, workspace]) => ({ id: e.id, etag: e.etag, workspace })) },
    });

  it("Voluum, one by one: private → public only when every connected element is public", async () => {
    const s = await start(funnel("voluum"));
    const e = await elementsByName(s);
    const refused = await move(s, e.Offer, "public");
    expect([refused.status, refused.body.elements]).toEqual([409, [e.Flow.id]]);
  });

  it("Voluum, one by one: public → private only when every connected element is in that workspace", async () => {
    const s = await start(funnel("voluum"));
    const e = await elementsByName(s);
    const w2 = await workspaceId(s, "w2");
    const refused = await move(s, e.Shared, w2);
    expect([refused.status, refused.body.elements]).toEqual([409, [e["Public Flow"].id]]);
    // The used offer first would strand the flow; the flow first would strand the offer: only a group works.
    const flowFirst = await move(s, e["Public Flow"], w2);
    expect(flowFirst.status).toBe(409);
    const together = await group(s, [
      [e.Shared, w2],
      [e["Public Flow"], w2],
    ]);
    expect(together.body.items.map((x: { workspace: string }) => x.workspace)).toEqual([w2, w2]);
  });

  it("Voluum, a connected group moves in order or together, never half", async () => {
    const s = await start(funnel("voluum"));
    const e = await elementsByName(s);
    const w2 = await workspaceId(s, "w2");
    // Campaign → Flow → Offer and Campaign → Lander all in w1: any single move strands a connection.
    for (const name of ["Campaign", "Flow", "Offer", "Lander"]) expect((await move(s, e[name], w2)).status).toBe(409);
    const partial = await group(s, [
      [e.Campaign, w2],
      [e.Flow, w2],
      [e.Lander, w2],
    ]);
    expect([partial.status, partial.body.elements]).toEqual([409, [e.Offer.id]]);
    const all = await group(
      s,
      ["Campaign", "Flow", "Offer", "Lander"].map((n) => [e[n], w2]),
    );
    expect(all.status).toBe(200);
    const after = await elementsByName(s);
    expect(["Campaign", "Flow", "Offer", "Lander"].map((n) => after[n].workspace)).toEqual([w2, w2, w2, w2]);
  });

  it("PeerClick (moveRule free): connected elements move one by one; campaigns still cannot go public", async () => {
    const s = await start(funnel("peerclick"));
    const e = await elementsByName(s);
    const w2 = await workspaceId(s, "w2");
    expect((await move(s, e.Offer, "public")).status).toBe(200);
    expect((await move(s, e.Flow, w2)).status).toBe(200);
    const campaign = await move(s, e.Campaign, "public");
    expect([campaign.status, problemKind(campaign)]).toEqual([422, "not-allowed-in-public"]);
    const unknown = await move(s, e.Lander, "ws-99");
    expect([unknown.status, unknown.body.errors]).toEqual([
      422,
      [{ pointer: "/workspace", message: 'no private workspace "ws-99"' }],
    ]);
  });

  it("moving an element to the workspace it is in changes nothing", async () => {
    const s = await start(funnel("voluum"));
    const e = await elementsByName(s);
    const same = await move(s, e.Campaign, e.Campaign.workspace);
    expect([same.status, same.body.etag]).toEqual([200, e.Campaign.etag]);
  });
});
