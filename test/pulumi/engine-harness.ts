/**
 * Runs Pulumi's real dynamic-provider host the way the engine does — the `pulumi-resource-pulumi-nodejs` shim
 * from node_modules, started with `node` on the PATH and the folder of Pulumi.yaml's `main` as working
 * directory (src/pulumi/), as the engine starts every plugin — and drives it over gRPC with the protobuf stubs
 * shipped in @pulumi/pulumi: the engine's side of the wire, one RPC at a time, for what the real CLI cannot
 * show (real-engine.ts runs the CLI itself).
 */
import { type ChildProcess, spawn } from "node:child_process";
import { readFileSync, statSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { parse as parseYaml } from "yaml";

const require = createRequire(import.meta.url);
const grpc = require("@grpc/grpc-js") as typeof import("@grpc/grpc-js");
const providerGrpc = require("@pulumi/pulumi/proto/provider_grpc_pb.js");
const providerProto = require("@pulumi/pulumi/proto/provider_pb.js");
const structProto = require("google-protobuf/google/protobuf/struct_pb.js");

/** The engine's marker of a value not known during preview. */
export const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";
const SIG_KEY = "4dabf18193072939515e22adb298388d";
const SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";

/** A property bag as it travels in a protobuf Struct. */
export type Props = Record<string, unknown>;

/** Wraps a value the way the engine marks a secret in a property bag. */
export function secret(value: unknown): Props {
  return { [SIG_KEY]: SECRET_SIG, value };
}

/** A check failure as the engine receives it. */
export interface CheckFailure {
  property: string;
  reason: string;
}

/** What Diff answers: the engine's DiffChanges enum as a word, and the properties that force a replacement. */
export interface DiffAnswer {
  changes: "unknown" | "none" | "some";
  replaces: string[];
}

/** The provider host process and a typed client of its ResourceProvider service. */
export interface ProviderHost {
  configure(args: Props): Promise<{ acceptSecrets: boolean }>;
  check(urn: string, olds: Props, news: Props): Promise<{ inputs: Props; failures: CheckFailure[] }>;
  diff(id: string, urn: string, olds: Props, news: Props, oldInputs?: Props): Promise<DiffAnswer>;
  create(urn: string, properties: Props): Promise<{ id: string; properties: Props }>;
  read(
    id: string,
    urn: string,
    properties: Props,
    inputs: Props,
  ): Promise<{ id: string; properties: Props; inputs: Props }>;
  update(id: string, urn: string, olds: Props, news: Props, oldInputs?: Props): Promise<{ properties: Props }>;
  delete(id: string, urn: string, properties: Props, oldInputs?: Props): Promise<void>;
  /** Everything the host wrote to stdout and stderr so far. */
  output(): string;
  /** The host's process id. */
  readonly pid: number;
  close(): Promise<void>;
}

/** Options of `startProviderHost`. */
export interface HostOptions {
  /** The project directory (where Pulumi.yaml is); the engine starts plugins in the folder of its `main`. */
  projectDir: string;
  /** Extra environment variables. */
  env?: NodeJS.ProcessEnv;
}

/** The URN the engine gives a dynamic resource of this program. */
export function urnOf(type: string, name: string, stack = "dev", project = "tracker-access"): string {
  return `urn:pulumi:${stack}::${project}::${type}::${name}`;
}

/**
 * Where the engine starts plugins: the folder of Pulumi.yaml's `main` when it names a file (pkg/engine/project.go
 * `getPwdMain`), else the project directory.
 */
export function pluginDirectory(projectDir: string): string {
  const project = parseYaml(readFileSync(join(projectDir, "Pulumi.yaml"), "utf8")) as { main?: string };
  if (project.main === undefined) return projectDir;
  const main = join(projectDir, project.main);
  return statSync(main).isFile() ? dirname(main) : main;
}

/** Starts the dynamic-provider host from node_modules and connects a gRPC client to the port it prints. */
export async function startProviderHost(options: HostOptions): Promise<ProviderHost> {
  // Launch: the engine execs the plugin shim with its own address as the only argument.
  const shim = join(options.projectDir, "node_modules", "@pulumi", "pulumi", "pulumi-resource-pulumi-nodejs");
  const nodeDir = dirname(process.execPath);
  const child = spawn("sh", [shim, "127.0.0.1:1"], {
    cwd: pluginDirectory(options.projectDir),
    env: { ...process.env, PATH: `${nodeDir}:${process.env.PATH ?? ""}`, ...options.env },
    stdio: ["ignore", "pipe", "pipe"],
    // Its own process group: the shim runs node as a child, and close() ends both.
    detached: true,
  });
  let output = "";
  child.stderr?.on("data", (chunk: Buffer) => {
    output += chunk.toString();
  });
  const port = await readPort(child, (text) => {
    output += text;
  });
  const client = new providerGrpc.ResourceProviderClient(`127.0.0.1:${port}`, grpc.credentials.createInsecure());
  const call = <T>(method: string, request: unknown): Promise<T> =>
    new Promise((resolve, reject) => {
      client[method](request, (error: Error | null, response: T) => (error ? reject(error) : resolve(response)));
    });
  const struct = (props: Props) => structProto.Struct.fromJavaScript(props);

  return {
    pid: child.pid ?? 0,
    output: () => output,
    async configure(args) {
      const request = new providerProto.ConfigureRequest();
      request.setArgs(struct(args));
      request.setAcceptsecrets(true);
      request.setAcceptresources(true);
      const variables = request.getVariablesMap();
      for (const [key, value] of Object.entries(args)) variables.set(key, plainConfigValue(value));
      const response = await call<{ getAcceptsecrets(): boolean }>("configure", request);
      return { acceptSecrets: response.getAcceptsecrets() };
    },
    async check(urn, olds, news) {
      const request = new providerProto.CheckRequest();
      request.setUrn(urn);
      request.setOlds(struct(olds));
      request.setNews(struct(news));
      request.setName(nameOf(urn));
      request.setType(typeOf(urn));
      const response = await call<CheckResponse>("check", request);
      const failures = response.getFailuresList().map((f) => ({ property: f.getProperty(), reason: f.getReason() }));
      return { inputs: response.getInputs()?.toJavaScript() ?? {}, failures };
    },
    async diff(id, urn, olds, news, oldInputs) {
      const request = new providerProto.DiffRequest();
      request.setId(id);
      request.setUrn(urn);
      request.setOlds(struct(olds));
      request.setNews(struct(news));
      if (oldInputs) request.setOldInputs(struct(oldInputs));
      const response = await call<DiffResponse>("diff", request);
      const changes = (["unknown", "none", "some"] as const)[response.getChanges()] ?? "unknown";
      return { changes, replaces: response.getReplacesList() };
    },
    async create(urn, properties) {
      const request = new providerProto.CreateRequest();
      request.setUrn(urn);
      request.setProperties(struct(properties));
      const response = await call<CreateResponse>("create", request);
      return { id: response.getId(), properties: response.getProperties()?.toJavaScript() ?? {} };
    },
    async read(id, urn, properties, inputs) {
      const request = new providerProto.ReadRequest();
      request.setId(id);
      request.setUrn(urn);
      request.setProperties(struct(properties));
      request.setInputs(struct(inputs));
      const response = await call<ReadResponse>("read", request);
      return {
        id: response.getId(),
        properties: response.getProperties()?.toJavaScript() ?? {},
        inputs: response.getInputs()?.toJavaScript() ?? {},
      };
    },
    async update(id, urn, olds, news, oldInputs) {
      const request = new providerProto.UpdateRequest();
      request.setId(id);
      request.setUrn(urn);
      request.setOlds(struct(olds));
      request.setNews(struct(news));
      if (oldInputs) request.setOldInputs(struct(oldInputs));
      const response = await call<UpdateResponse>("update", request);
      return { properties: response.getProperties()?.toJavaScript() ?? {} };
    },
    async delete(id, urn, properties, oldInputs) {
      const request = new providerProto.DeleteRequest();
      request.setId(id);
      request.setUrn(urn);
      request.setProperties(struct(properties));
      if (oldInputs) request.setOldInputs(struct(oldInputs));
      await call("delete", request);
    },
    async close() {
      client.close();
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((resolve) => child.once("exit", resolve));
      process.kill(-(child.pid ?? 0), "SIGTERM");
      await exited;
      child.stdout?.destroy();
      child.stderr?.destroy();
    },
  };
}

interface StructLike {
  toJavaScript(): Props;
}
interface CheckResponse {
  getInputs(): StructLike | undefined;
  getFailuresList(): Array<{ getProperty(): string; getReason(): string }>;
}
interface DiffResponse {
  getChanges(): number;
  getReplacesList(): string[];
}
interface CreateResponse {
  getId(): string;
  getProperties(): StructLike | undefined;
}
interface ReadResponse extends CreateResponse {
  getInputs(): StructLike | undefined;
}
interface UpdateResponse {
  getProperties(): StructLike | undefined;
}

/** Waits for the first stdout line (the port), failing with the host's output when it exits first. */
function readPort(child: ChildProcess, record: (text: string) => void): Promise<number> {
  return new Promise((resolve, reject) => {
    let stdout = "";
    const onExit = (code: number | null) =>
      reject(new Error(`provider host exited (${code}) before printing its port`));
    child.once("exit", onExit);
    child.stdout?.on("data", (chunk: Buffer) => {
      const text = chunk.toString();
      record(text);
      if (stdout.includes("\n")) return;
      stdout += text;
      const line = stdout.split("\n")[0];
      if (stdout.includes("\n") && /^\d+$/.test(line.trim())) {
        child.off("exit", onExit);
        resolve(Number(line.trim()));
      }
    });
  });
}

/** The engine's `variables` map carries config values as strings, secrets unwrapped. */
function plainConfigValue(value: unknown): string {
  const v = value !== null && typeof value === "object" && SIG_KEY in value ? (value as Props).value : value;
  return typeof v === "string" ? v : JSON.stringify(v);
}

function nameOf(urn: string): string {
  return urn.split("::").at(-1) ?? "";
}

function typeOf(urn: string): string {
  return urn.split("::").at(-2) ?? "";
}
