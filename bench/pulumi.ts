/**
 * Benchmark of the Pulumi stack on the real engine (the CLI of bin/pulumi-cli, through the automation API, as
 * the tests drive it) against the sandbox tracker behind a request counter: wall time and tracker requests of
 * `pulumi preview` of a new stack, the first `pulumi up` over the account already in place, `pulumi preview` of
 * the deployed stack, a refresh preview, and — for the 1,000 users — `pulumi preview` and `pulumi up` of a
 * change of 50 users' roles; the size of the serialized provider in the state (`pulumi stack export`); and the
 * CLI's build time bin/pulumi-cli recorded. Two stacks: the largest example (examples/peerclick-near-limit.yaml,
 * on an account built from it) and a generated account of 1,000 users (its dump as the declaration).
 * Skipped when the CLI is not built. Run: `node bench/pulumi.ts` (results also in bench/out/pulumi-engine.json);
 * `node bench/pulumi.ts --users 10000 --elements 100000` for a larger generated account (the largest example is
 * then skipped; results in bench/out/pulumi-engine-<users>.json).
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Declaration } from "../src/declaration/model.ts";
import { checkDeclaration } from "../src/policy/check-declaration.ts";
import { loadProfile } from "../src/policy/profile-loader.ts";
import { dumpDeclaration } from "../src/reconcile/dump.ts";
import { readLiveAccount } from "../src/reconcile/live-account.ts";
import { largeSeed } from "../src/sandbox/large-seed.ts";
import type { SandboxSeed, SeedElement } from "../src/sandbox/seed.ts";
import { startSandbox } from "../src/sandbox/server.ts";
import { createTrackerClient } from "../src/tracker/http-client.ts";
import { findPulumiCli, pulumiCliDir, startEngineStack } from "../test/pulumi/real-engine.ts";
import { startRequestCounter } from "../test/pulumi/request-counter.ts";

const out = join(import.meta.dirname, "out");
mkdirSync(out, { recursive: true });

/** An account holding exactly what `declaration` declares (the owner gets the API key). */
function seedOf(declaration: Declaration): SandboxSeed {
  const nameOf = (ref: { kind: string; name?: string; id?: string }) => ref.name ?? `${ref.kind} ${ref.id}`;
  const elements: SeedElement[] = declaration.elements.map((e) => ({
    ...(e.id !== undefined ? { id: e.id } : {}),
    kind: e.kind,
    name: nameOf(e),
    workspace: e.workspace,
    connections: e.uses.map((u) => ({ kind: u.kind, name: nameOf(u) })),
  }));
  const owner = declaration.users.find((u) => u.role === "owner")!.email;
  return {
    account: { id: declaration.account, name: declaration.account, profile: declaration.tracker },
    workspaces: declaration.workspaces.map((w) => ({ name: w.name })),
    users: declaration.users.map((u) => ({
      email: u.email,
      role: u.role,
      ...(u.workspaces === "*" ? { allWorkspaces: true } : u.workspaces.length > 0 ? { workspaces: u.workspaces } : {}),
      ...(u.hiddenColumns?.length ? { hiddenColumns: u.hiddenColumns } : {}),
      ...(u.email === owner ? { apiKey: "sk-bench-pulumi-owner" } : {}),
    })),
    elements,
  };
}

// The largest example, on an account built from it.
const largest = "examples/peerclick-near-limit.yaml";
const { declaration } = await checkDeclaration([largest]);
const owner = declaration!.users.find((u) => u.role === "owner")!.email;

// A generated account (default 1,000 users, 50 workspaces and 2,000 elements), its dump as the declaration.
const sizeArgument = (name: string) => {
  const at = process.argv.indexOf(`--${name}`);
  return at < 0 ? undefined : Number(process.argv[at + 1]);
};
const sized = sizeArgument("users") !== undefined;
const userCount = sizeArgument("users") ?? 1000;
const seed = largeSeed({ users: userCount, elements: sizeArgument("elements") ?? 2000, workspaces: 50 });
const generated = `${userCount.toLocaleString("en")} users`;
const sandbox = await startSandbox({ seed, log: () => {} });
const have = await readLiveAccount(createTrackerClient({ baseUrl: sandbox.url, apiKey: "sk-large-owner" }));
await sandbox.close();
const dumped = join(out, "pulumi-large-declaration.yaml");
writeFileSync(dumped, dumpDeclaration(have, loadProfile("voluum")!));

/** Wall time and requests of each real-engine command of a stack's life (`change`: a changed declaration). */
async function measureEngine(label: string, seed: SandboxSeed, declaration: string, owner: string, change?: string) {
  const sandbox = await startSandbox({ seed, log: () => {} });
  const counter = await startRequestCounter(sandbox.url);
  const stack = await startEngineStack(seed, declaration, owner, { sandbox, apiUrl: counter.url });
  const steps: Record<string, { ms: number; gets: number; writes: number }> = {};
  const step = async (name: string, run: () => Promise<{ ok: boolean; output: string }>) => {
    counter.reset();
    const start = performance.now();
    const result = await run();
    if (!result.ok) throw new Error(`${label} ${name}:\n${result.output.slice(-3000)}`);
    const counts = counter.counts();
    steps[name] = { ms: Math.round(performance.now() - start), gets: counts.GET ?? 0, writes: counter.writes() };
    console.log(`  ${label} ${name.padEnd(22)} ${String(steps[name].ms).padStart(7)} ms  ${JSON.stringify(counts)}`);
  };
  try {
    await step("previewNewStack", () => stack.preview());
    await step("firstUpInPlace", () => stack.up());
    await step("previewNoChanges", () => stack.preview({ expectNoChanges: true }));
    await step("refreshPreviewNoChanges", () => stack.previewRefresh({ expectNoChanges: true }));
    // The state: its size, and the serialized provider each resource carries.
    const exported = stack.cli(["stack", "export"]);
    if (!exported.ok) throw new Error(exported.output.slice(-3000));
    const resources = JSON.parse(exported.stdout).deployment.resources as Array<{ inputs?: Record<string, unknown> }>;
    const state = {
      bytes: exported.stdout.length,
      resources: resources.length,
      providerBytes: resources.flatMap((r) =>
        typeof r.inputs?.__provider === "string" ? [r.inputs.__provider.length] : [],
      ),
    };
    console.log(`  ${label} state ${JSON.stringify(state)}`);
    if (change !== undefined) {
      const set = stack.cli(["config", "set", "tracker-access:declaration", change]);
      if (!set.ok) throw new Error(set.output);
      await step("preview50Changed", () => stack.preview());
      await step("up50Changed", () => stack.up());
    }
    return { example: label, steps, state };
  } finally {
    await stack.close();
    await counter.close();
    await sandbox.close();
  }
}

// The real engine, when bin/pulumi-cli has built the CLI.
if (findPulumiCli() === undefined) {
  console.log("real engine: skipped (no Pulumi CLI; run bin/pulumi-cli)");
} else {
  const engine = sized ? [] : [await measureEngine(largest, seedOf(declaration!), largest, owner)];
  // 50 workers become read-only users (same workspaces): the change the issue's cost target names.
  let changed = 0;
  const users = have.users.map((u) =>
    u.role === "worker" && changed < 50 ? (changed++, { ...u, role: "readonly" as const }) : u,
  );
  const changedFile = join(out, "pulumi-large-declaration-50-changed.yaml");
  writeFileSync(changedFile, dumpDeclaration({ ...have, users }, loadProfile("voluum")!));
  // The provider refuses keys shorter than 16 characters; the generated seed's is 14.
  const keyed = {
    ...seed,
    users: seed.users.map((u) => (u.apiKey ? { ...u, apiKey: "sk-bench-large-owner-key" } : u)),
  };
  engine.push(await measureEngine(generated, keyed, dumped, "owner@large.test", changedFile));
  // How long bin/pulumi-cli took to build the CLI on this machine (it records the seconds next to the binary).
  const recorded = join(pulumiCliDir(), ".build-seconds");
  const buildSeconds = existsSync(recorded) ? Number(readFileSync(recorded, "utf8")) : undefined;
  console.log(
    `  Pulumi CLI build (bin/pulumi-cli): ${buildSeconds === undefined ? "not recorded" : `${buildSeconds} s`}`,
  );
  const file = sized ? `pulumi-engine-${userCount}.json` : "pulumi-engine.json";
  writeFileSync(join(out, file), `${JSON.stringify({ buildSeconds, engine }, null, 2)}\n`);
}
