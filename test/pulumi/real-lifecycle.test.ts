/**
 * The life of a stack on the real Pulumi engine (the CLI from bin/pulumi-cli, test/pulumi/real-engine.ts) over the
 * repository's Pulumi.yaml, against the sandbox tracker seeded with the drifted Northwind account: preview, up,
 * no changes after up, drift, a change, stack export, destroy. After each command the account itself is checked.
 */
import { spawn } from "node:child_process";
import { once } from "node:events";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import {
  accountState,
  describeWithPulumi,
  type EngineStack,
  PROJECT_DIR,
  startEngineStack,
  writeDeclaration,
} from "./real-engine.ts";

const SEED = "examples/sandbox/voluum-team.seed.yaml";
const DECLARATION = "examples/voluum-team.yaml";
const OWNER = "maria.keller@northwind.test";

/**
 * `tracker-access plan --detailed-exitcode` of `declaration` against the stack's account: 0 means in sync. Run
 * asynchronously: the sandbox answers from this process.
 */
async function cliPlan(stack: EngineStack, declaration: string): Promise<number | null> {
  const child = spawn(
    process.execPath,
    [join(PROJECT_DIR, "bin", "tracker-access.js"), "plan", declaration, "--detailed-exitcode"],
    {
      cwd: PROJECT_DIR,
      env: { ...process.env, TRACKER_ACCESS_API_URL: stack.sandbox.url, TRACKER_ACCESS_API_KEY: stack.key },
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  let output = "";
  child.stdout.on("data", (chunk: Buffer) => {
    output += chunk.toString();
  });
  child.stderr.on("data", (chunk: Buffer) => {
    output += chunk.toString();
  });
  const [status] = (await once(child, "close")) as [number | null];
  if (status !== 0) console.error(`tracker-access plan: ${output}`);
  return status;
}

/**
 * The users `pulumi preview --diff` marks as changed in the update step (`~ key`, `+ key`, `- key`); the engine
 * prints every other user of the map unmarked. With --refresh the refresh step's own diff comes first.
 */
function changedLines(output: string): string[] {
  const start = output.indexOf(": (update)");
  const update = output.slice(start, output.indexOf("Resources:", start));
  return [...update.matchAll(/^ *([~+-]) ([^\s:]+@[^\s:]+) *: \{/gm)].map((m) => `${m[1]} ${m[2]}`);
}

describeWithPulumi("a stack's life on the real Pulumi engine", () => {
  let stack: EngineStack;

  beforeAll(async () => {
    stack = await startEngineStack(SEED, DECLARATION, OWNER);
  });
  afterAll(() => stack?.close());

  it("pulumi preview --diff of a new stack names every user and workspace it creates; nothing is written", async () => {
    const before = accountState(await stack.live());
    const preview = await stack.preview({ diff: true });
    expect(preview.output.length, "a key-free transcript must not be an empty one").toBeGreaterThan(0);
    expect(preview.output).not.toContain(stack.key);
    expect(preview.ok, preview.output).toBe(true);
    for (const name of ["kofi.mensah@northwind.test", "finance@vela-cosmetics.test", "brand-vela", "research"]) {
      expect(preview.output).toContain(name);
    }
    expect(accountState(await stack.live())).toEqual(before);
  });

  it("pulumi up converges; then preview --expect-no-changes passes and tracker-access plan --detailed-exitcode exits 0", async () => {
    const up = await stack.up();
    expect(up.ok, up.output).toBe(true);
    const live = await stack.live();
    expect(live.users.some((u) => u.email === "leo.fischer@northwind.test")).toBe(false);
    expect(live.workspaces.map((w) => w.name)).not.toContain("summer-2024");
    expect(await cliPlan(stack, DECLARATION)).toBe(0);
    const again = await stack.preview({ expectNoChanges: true });
    expect(again.ok, again.output).toBe(true);
  });

  it("out-of-band changes: refresh --preview-only and preview --refresh fail naming them; up --refresh converges", async () => {
    const client = stack.client();
    const have = await stack.live();
    const ines = have.users.find((u) => u.email === "ines.ortega@northwind.test")!;
    await client.updateUser(ines.id, { role: "readonly" }, ines.etag);
    await client.inviteUser({ email: "eve@northwind.test", role: "worker", workspaces: [have.workspaces[0].id] });

    const drift = await stack.previewRefresh({ expectNoChanges: true });
    expect(drift.ok).toBe(false);
    expect(drift.output).toMatch(
      /~ +pulumi-nodejs:dynamic\/tracker-access:AccessPolicy northwind-performance update \[diff: ~users\]/,
    );
    const preview = await stack.preview({ refresh: true, expectNoChanges: true, diff: true });
    expect(preview.ok).toBe(false);
    // The refreshed state holds the account; the declaration removes Eve and gives Inés her role back.
    expect(preview.output).toMatch(/\n *- eve@northwind\.test *: \{/);
    expect(preview.output).toMatch(/~ ines\.ortega@northwind\.test *: \{\s*~ role *: "readonly" => "worker"/);
    expect(changedLines(preview.output)).toEqual(["- eve@northwind.test", "~ ines.ortega@northwind.test"]);
    const up = await stack.up({ refresh: true });
    expect(up.ok, up.output).toBe(true);
    expect(await cliPlan(stack, DECLARATION)).toBe(0);
    expect((await stack.live()).users.some((u) => u.email === "eve@northwind.test")).toBe(false);
  });

  it("pulumi stack export holds the key only as ciphertext; each resource carries a small serialized provider", async () => {
    const exported = stack.cli(["stack", "export"]);
    expect(exported.ok, exported.output).toBe(true);
    expect(exported.stdout.length, "a key-free transcript must not be an empty one").toBeGreaterThan(0);
    expect(exported.stdout).not.toContain(stack.key);
    const deployment = JSON.parse(exported.stdout).deployment as {
      resources: Array<{ type: string; inputs?: Record<string, unknown> }>;
    };
    const provider = deployment.resources.find((r) => r.type === "pulumi:providers:pulumi-nodejs")!;
    // The engine keeps the provider's configuration — the whole stack config, the key included — in the state,
    // encrypted by the stack's secrets provider (here the passphrase).
    expect(provider.inputs?.["tracker-access:apiKey"]).toMatchObject({
      "4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270",
      ciphertext: expect.any(String),
    });
    const sizes = deployment.resources.flatMap((r) =>
      typeof r.inputs?.__provider === "string" ? [r.inputs.__provider.length] : [],
    );
    expect(sizes.length).toBe(1);
    expect(Math.max(...sizes)).toBeLessThan(4096);
    console.log(`serialized provider: ${Math.min(...sizes)}–${Math.max(...sizes)} bytes per resource`);
  });

  it("a change of the declaration: preview --diff names the user, the workspace and the element; up applies it", async () => {
    const text = readFileSync(join(PROJECT_DIR, DECLARATION), "utf8")
      .replace(
        "email: kofi.mensah@northwind.test\n    role: worker",
        "email: kofi.mensah@northwind.test\n    role: readonly",
      )
      .replace("  - name: research\n", "  - name: research\n  - name: vela-archive\n")
      .replace("name: Direct Advertiser\n    workspace: public", "name: Direct Advertiser\n    workspace: brand-vela");
    const variant = writeDeclaration("voluum-team.yaml", text);
    expect(stack.cli(["config", "set", "tracker-access:declaration", variant]).ok).toBe(true);
    const preview = await stack.preview({ diff: true });
    expect(preview.ok, preview.output).toBe(true);
    expect(preview.output).toMatch(/~ kofi\.mensah@northwind\.test *: \{\s*~ role *: "worker" => "readonly"/);
    expect(changedLines(preview.output)).toEqual(["~ kofi.mensah@northwind.test"]);
    expect(preview.output).toMatch(/~ affiliate-network\/Direct Advertiser *: "public" => "brand-vela"/);
    expect(preview.output).toMatch(/~ workspaces *: \[(\s*\[\d\]: "[a-z-]+")*\s*\+ \[3\]: "vela-archive"/);
    const summary = await stack.preview();
    expect(summary.output).toMatch(
      /~ +pulumi-nodejs:dynamic\/tracker-access:AccessPolicy northwind-performance update \[diff: ~declaration,elements,users,workspaces\]/,
    );
    const up = await stack.up();
    expect(up.ok, up.output).toBe(true);
    expect(await cliPlan(stack, variant)).toBe(0);
  });
});
