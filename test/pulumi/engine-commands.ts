/**
 * A Pulumi stack against the sandbox tracker, driven the way the CLI would drive it: each command (preview,
 * up, refresh, destroy) starts a fresh dynamic-provider host, configures it with the stack config (the API key
 * as a secret), replays the engine's calls and stops the host. Every RPC method called, every response and the
 * host's output are kept in a transcript, so tests can assert the call sequence and that the key never leaks.
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type LiveAccount, readLiveAccount } from "../../src/reconcile/live-account.ts";
import type { SandboxSeed } from "../../src/sandbox/seed.ts";
import { type RunningSandbox, startSandbox } from "../../src/sandbox/server.ts";
import { createTrackerClient } from "../../src/tracker/http-client.ts";
import type { TrackerClient } from "../../src/tracker/tracker-client.ts";
import { captureStack, type Registration } from "./capture-stack.ts";
import { type ProviderHost, secret, startProviderHost } from "./engine-harness.ts";
import { deploy, destroy, type RunResult, refresh, type StackState } from "./engine-replay.ts";

/** The project directory: where Pulumi.yaml is, and where the engine starts the provider host. */
export const PROJECT_DIR = join(import.meta.dirname, "..", "..");

/** A stack of the tracker-access program over one sandbox account. */
export interface PulumiStack {
  sandbox: RunningSandbox;
  /** The API key the provider is configured with. */
  key: string;
  /** The stack config without the key. */
  config: Record<string, string>;
  /** Runs the program under mocks with the stack config plus `overrides` (once per distinct config). */
  program(overrides?: Record<string, string>): Promise<Registration[]>;
  preview(program: Registration[], state: StackState): Promise<RunResult>;
  up(program: Registration[], state: StackState): Promise<RunResult>;
  refresh(state: StackState, options: { preview: boolean }): Promise<RunResult>;
  destroy(state: StackState): Promise<RunResult>;
  /** Runs `body` against a configured host of its own (one command). */
  command<T>(body: (host: ProviderHost) => Promise<T>, key?: string): Promise<T>;
  /** The provider RPC methods the last command called, in order. */
  lastCalls(): string[];
  /** Every response, failure and host output so far, as text. */
  transcript(): string;
  /** A client of the account with the seed's key of `email` (for out-of-band changes and assertions). */
  client(email?: string): TrackerClient;
  live(): Promise<LiveAccount>;
  close(): Promise<void>;
}

/** Starts a sandbox from `seed` and a stack of `declaration` whose key belongs to `keyOwner`. */
export async function startStack(
  seed: SandboxSeed | string,
  declaration: string,
  keyOwner: string,
): Promise<PulumiStack> {
  const sandbox = await startSandbox({ seed, log: () => {} });
  const key = sandbox.apiKeys[keyOwner];
  const config = { "tracker-access:declaration": declaration, "tracker-access:apiUrl": sandbox.url };
  const transcript: string[] = [];
  let calls: string[] = [];
  const command = async <T>(body: (host: ProviderHost) => Promise<T>, withKey = key): Promise<T> => {
    const host = await startProviderHost({ projectDir: PROJECT_DIR });
    calls = [];
    try {
      const recorded = recording(host, calls, transcript);
      await recorded.configure({ ...config, "tracker-access:apiKey": secret(withKey) });
      return await body(recorded);
    } finally {
      await host.close();
      transcript.push(host.output());
    }
  };
  const captures = new Map<string, Promise<Registration[]>>();
  const program = (overrides: Record<string, string> = {}) => {
    const full = JSON.stringify({ ...config, ...overrides });
    if (!captures.has(full))
      captures.set(
        full,
        captureStack(JSON.parse(full)).then((c) => c.registrations),
      );
    return captures.get(full)!;
  };
  const client = (email = keyOwner) => createTrackerClient({ baseUrl: sandbox.url, apiKey: sandbox.apiKeys[email] });
  return {
    sandbox,
    key,
    config,
    program,
    preview: (program, state) => command((host) => deploy(host, program, state, { dry: true })),
    up: (program, state) => command((host) => deploy(host, program, state, { dry: false })),
    refresh: (state, options) => command((host) => refresh(host, state, options)),
    destroy: (state) => command((host) => destroy(host, state)),
    command,
    lastCalls: () => calls,
    transcript: () => transcript.join("\n"),
    client,
    live: () => readLiveAccount(client()),
    close: () => sandbox.close(),
  };
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

/** The host with every call's method recorded and every answer (or error) written to the transcript. */
function recording(host: ProviderHost, calls: string[], transcript: string[]): ProviderHost {
  const wrap =
    <A extends unknown[], R>(name: string, method: (...args: A) => Promise<R>) =>
    async (...args: A): Promise<R> => {
      calls.push(name);
      try {
        const answer = await method(...args);
        transcript.push(JSON.stringify(answer ?? null));
        return answer;
      } catch (error) {
        transcript.push(String(error));
        throw error;
      }
    };
  return {
    ...host,
    configure: wrap("Configure", host.configure),
    check: wrap("Check", host.check),
    diff: wrap("Diff", host.diff),
    create: wrap("Create", host.create),
    read: wrap("Read", host.read),
    update: wrap("Update", host.update),
    delete: wrap("Delete", host.delete),
  };
}
