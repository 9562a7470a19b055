/**
 * An existing account under a new stack, on the real Pulumi engine (test/pulumi/real-engine.ts): the first
 * `pulumi up` over an account that already matches the declaration writes nothing (requests counted through a
 * proxy); refresh decides "changed" by the provider's Diff, so an invitation that expired is drift until `up`
 * re-sends it and an invitation accepted is none; and a key rotation — refresh and destroy configure the
 * provider from the state, so the README's sequence after `pulumi config set --secret` is what is run here.
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { readLiveAccount } from "../../src/reconcile/live-account.ts";
import type { SandboxSeed } from "../../src/sandbox/seed.ts";
import { type RunningSandbox, startSandbox } from "../../src/sandbox/server.ts";
import { SandboxStore } from "../../src/sandbox/store.ts";
import { addApiKey, findUserByEmail, hashApiKey } from "../../src/sandbox/store-users.ts";
import { createTrackerClient } from "../../src/tracker/http-client.ts";
import { describeWithPulumi, type EngineStack, startEngineStack, writeDeclaration } from "./real-engine.ts";
import { type RequestCounter, startRequestCounter } from "./request-counter.ts";

const OWNER = "owner@heron.test";
const OLD_KEY = "sk-sandbox-heron-owner";
const NEW_KEY = "sk-sandbox-heron-owner-rotated";
const DAY = 24 * 3600_000;

/** Heron's account, exactly as the declaration below says (no element: destroy can delete the workspace). */
const SEED: SandboxSeed = {
  account: { id: "heron", name: "Heron Ads", profile: "voluum" },
  workspaces: [{ name: "team" }],
  users: [
    { email: OWNER, role: "owner", apiKey: OLD_KEY },
    { email: "ada@heron.test", role: "worker", workspaces: ["team"] },
    { email: "max@brand.test", role: "readonly", workspaces: ["team"], hiddenColumns: ["cost"], status: "invited" },
  ],
  elements: [],
};
const USERS = [
  `{ email: ${OWNER}, role: owner }`,
  "{ email: ada@heron.test, role: worker, workspaces: [team] }",
  "{ email: max@brand.test, role: readonly, workspaces: [team], hiddenColumns: [cost] }",
];
const declaration = (users: string[]) =>
  writeDeclaration(
    "heron.yaml",
    [
      "apiVersion: tracker-access/v1",
      "tracker: voluum",
      "account: heron",
      "workspaces: [{ name: team }]",
      "users:",
      ...users.map((u) => `  - ${u}`),
      "",
    ].join("\n"),
  );

describeWithPulumi("an existing account under a new stack, on the real Pulumi engine", () => {
  let sandbox: RunningSandbox;
  let counter: RequestCounter;
  let stack: EngineStack;
  let db: string;
  /** The sandbox's clock runs `shift` ms behind: invitations it sends now expire `shift` ms earlier. */
  let shift = 0;

  beforeAll(async () => {
    db = join(mkdtempSync(join(tmpdir(), "tracker-access-heron-")), "heron.db");
    sandbox = await startSandbox({ db, seed: SEED, log: () => {}, now: () => new Date(Date.now() - shift) });
    counter = await startRequestCounter(sandbox.url);
    stack = await startEngineStack(SEED, declaration(USERS), OWNER, { sandbox, apiUrl: counter.url });
  });
  afterAll(async () => {
    await stack?.close();
    await counter?.close();
    await sandbox?.close();
  });

  it("the first pulumi up over an account that matches the declaration reads it once and writes nothing", async () => {
    counter.reset();
    const up = await stack.up();
    expect(up.ok, up.output).toBe(true);
    expect(counter.writes(), JSON.stringify(counter.counts())).toBe(0);
    // One account read (me, account, workspaces, users, elements: one page each), as `tracker-access apply` reads.
    expect(counter.counts().GET).toBe(5);
    const again = await stack.preview({ expectNoChanges: true, refresh: true });
    expect(again.ok, again.output).toBe(true);
  });

  it("an invitation that expired is drift until up re-sends it; an accepted one is no drift", async () => {
    // An invitation sent by a clock 30 days behind has expired by the provider's clock the moment it is sent.
    shift = 30 * DAY;
    const invite = [...USERS, "{ email: lee@brand.test, role: readonly, workspaces: [team] }"];
    expect(stack.cli(["config", "set", "tracker-access:declaration", declaration(invite)]).ok).toBe(true);
    expect((await stack.up()).ok).toBe(true);
    const drift = await stack.previewRefresh({ expectNoChanges: true });
    expect(drift.ok, drift.output).toBe(false);
    expect(drift.output).toMatch(/~ +pulumi-nodejs:dynamic\/tracker-access:AccessPolicy heron update \[diff: ~users\]/);
    // The refreshed state marks the expired invitation; the update's diff names the user it re-sends.
    const named = await stack.preview({ refresh: true, diff: true, expectNoChanges: true });
    expect(named.ok).toBe(false);
    expect(named.output).toMatch(/~ lee@brand\.test *: \{[^}]*- invitationExpired: true/);
    shift = 0;
    const resent = await stack.up({ refresh: true });
    expect(resent.ok, resent.output).toBe(true);
    expect((await stack.live()).users.find((u) => u.email === "lee@brand.test")).toMatchObject({ status: "invited" });
    expect((await stack.previewRefresh({ expectNoChanges: true })).ok).toBe(true);

    sandbox.acceptInvitation("lee@brand.test");
    const accepted = await stack.previewRefresh({ expectNoChanges: true });
    expect(accepted.ok, accepted.output).toBe(true);
    expect((await stack.preview({ refresh: true, expectNoChanges: true })).ok).toBe(true);
  });

  it("key rotation: after config set --secret, `pulumi up` (or --run-program) before refresh and destroy", async () => {
    // Rotate: the owner gets a new key, the old one is revoked.
    const store = new SandboxStore(db);
    addApiKey(store, findUserByEmail(store, OWNER)!.id, NEW_KEY);
    store.sql("DELETE FROM api_keys WHERE key_hash = ?").run(hashApiKey(OLD_KEY));
    store.close();
    expect(stack.cli(["config", "set", "--secret", "tracker-access:apiKey"], NEW_KEY).ok).toBe(true);

    // The state's provider still holds the old key: a plain refresh is refused by the tracker.
    const stale = await stack.refresh();
    expect(stale.ok).toBe(false);
    expect(stale.output.length, "a key-free transcript must not be an empty one").toBeGreaterThan(0);
    expect(stale.output).not.toContain(NEW_KEY);
    expect(stale.output).not.toContain(OLD_KEY);
    // What the README says to run: refresh --run-program configures the provider from the stack config.
    const refreshed = await stack.refresh({ runProgram: true, expectNoChanges: true });
    expect(refreshed.ok, refreshed.output).toBe(true);
    const live = () => readLiveAccount(createTrackerClient({ baseUrl: sandbox.url, apiKey: NEW_KEY }));
    const before = (await live()).users.map((u) => u.email).sort();
    const up = await stack.up();
    expect(up.ok, up.output).toBe(true);
    expect((await live()).users.map((u) => u.email).sort()).toEqual(before);
    const plain = await stack.refresh({ expectNoChanges: true });
    expect(plain.ok, plain.output).toBe(true);

    const destroyed = await stack.destroy();
    expect(destroyed.ok, destroyed.output).toBe(true);
    expect((await live()).users.map((u) => u.email)).toEqual([OWNER]);
    expect((await live()).workspaces.filter((w) => w.name === "team")).toEqual([]);
    expect(stack.transcript().length, "a key-free transcript must not be an empty one").toBeGreaterThan(0);
    expect(stack.transcript()).not.toContain(NEW_KEY);
    expect(stack.transcript()).not.toContain(OLD_KEY);
  });
});
