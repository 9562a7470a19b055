/**
 * The real Pulumi engine in the test suite: the CLI bin/pulumi-cli builds (v3.274.1, from the Go module proxy),
 * driven through @pulumi/pulumi/automation with the program as an inline program — the Go module of the Node.js
 * language host is refused by the proxy, see the README — on the repository's own Pulumi.yaml (workDir = the
 * project root, so the engine computes `main`'s folder and starts the provider plugin there, as for a user).
 * The dynamic-provider plugin is node_modules/@pulumi/pulumi's `pulumi-resource-pulumi-nodejs`, found on PATH.
 * Hermetic: PULUMI_HOME and a file:// backend in a temporary folder, a passphrase, no update check, no plugin
 * download. One stack per `startEngineStack`, against its own sandbox tracker.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { homedir, tmpdir } from "node:os";
import { delimiter, dirname, join } from "node:path";
import * as automation from "@pulumi/pulumi/automation/index.js";
import { describe, it } from "vitest";
import { trackerAccessProgram } from "../../src/pulumi/stack-program.ts";
import { type LiveAccount, readLiveAccount } from "../../src/reconcile/live-account.ts";
import type { SandboxSeed } from "../../src/sandbox/seed.ts";
import { type RunningSandbox, startSandbox } from "../../src/sandbox/server.ts";
import { createTrackerClient } from "../../src/tracker/http-client.ts";
import type { TrackerClient } from "../../src/tracker/tracker-client.ts";

/** The Pulumi release bin/pulumi-cli builds. */
export const PULUMI_VERSION = "v3.274.1";

/** The project root: the repository, where Pulumi.yaml is. */
export const PROJECT_DIR = join(import.meta.dirname, "..", "..");

/** The folder bin/pulumi-cli builds into (binary in bin/pulumi). */
export function pulumiCliDir(): string {
  const cache = process.env.XDG_CACHE_HOME || join(homedir(), ".cache");
  return process.env.TRACKER_ACCESS_PULUMI_DIR || join(cache, "tracker-access", `pulumi-${PULUMI_VERSION}`);
}

/** The built CLI, or undefined when bin/pulumi-cli has not run. */
export function findPulumiCli(): string | undefined {
  const binary = join(pulumiCliDir(), "bin", "pulumi");
  return existsSync(binary) ? binary : undefined;
}

/**
 * `describe` for tests that need the real CLI: skipped on a developer machine without it, a failing test under
 * CI=true (a missing CLI must never turn into a green run).
 */
export function describeWithPulumi(name: string, body: () => void): void {
  if (findPulumiCli() !== undefined) describe(name, body);
  else if (process.env.CI === "true") {
    describe(name, () => {
      it("needs the Pulumi CLI: run bin/pulumi-cli (.ci/run does)", () => {
        throw new Error(`no Pulumi CLI at ${join(pulumiCliDir(), "bin", "pulumi")}: run bin/pulumi-cli`);
      });
    });
  } else describe.skip(name, body);
}

/**
 * The hermetic environment of the CLI `binary` with its home in `home`: the CLI, the dynamic-provider plugin of
 * node_modules/@pulumi/pulumi and this Node on PATH, PULUMI_HOME inside `home`, a passphrase, no update check,
 * no plugin download. The backend is the caller's (a file:// URL, or what `pulumi login` chose).
 */
export function engineEnvironment(binary: string, home: string): Record<string, string> {
  return {
    PATH: [
      dirname(binary),
      join(PROJECT_DIR, "node_modules", "@pulumi", "pulumi"),
      dirname(process.execPath),
      process.env.PATH ?? "",
    ].join(delimiter),
    PULUMI_HOME: join(home, ".pulumi"),
    PULUMI_CONFIG_PASSPHRASE: "tracker-access-test-passphrase",
    PULUMI_SKIP_UPDATE_CHECK: "true",
    PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
    PULUMI_AUTOMATION_API_SKIP_VERSION_CHECK: "true",
  };
}

/** The outcome of one command: whether it exited 0, and everything it printed. */
export interface CommandOutcome {
  ok: boolean;
  /** stdout and stderr, color off. */
  output: string;
}

/** One stack of the program over one sandbox account, on the real engine. */
export interface EngineStack {
  sandbox: RunningSandbox;
  /** The stack's name (`test-<pid>-<n>`). */
  name: string;
  stack: automation.Stack;
  /** `pulumi preview` (options as the CLI's flags: diff, refresh, expectNoChanges). */
  preview(options?: automation.PreviewOptions): Promise<CommandOutcome>;
  /** `pulumi up --yes`. */
  up(options?: automation.UpOptions): Promise<CommandOutcome>;
  /** `pulumi refresh --yes`. */
  refresh(options?: automation.RefreshOptions): Promise<CommandOutcome>;
  /** `pulumi refresh --preview-only`. */
  previewRefresh(options?: automation.RefreshOptions): Promise<CommandOutcome>;
  /** `pulumi destroy --yes`. */
  destroy(options?: automation.DestroyOptions): Promise<CommandOutcome>;
  /** Any other CLI command line (`config set …`, `stack export`), in the project root, on this stack. */
  cli(args: string[], input?: string): CommandOutcome & { stdout: string };
  /** A client of the account with the seed's key of `email` (for out-of-band changes and assertions). */
  client(email?: string): TrackerClient;
  live(): Promise<LiveAccount>;
  /** The key the stack config holds now. */
  key: string;
  /** Every command's output so far. */
  transcript(): string;
  close(): Promise<void>;
}

/** Options of `startEngineStack`. */
export interface EngineStackOptions {
  /** A sandbox already running (default: one started from `seed`). */
  sandbox?: RunningSandbox;
  /** The API URL in the stack config (default: the sandbox's; e.g. a request counter in front of it). */
  apiUrl?: string;
  /** Extra stack config (without the `tracker-access:` prefix). */
  config?: Record<string, string>;
}

let stacks = 0;

/** A new stack of `declaration` (relative to the project root) whose key belongs to `keyOwner`. */
export async function startEngineStack(
  seed: SandboxSeed | string,
  declaration: string,
  keyOwner: string,
  options: EngineStackOptions = {},
): Promise<EngineStack> {
  const binary = findPulumiCli();
  if (binary === undefined) throw new Error("no Pulumi CLI: run bin/pulumi-cli");
  const sandbox = options.sandbox ?? (await startSandbox({ seed, log: () => {} }));
  const home = mkdtempSync(join(tmpdir(), "tracker-access-engine-"));
  const name = `test-${process.pid}-${++stacks}`;
  const env: Record<string, string> = { ...engineEnvironment(binary, home), PULUMI_BACKEND_URL: `file://${home}` };
  const pulumiCommand = await automation.PulumiCommand.get({ root: dirname(dirname(binary)), skipVersionCheck: true });
  const stack = await automation.LocalWorkspace.createOrSelectStack(
    { stackName: name, projectName: "tracker-access", program: trackerAccessProgram },
    { workDir: PROJECT_DIR, pulumiHome: env.PULUMI_HOME, envVars: env, pulumiCommand },
  );
  const key = sandbox.apiKeys[keyOwner];
  const config: automation.ConfigMap = {
    "tracker-access:declaration": { value: declaration },
    "tracker-access:apiUrl": { value: options.apiUrl ?? sandbox.url },
    "tracker-access:apiKey": { value: key, secret: true },
  };
  for (const [k, v] of Object.entries(options.config ?? {})) config[`tracker-access:${k}`] = { value: v };
  await stack.setAllConfig(config);

  const transcript: string[] = [];
  const run = async (what: string, command: (opts: object) => Promise<unknown>): Promise<CommandOutcome> => {
    const lines: string[] = [];
    const opts = { color: "never", onOutput: (out: string) => lines.push(out), onError: (e: string) => lines.push(e) };
    let ok = true;
    try {
      await command(opts);
    } catch (error) {
      ok = false;
      lines.push(String(error));
    }
    const output = lines.join("");
    transcript.push(`$ pulumi ${what}\n${output}`);
    return { ok, output };
  };
  const client = (email = keyOwner) => createTrackerClient({ baseUrl: sandbox.url, apiKey: sandbox.apiKeys[email] });
  const engine: EngineStack = {
    sandbox,
    name,
    stack,
    key,
    preview: (o = {}) => run("preview", (opts) => stack.preview({ ...opts, ...o })),
    up: (o = {}) => run("up", (opts) => stack.up({ ...opts, ...o })),
    refresh: (o = {}) => run("refresh", (opts) => stack.refresh({ ...opts, ...o })),
    previewRefresh: (o = {}) => run("refresh --preview-only", (opts) => stack.previewRefresh({ ...opts, ...o })),
    destroy: (o = {}) => run("destroy", (opts) => stack.destroy({ ...opts, ...o })),
    cli(args, input) {
      const result = spawnSync(binary, [...args, "--stack", name, "--non-interactive"], {
        cwd: PROJECT_DIR,
        env: { ...process.env, ...env },
        input,
        encoding: "utf8",
        // `stack export` of a 10,000-user stack is several MB (the default limit is 1 MB)
        maxBuffer: 1 << 30,
      });
      const output = `${result.stdout}${result.stderr}`;
      transcript.push(`$ pulumi ${args.join(" ")}\n${output}`);
      return { ok: result.status === 0, output, stdout: result.stdout };
    },
    client,
    live: () => readLiveAccount(client()),
    transcript: () => transcript.join("\n"),
    async close() {
      await stack.workspace.removeStack(name, { force: true }).catch(() => {});
      rmSync(join(PROJECT_DIR, `Pulumi.${name}.yaml`), { force: true });
      rmSync(home, { recursive: true, force: true });
      if (options.sandbox === undefined) await sandbox.close();
    },
  };
  return engine;
}

/** Writes a declaration variant into a temporary directory and returns its path. */
export function writeDeclaration(name: string, text: string): string {
  const dir = mkdtempSync(join(tmpdir(), "tracker-access-pulumi-"));
  const file = join(dir, name);
  writeFileSync(file, text);
  return file;
}

/** The account without what changes on every read (etags stay: any write changes them). */
export function accountState(have: LiveAccount): unknown {
  return { users: have.users, workspaces: have.workspaces, elements: have.elements };
}
