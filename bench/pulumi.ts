/**
 * Benchmark of the Pulumi provider over the engine protocol (the real dynamic-provider host, replayed engine
 * calls, the sandbox tracker): the size of the serialized provider each resource carries in its state, and the
 * time of the engine's call sequences — a preview of a new stack (Configure, Check per resource), the first
 * up on an account already in place (Check, Create), a preview of the deployed stack (Check, Diff) and a
 * refresh (Read) — for the largest example (examples/peerclick-near-limit.yaml, on an account built from it)
 * and for a generated account of 1,000 users (its dump as the declaration). Each command's time includes
 * starting the host (reported alone as hostStartAndConfigure), as each Pulumi command starts its own.
 * Run: `node bench/pulumi.ts` (results also in bench/out/pulumi.json).
 */
import { mkdirSync, writeFileSync } from "node:fs";
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
import { startStack } from "../test/pulumi/engine-commands.ts";
import { changes, type StackState } from "../test/pulumi/engine-replay.ts";

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

/** Times each command of a stack's life; checks that the replay is what it should be. */
async function measure(label: string, seed: SandboxSeed, declaration: string, owner: string) {
  const stack = await startStack(seed, declaration, owner);
  try {
    const time = async <T>(run: () => Promise<T>) => {
      const start = performance.now();
      const value = await run();
      return { value, ms: Math.round(performance.now() - start) };
    };
    const capture = await time(() => stack.program());
    const program = capture.value;
    const sizes = program.map((r) => String(r.inputs.__provider).length);
    const empty: StackState = new Map();
    const host = await time(() => stack.command(async () => {}));
    const preview = await time(() => stack.preview(program, empty));
    const up = await time(() => stack.up(program, empty));
    const again = await time(() => stack.preview(program, up.value.state));
    const refresh = await time(() => stack.refresh(up.value.state, { preview: true }));
    for (const [name, result] of [
      ["preview", preview],
      ["up", up],
    ] as const) {
      if (result.value.failures.length > 0)
        throw new Error(`${label} ${name}: ${JSON.stringify(result.value.failures)}`);
    }
    if (changes(again.value).length > 0 || changes(refresh.value).length > 0) {
      throw new Error(`${label}: the deployed stack is not clean: ${JSON.stringify(changes(again.value))}`);
    }
    return {
      example: label,
      resources: program.length,
      serializedProviderBytes: { min: Math.min(...sizes), max: Math.max(...sizes) },
      ms: {
        captureProgramUnderMocks: capture.ms,
        hostStartAndConfigure: host.ms,
        previewNewStack: preview.ms,
        firstUpInPlace: up.ms,
        previewNoChanges: again.ms,
        refresh: refresh.ms,
      },
    };
  } finally {
    await stack.close();
  }
}

// Phase 1: the largest example, on an account built from it.
const largest = "examples/peerclick-near-limit.yaml";
const { declaration } = await checkDeclaration([largest]);
const owner = declaration!.users.find((u) => u.role === "owner")!.email;
const results = [await measure(largest, seedOf(declaration!), largest, owner)];

// Phase 2: a generated account of 1,000 users, 50 workspaces and 2,000 elements, its dump as the declaration.
const seed = largeSeed({ users: 1000, elements: 2000, workspaces: 50 });
const sandbox = await startSandbox({ seed, log: () => {} });
const have = await readLiveAccount(createTrackerClient({ baseUrl: sandbox.url, apiKey: "sk-large-owner" }));
await sandbox.close();
const dumped = join(out, "pulumi-large-declaration.yaml");
writeFileSync(dumped, dumpDeclaration(have, loadProfile("voluum")!));
results.push(await measure("generated: 1,000 users, 50 workspaces, 2,000 elements", seed, dumped, "owner@large.test"));

// Report.
for (const r of results) {
  console.log(`${r.example}: ${r.resources} resources`);
  console.log(
    `  serialized provider: ${r.serializedProviderBytes.min}–${r.serializedProviderBytes.max} bytes per resource`,
  );
  for (const [step, ms] of Object.entries(r.ms)) console.log(`  ${step.padEnd(26)} ${String(ms).padStart(7)} ms`);
}
writeFileSync(join(out, "pulumi.json"), `${JSON.stringify(results, null, 2)}\n`);
