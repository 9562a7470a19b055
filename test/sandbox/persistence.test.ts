/**
 * State that lasts: a restart on the same database file keeps everything, If-Match makes concurrent writers lose
 * no update, and a refused or interrupted change leaves nothing half-written.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import type { SandboxSeed } from "../../src/sandbox/seed.ts";
import { startSandbox } from "../../src/sandbox/server.ts";
import { SandboxStore } from "../../src/sandbox/store.ts";
import { call } from "./api.ts";

const dir = mkdtempSync(join(tmpdir(), "sandbox-persistence-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const seedFile = join(import.meta.dirname, "..", "..", "examples", "sandbox", "voluum-acme.seed.yaml");
const OWNER = "sk-sandbox-acme-owner";

async function snapshot(url: string) {
  const get = async (path: string) => (await call(url, "GET", path, { key: OWNER })).body.items;
  return {
    workspaces: await get("/v1/workspaces?limit=1000"),
    users: await get("/v1/users?limit=1000"),
    elements: await get("/v1/elements?limit=1000"),
  };
}

describe("restart", () => {
  it("a sandbox restarted on the same file has every change and is not reseeded", async () => {
    const db = join(dir, "restart.db");
    const first = await startSandbox({ db, seed: seedFile });
    const created = await call(first, "POST", "/v1/workspaces", { key: OWNER, body: { name: "apac-team" } });
    const users = (await call(first, "GET", "/v1/users", { key: OWNER })).body.items;
    const bob = users.find((u: { email: string }) => u.email === "bob@acme.test");
    await call(first, "PATCH", `/v1/users/${bob.id}`, {
      key: OWNER,
      body: { workspaces: [...bob.workspaces, created.body.id] },
      ifMatch: bob.etag,
    });
    await call(first, "POST", "/v1/users", { key: OWNER, body: { email: "new@acme.test", role: "admin" } });
    const before = await snapshot(first.url);
    await first.close();

    const second = await startSandbox({ db, seed: seedFile });
    expect(second.apiKeys).toEqual(first.apiKeys);
    expect(await snapshot(second.url)).toEqual(before);
    await second.close();
    // Without a seed the file is used as it is (no keys to print).
    const third = await startSandbox({ db });
    expect(third.apiKeys).toEqual({});
    expect(await snapshot(third.url)).toEqual(before);
    await third.close();
  });

  it("refuses a seed of another account for a file that holds one, and an empty database without a seed", async () => {
    const db = join(dir, "other.db");
    await (await startSandbox({ db, seed: seedFile })).close();
    const other: SandboxSeed = {
      account: { id: "other", name: "Other", profile: "voluum" },
      users: [{ email: "o@other.test", role: "owner" }],
    };
    await expect(startSandbox({ db, seed: other })).rejects.toThrow(/holds account "acme"/);
    await expect(startSandbox({ db: join(dir, "empty.db") })).rejects.toThrow(/empty; give a seed/);
  });
});

describe("concurrent writers", () => {
  it("two clients with the same etag: one 200, one 412; the loser re-reads, retries, and both changes stay", async () => {
    const db = join(dir, "concurrent.db");
    // Two servers on one database file, as two tracker nodes behind a balancer.
    const a = await startSandbox({ db, seed: seedFile });
    const b = await startSandbox({ db, seed: seedFile });
    try {
      const users = (await call(a, "GET", "/v1/users", { key: OWNER })).body.items;
      const client = users.find((u: { email: string }) => u.email === "client@brand.test");
      const eu = client.workspaces[0];
      const us = (await call(a, "GET", "/v1/workspaces", { key: OWNER })).body.items[1].id;
      const changes = [{ hiddenColumns: ["cost", "profit"] }, { workspaces: [eu, us] }];
      const path = `/v1/users/${client.id}`;
      const answers = await Promise.all([
        call(a, "PATCH", path, { key: OWNER, body: changes[0], ifMatch: client.etag }),
        call(b, "PATCH", path, { key: OWNER, body: changes[1], ifMatch: client.etag }),
      ]);
      expect(answers.map((x) => x.status).sort()).toEqual([200, 412]);
      const loser = answers.findIndex((x) => x.status === 412);
      const fresh = (await call(b, "GET", path, { key: OWNER })).body;
      const retried = await call(loser === 0 ? a : b, "PATCH", path, {
        key: OWNER,
        body: changes[loser],
        ifMatch: fresh.etag,
      });
      expect(retried.status).toBe(200);
      expect((await call(a, "GET", path, { key: OWNER })).body).toMatchObject({
        hiddenColumns: ["cost", "profit"],
        workspaces: [eu, us],
      });
    } finally {
      await a.close();
      await b.close();
    }
  });
});

describe("transactions", () => {
  it("a group move with one stale etag changes nothing", async () => {
    const sandbox = await startSandbox({ seed: seedFile });
    try {
      const before = await snapshot(sandbox.url);
      const loose = before.elements.filter((e: { name: string }) =>
        ["Old Casino Lander", "Unused Test Offer"].includes(e.name),
      );
      const moves = loose.map((e: { id: string; etag: string }, i: number) => ({
        id: e.id,
        workspace: "public",
        etag: i === 0 ? e.etag : "old",
      }));
      expect((await call(sandbox, "POST", "/v1/element-moves", { key: OWNER, body: { moves } })).status).toBe(412);
      expect(await snapshot(sandbox.url)).toEqual(before);
    } finally {
      await sandbox.close();
    }
  });

  it("a transaction that throws after writing is rolled back", () => {
    const store = new SandboxStore(join(dir, "rollback.db"));
    try {
      store.transaction("write", () => store.setAccount({ id: "x", name: "X", profile: "voluum" }));
      expect(() =>
        store.transaction("write", () => {
          store.createWorkspace("half-written", "2025-01-01T00:00:00Z");
          throw new Error("refused after writing");
        }),
      ).toThrow("refused after writing");
      expect(store.countWorkspaces()).toBe(0);
      expect(store.db.isTransaction).toBe(false);
    } finally {
      store.close();
    }
  });

  it("a process killed inside a transaction leaves the file as it was before it", () => {
    const db = join(dir, "crash.db");
    const store = new SandboxStore(db);
    store.transaction("write", () => {
      store.setAccount({ id: "x", name: "X", profile: "voluum" });
      store.createWorkspace("kept", "2025-01-01T00:00:00Z");
    });
    store.close();
    const script = `
      import { SandboxStore } from ${JSON.stringify(join(import.meta.dirname, "..", "..", "src", "sandbox", "store.ts"))};
      const store = new SandboxStore(${JSON.stringify(db)});
      store.db.exec("BEGIN IMMEDIATE");
      store.createWorkspace("lost", "2025-01-01T00:00:00Z");
      store.renameWorkspace("ws-1", "renamed");
      process.kill(process.pid, "SIGKILL");`;
    const child = spawnSync(process.execPath, ["--input-type=module", "-e", script], { encoding: "utf8" });
    expect(child.signal).toBe("SIGKILL");
    const reopened = new SandboxStore(db);
    try {
      expect(reopened.listWorkspaces(0, 10).items.map((w) => w.name)).toEqual(["kept"]);
    } finally {
      reopened.close();
    }
  });
});
