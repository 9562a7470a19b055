/**
 * Benchmark of element selectors at agency scale: an account of 100,000 elements named by convention
 * ("team-07 - campaign - 123") in 49 workspaces and public, declared once with an explicit entry per element and
 * once with 50 selectors (`match: { name: "team-07 - *" }`, one per workspace and one for public). Reports the
 * planner's time per element for both, at 25,000, 50,000 and 100,000 elements (linear when the time per element
 * stays flat), and the selectors' resolution alone, in CPU time (medians of 3). In process, against a live account built in memory: this
 * measures resolution and planning, not HTTP (bench/reconcile.ts does that).
 * Run: `node bench/selectors.ts` (results also in bench/out/selectors.json).
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Declaration, ElementSelector } from "../src/declaration/model.ts";
import { loadProfile } from "../src/policy/profile-loader.ts";
import { indexElements } from "../src/reconcile/element-refs.ts";
import type { LiveAccount } from "../src/reconcile/live-account.ts";
import { plan } from "../src/reconcile/plan.ts";
import { resolvePlacements } from "../src/reconcile/resolve-selectors.ts";
import type { Element } from "../src/tracker/resources.ts";

const WORKSPACES = 49;
const SIZES = [25_000, 50_000, 100_000];
const RUNS = 3;
const profile = loadProfile("voluum");
if (profile === undefined) throw new Error("no voluum profile");

const teamName = (i: number) => `team-${String(i + 1).padStart(2, "0")}`;

// Phase 1: the live account: a tenth of the elements public, the rest funnels of three inside one workspace.
function account(size: number): LiveAccount {
  const workspaces = Array.from({ length: WORKSPACES }, (_, i) => ({
    id: `ws-${i + 1}`,
    name: teamName(i),
    createdAt: "2026-01-01T00:00:00Z",
    etag: "v1",
  }));
  const elements: Element[] = [];
  const element = (kind: string, name: string, workspace: string, uses?: string): Element => ({
    id: `el-${elements.length + 1}`,
    kind,
    name,
    workspace,
    connections: uses === undefined ? [] : [{ kind: "offer", id: uses }],
    tags: [],
    etag: "v1",
  });
  for (let i = 0; i < size / 10; i++)
    elements.push(element(i % 2 ? "lander" : "traffic-source", `public - ${i}`, "public"));
  for (let j = 0; elements.length < size; j++) {
    const ws = workspaces[j % WORKSPACES];
    const offer = element("offer", `${ws.name} - offer - ${j}`, ws.id);
    elements.push(offer);
    if (elements.length < size) elements.push(element("campaign", `${ws.name} - campaign - ${j}`, ws.id, offer.id));
    if (elements.length < size) elements.push(element("lander", `${ws.name} - lander - ${j}`, ws.id));
  }
  return {
    account: {
      id: "big",
      name: "Big Agency",
      profile: "voluum",
      publicWorkspace: true,
      limits: { privateWorkspaces: profile!.privateWorkspaceLimit },
      columns: [],
    },
    actor: { userId: "u-1", email: "owner@big.test", role: "owner", accountId: "big" },
    workspaces,
    users: [
      {
        id: "u-1",
        email: "owner@big.test",
        role: "owner",
        status: "active",
        invitationExpiresAt: null,
        workspaces: [],
        allWorkspaces: false,
        hiddenColumns: [],
        etag: "v1",
      },
    ],
    elements,
  } as LiveAccount;
}

// Phase 2: the two declarations of the same account.
function declaration(have: LiveAccount, withSelectors: boolean): Declaration {
  const at = { file: "big.yaml", line: 1, column: 1, path: "" };
  const nameOf = new Map(have.workspaces.map((w) => [w.id, w.name]));
  const base = {
    apiVersion: "tracker-access/v1",
    tracker: "voluum",
    account: "big",
    files: ["big.yaml"],
    workspaces: have.workspaces.map((w) => ({ name: w.name, at })),
    users: [{ email: "owner@big.test", role: "owner", workspaces: [] as string[], hiddenColumns: undefined, at }],
  };
  if (!withSelectors) {
    const elements = have.elements.map((e) => ({
      kind: e.kind,
      name: e.name,
      workspace: nameOf.get(e.workspace) ?? "public",
      uses: [],
      at,
    }));
    return { ...base, elements };
  }
  const selectors: ElementSelector[] = have.workspaces.map((w, i) => ({
    match: { name: `${w.name} - *` },
    workspace: w.name,
    at: { ...at, line: i + 1 },
  }));
  selectors.push({ match: { name: "public - *" }, workspace: "public", at: { ...at, line: 50 } });
  return { ...base, elements: [], selectors };
}

function median(values: number[]): number {
  return [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
}

/** Median CPU milliseconds of `run` (user + system: on shared cores wall time mostly measures the neighbours). */
function timed(run: () => unknown): number {
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const start = process.cpuUsage();
    run();
    const used = process.cpuUsage(start);
    times.push((used.user + used.system) / 1000);
  }
  return median(times);
}

// Phase 3: measure.
const rows = [];
for (const size of SIZES) {
  const have = account(size);
  const explicit = declaration(have, false);
  const selected = declaration(have, true);
  const check = plan(selected, have, profile, { now: new Date("2026-06-01T00:00:00Z") });
  if (check.operations.length > 0 || check.refusals.length > 0 || (check.warnings ?? []).length > 0)
    throw new Error(`the selector declaration does not match the account: ${JSON.stringify(check.refusals[0])}`);
  const explicitMs = timed(() => plan(explicit, have, profile, { now: new Date("2026-06-01T00:00:00Z") }));
  const selectorMs = timed(() => plan(selected, have, profile, { now: new Date("2026-06-01T00:00:00Z") }));
  const resolveMs = timed(() => resolvePlacements(selected, have.elements, indexElements(have.elements)));
  const perElement = (ms: number) => Number(((ms * 1000) / size).toFixed(2));
  rows.push({
    elements: size,
    selectors: selected.selectors?.length,
    explicitPlanCpuMs: Math.round(explicitMs),
    selectorPlanCpuMs: Math.round(selectorMs),
    selectorResolveCpuMs: Math.round(resolveMs),
    explicitPlanUsPerElement: perElement(explicitMs),
    selectorPlanUsPerElement: perElement(selectorMs),
    selectorResolveUsPerElement: perElement(resolveMs),
    selectorToExplicit: Number((selectorMs / explicitMs).toFixed(2)),
  });
}
console.table(rows);
const out = join(import.meta.dirname, "out");
mkdirSync(out, { recursive: true });
writeFileSync(join(out, "selectors.json"), `${JSON.stringify({ runs: RUNS, node: process.version, rows }, null, 2)}\n`);
