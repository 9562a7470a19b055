/**
 * Benchmark of the reconcile engine against a sandbox holding a large account: 10,000 users, 50 workspaces and
 * 100,000 elements. Reports the requests and time of a no-op plan (target: the listings' page count plus a
 * constant) and of an apply of 1,000 changes (target: exactly one write per change).
 * Run: `node bench/reconcile.ts` (results also in bench/out/reconcile.json).
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Declaration } from "../src/declaration/model.ts";
import { loadProfile } from "../src/policy/profile-loader.ts";
import { applyPlan } from "../src/reconcile/apply.ts";
import { readLiveAccount } from "../src/reconcile/live-account.ts";
import { plan } from "../src/reconcile/plan.ts";
import type { SandboxSeed, SeedElement, SeedUser } from "../src/sandbox/seed.ts";
import { startSandbox } from "../src/sandbox/server.ts";
import { createTrackerClient } from "../src/tracker/http-client.ts";

const USERS = 10_000;
const WORKSPACES = 50;
const ELEMENTS = 100_000;
const PAGE = 1000;

// Phase 1: the account, generated deterministically.
function generate(): SandboxSeed {
  const workspaces = Array.from({ length: WORKSPACES }, (_, i) => ({ name: `team-${String(i + 1).padStart(2, "0")}` }));
  const users: SeedUser[] = [{ email: "owner@big.test", role: "owner", apiKey: "sk-bench-owner" }];
  for (let i = 1; i < USERS; i++) {
    const ws = workspaces[i % WORKSPACES].name;
    if (i < 10) users.push({ email: `admin${i}@big.test`, role: "admin" });
    else if (i % 5 === 0)
      users.push({ email: `client${i}@brand.test`, role: "readonly", workspaces: [ws], hiddenColumns: ["cost"] });
    else
      users.push({
        email: `worker${i}@big.test`,
        role: "worker",
        workspaces: [ws, workspaces[(i + 7) % WORKSPACES].name],
      });
  }
  const elements: SeedElement[] = [];
  const publicCount = 10_000;
  for (let i = 0; i < publicCount; i++)
    elements.push({ kind: i % 2 ? "lander" : "traffic-source", name: `public-${i}`, workspace: "public" });
  const perWorkspace = (ELEMENTS - publicCount) / WORKSPACES; // 1,800: 600 campaigns, 600 offers they use, 600 free offers
  for (const { name: ws } of workspaces) {
    for (let j = 0; j < perWorkspace / 3; j++) {
      elements.push({ kind: "offer", name: `${ws}-offer-${j}`, workspace: ws });
      elements.push({ kind: "offer", name: `${ws}-spare-${j}`, workspace: ws });
      elements.push({
        kind: "campaign",
        name: `${ws}-campaign-${j}`,
        workspace: ws,
        connections: [{ kind: "offer", name: `${ws}-offer-${j}` }],
      });
    }
  }
  return { account: { id: "big", name: "Big Agency", profile: "voluum" }, workspaces, users, elements };
}

/** The declaration that matches the seed exactly. */
function declarationOf(seed: SandboxSeed): Declaration {
  const at = { file: "big.yaml", line: 1, column: 1, path: "" };
  return {
    apiVersion: "tracker-access/v1",
    tracker: "voluum",
    account: "big",
    files: ["big.yaml"],
    workspaces: (seed.workspaces ?? []).map((w) => ({ name: w.name, at })),
    users: seed.users.map((u) => ({
      email: u.email,
      role: u.role,
      workspaces: u.workspaces ?? [],
      hiddenColumns: u.hiddenColumns,
      at,
    })),
    elements: (seed.elements ?? []).map((e) => ({ kind: e.kind, name: e.name, workspace: e.workspace, uses: [], at })),
  };
}

/** 1,000 changes: 300 membership changes, 200 hidden-column changes, 200 invites, 200 moves, 100 removals. */
function thousandChanges(want: Declaration): Declaration {
  const users = want.users.map((u) => ({ ...u }));
  const workers = users.filter((u) => u.role === "worker");
  const clients = users.filter((u) => u.role === "readonly");
  for (const u of workers.slice(0, 300)) u.workspaces = [(u.workspaces as string[])[0]];
  for (const u of clients.slice(0, 200)) u.hiddenColumns = ["cost", "profit"];
  const removed = new Set(workers.slice(-100).map((u) => u.email));
  const invited = Array.from({ length: 200 }, (_, i) => ({
    email: `new${i}@big.test`,
    role: "worker",
    workspaces: [`team-${String((i % WORKSPACES) + 1).padStart(2, "0")}`],
    hiddenColumns: undefined,
    at: users[0].at,
  }));
  let moved = 0;
  const elements = want.elements.map((e) => {
    if (moved < 200 && e.name?.includes("-spare-")) {
      moved++;
      return { ...e, workspace: e.workspace === "team-01" ? "team-02" : "team-01" };
    }
    return e;
  });
  return { ...want, users: [...users.filter((u) => !removed.has(u.email)), ...invited], elements };
}

const seconds = (start: number) => Number(((performance.now() - start) / 1000).toFixed(3));

const seed = generate();
const profile = loadProfile("voluum")!;
let start = performance.now();
const sandbox = await startSandbox({ seed, log: () => {} });
const seedSeconds = seconds(start);
try {
  const client = createTrackerClient({
    baseUrl: sandbox.url,
    apiKey: sandbox.apiKeys["owner@big.test"],
    pageSize: PAGE,
  });
  const want = declarationOf(seed);
  const pages = 1 + Math.ceil(USERS / PAGE) + Math.ceil(ELEMENTS / PAGE);

  // Phase 2: a no-op plan: read everything, plan, apply nothing.
  start = performance.now();
  const have = await readLiveAccount(client);
  const readSeconds = seconds(start);
  start = performance.now();
  const noop = plan(want, have, profile);
  const planSeconds = seconds(start);
  const noopApply = await applyPlan(noop, client, { have });
  const noopResult = {
    operations: noop.operations.length,
    refusals: noop.refusals.length,
    requests: { ...client.stats },
    listingPages: pages,
    readSeconds,
    planSeconds,
    writes: noopApply.requests.writes,
  };

  // Phase 3: 1,000 changes.
  const changed = thousandChanges(want);
  const before = { ...client.stats };
  start = performance.now();
  const fresh = await readLiveAccount(client);
  const changes = plan(changed, fresh, profile);
  const changePlanSeconds = seconds(start);
  start = performance.now();
  const applied = await applyPlan(changes, client, { have: fresh, concurrency: 16 });
  const applySeconds = seconds(start);
  const failed = applied.results.filter((r) => r.status !== "done");
  const after = await readLiveAccount(client);
  const replan = plan(changed, after, profile);
  const changeResult = {
    operations: changes.operations.length,
    refusals: changes.refusals.map((v) => v.message),
    readAndPlanSeconds: changePlanSeconds,
    applySeconds,
    applyRequests: applied.requests,
    notDone: failed.length,
    readsIncludingReplan: client.stats.reads - before.reads,
    replanOperations: replan.operations.length,
  };

  const report = {
    account: { users: USERS, workspaces: WORKSPACES, elements: ELEMENTS },
    seedSeconds,
    noop: noopResult,
    thousandChanges: changeResult,
  };
  console.log(JSON.stringify(report, null, 2));
  const out = join(import.meta.dirname, "out");
  mkdirSync(out, { recursive: true });
  writeFileSync(join(out, "reconcile.json"), `${JSON.stringify(report, null, 2)}\n`);
} finally {
  await sandbox.close();
}
