/**
 * Seeds: the format's checks against the profile, keys stored only as hashes, a seed's own element ids, and a
 * generated account at scale read back completely through the API.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { loadProfile } from "../../src/policy/profile-loader.ts";
import { largeSeed } from "../../src/sandbox/large-seed.ts";
import { readSeed, type SandboxSeed, SeedError } from "../../src/sandbox/seed.ts";
import { seedProblems } from "../../src/sandbox/seed-check.ts";
import { startSandbox } from "../../src/sandbox/server.ts";
import { call } from "./api.ts";

const dir = mkdtempSync(join(tmpdir(), "sandbox-seed-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const base: SandboxSeed = {
  account: { id: "s", name: "S", profile: "voluum" },
  workspaces: [{ name: "w1" }],
  users: [{ email: "owner@s.test", role: "owner", apiKey: "sk-seed-owner" }],
};

function problemsOf(seed: unknown): string {
  try {
    readSeed(seed as SandboxSeed);
  } catch (error) {
    expect(error).toBeInstanceOf(SeedError);
    return (error as Error).message;
  }
  throw new Error("the seed was accepted");
}

describe("checks", () => {
  it("refuses what the profile forbids, listing every problem with its pointer", () => {
    const seed: SandboxSeed = {
      ...base,
      workspaces: [{ name: "w1" }, { name: "w1" }, { name: "public" }],
      users: [
        ...base.users,
        { email: "OWNER@s.test", role: "worker" },
        { email: "x@s.test", role: "viewonly", workspaces: ["w9"] },
        { email: "y@s.test", role: "admin", hiddenColumns: ["cost"], allWorkspaces: true },
        { email: "z@s.test", role: "readonly", workspaces: ["w1"], status: "invited", apiKey: "sk-seed-pending" },
      ],
      elements: [
        { kind: "campaign", name: "C", workspace: "public", connections: [{ kind: "offer", name: "Nope" }] },
        { kind: "widget", name: "W", workspace: "w1" },
        { id: "el-5", kind: "offer", name: "O", workspace: "w1" },
      ],
    };
    const profile = loadProfile("voluum");
    if (profile === undefined) throw new Error("no voluum profile");
    expect(seedProblems(seed, profile)).toEqual([
      '/workspaces/1/name: workspace "w1" is listed twice',
      '/workspaces/2/name: "public" is reserved',
      "/users/1/email: OWNER@s.test is listed twice",
      '/users/1/workspaces: role "worker" needs at least one private workspace',
      '/users/2/role: voluum has no role "viewonly"',
      '/users/2/workspaces: unknown workspace "w9"',
      "/users/3/allWorkspaces: voluum cannot grant every workspace at once",
      '/users/3/hiddenColumns: columns cannot be hidden from role "admin"',
      "/users/4/apiKey: a pending invitation cannot have an API key",
      "/elements/0/workspace: a campaign cannot be in the public workspace",
      '/elements/1/kind: voluum has no element kind "widget"',
      '/elements/2/id: "el-5" has the form of a generated id',
      '/elements/0/connections/0: unknown offer "Nope"',
    ]);
    // The error message names the first ten and counts the rest, to stay one readable line.
    expect(problemsOf(seed)).toMatch(/^seed: invalid sandbox seed: \/workspaces\/1\/name: .*; and 3 more$/);
  });

  it("refuses a seed of another shape or an unknown profile", () => {
    expect(problemsOf({ account: { id: "s", name: "S" }, users: [] })).toContain("/account/profile");
    expect(problemsOf({ ...base, account: { ...base.account, profile: "matomo" } })).toContain(
      "no policies/matomo.yaml",
    );
  });

  it("reads YAML files and reports a file that is not YAML", () => {
    const file = join(dir, "broken.yaml");
    writeFileSync(file, "account: [\n");
    expect(() => readSeed(file)).toThrow(/broken\.yaml: invalid sandbox seed/);
  });
});

describe("what is stored", () => {
  it("API keys are stored as hashes only", async () => {
    const db = join(dir, "keys.db");
    const sandbox = await startSandbox({ db, seed: base });
    await sandbox.close();
    const bytes = readFileSync(db).toString("latin1") + readFileSync(`${db}-wal`, { flag: "a+" }).toString("latin1");
    expect(bytes).not.toContain("sk-seed-owner");
  });

  it("an element can carry the tracker's own id, which the API uses everywhere", async () => {
    const sandbox = await startSandbox({
      seed: {
        ...base,
        elements: [
          { id: "4f1c2a9e-vela-trial", kind: "offer", name: "Vela Trial", workspace: "w1" },
          {
            kind: "campaign",
            name: "Vela Campaign",
            workspace: "w1",
            connections: [{ kind: "offer", name: "Vela Trial" }],
          },
        ],
      },
    });
    try {
      const key = "sk-seed-owner";
      const offer = await call(sandbox, "GET", "/v1/elements/4f1c2a9e-vela-trial", { key });
      expect(offer.body).toMatchObject({ id: "4f1c2a9e-vela-trial", name: "Vela Trial" });
      const list = (await call(sandbox, "GET", "/v1/elements?kind=campaign", { key })).body.items;
      expect(list[0].connections).toEqual([{ kind: "offer", id: "4f1c2a9e-vela-trial" }]);
      const refused = await call(sandbox, "PUT", "/v1/elements/4f1c2a9e-vela-trial/workspace", {
        key,
        body: { workspace: "public" },
        ifMatch: offer.body.etag,
      });
      expect([refused.status, refused.body.elements]).toEqual([409, [list[0].id]]);
    } finally {
      await sandbox.close();
    }
  });

  it("elements carry the seed's tags, sorted, through every read and across a move and a restart", async () => {
    const db = join(dir, "tags.db");
    const seed: SandboxSeed = {
      ...base,
      workspaces: [{ name: "w1" }, { name: "w2" }],
      elements: [
        { kind: "offer", name: "Vela Trial", workspace: "w1", tags: ["trial", "brand-vela"] },
        { kind: "offer", name: "Plain", workspace: "w1" },
      ],
    };
    const key = "sk-seed-owner";
    let sandbox = await startSandbox({ seed, db });
    try {
      const list = (await call(sandbox, "GET", "/v1/elements", { key })).body.items;
      expect(list.map((e: { tags: string[] }) => e.tags)).toEqual([["brand-vela", "trial"], []]);
      const w2 = (await call(sandbox, "GET", "/v1/workspaces", { key })).body.items[1].id;
      const moved = await call(sandbox, "PUT", `/v1/elements/${list[0].id}/workspace`, {
        key,
        body: { workspace: w2 },
        ifMatch: list[0].etag,
      });
      expect(moved.body.tags).toEqual(["brand-vela", "trial"]);
    } finally {
      await sandbox.close();
    }
    sandbox = await startSandbox({ seed, db });
    try {
      const again = await call(sandbox, "GET", "/v1/elements?kind=offer", { key });
      expect(again.body.items[0].tags).toEqual(["brand-vela", "trial"]);
    } finally {
      await sandbox.close();
    }
  });

  it("refuses an empty tag, a tag twice and a tag over 64 characters", () => {
    const elements = [
      { kind: "offer", name: "A", workspace: "w1", tags: [""] },
      { kind: "offer", name: "B", workspace: "w1", tags: ["x", "x"] },
      { kind: "offer", name: "C", workspace: "w1", tags: ["t".repeat(65)] },
    ];
    const message = problemsOf({ ...base, elements });
    expect(message).toContain("/elements/0/tags/0");
    expect(message).toContain("/elements/1/tags");
    expect(message).toContain("/elements/2/tags/0");
  });
});

describe("scale", () => {
  it("a generated account of 2,000 users and 20,000 elements reads back complete, page by page", async () => {
    const seed = largeSeed({ users: 2000, elements: 20_000, workspaces: 40 });
    const sandbox = await startSandbox({ db: join(dir, "scale.db"), seed });
    try {
      const key = sandbox.apiKeys["owner@large.test"];
      const all = async (resource: string) => {
        const items = [];
        let cursor: string | null = null;
        do {
          const query: string = cursor === null ? "" : `&cursor=${cursor}`;
          const page = await call(sandbox, "GET", `/v1/${resource}?limit=1000${query}`, { key });
          items.push(...page.body.items);
          cursor = page.body.nextCursor;
        } while (cursor !== null);
        return items;
      };
      const users = await all("users");
      const elements = await all("elements");
      expect(users.map((u) => u.email)).toEqual(seed.users.map((u) => u.email));
      expect(elements.map((e) => e.name)).toEqual(seed.elements?.map((e) => e.name));
      const kindOf = new Map(elements.map((e) => [e.id, e.kind]));
      const connections = elements.flatMap((e) => e.connections);
      expect(connections.length).toBe(seed.elements?.reduce((n, e) => n + (e.connections?.length ?? 0), 0));
      expect(connections.every((c) => kindOf.get(c.id) === c.kind)).toBe(true);
    } finally {
      await sandbox.close();
    }
  });
});
