/**
 * The sandbox tracker: a real HTTP server on loopback implementing schemas/tracker-api.yaml over a SQLite
 * database. Each request passes, in order: injected faults, routing (from the spec), authentication by
 * `X-Api-Key`, request validation, then its handler inside one transaction, so a refused request changes nothing.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { Profile } from "../policy/profile.ts";
import { loadProfile } from "../policy/profile-loader.ts";
import { findRole } from "../policy/roles.ts";
import type { User } from "../tracker/resources.ts";
import { type FaultConfig, FaultInjector } from "./faults.ts";
import type { Answer, HandlerContext } from "./handlers/context.ts";
import { parseIfMatch } from "./handlers/context.ts";
import { HANDLERS } from "./handlers/operation-table.ts";
import { acceptInvitation } from "./invitations.ts";
import { notFound, ProblemError, unauthorized } from "./problems.ts";
import { EnforcedRate } from "./rate-limit.ts";
import { checkRequest, matchOperation, OPERATIONS, requireJsonBody } from "./request-validation.ts";
import { applySeed, readSeed, type SandboxSeed, seededApiKeys } from "./seed.ts";
import { SandboxStore } from "./store.ts";
import { findUserByApiKey } from "./store-users.ts";

/** How to start a sandbox. */
export interface SandboxOptions {
  /** SQLite file; default `:memory:`. A file that already holds an account is used as it is (not reseeded). */
  db?: string;
  /** The account to seed an empty database with: an object or a YAML file path. */
  seed?: SandboxSeed | string;
  /** TCP port on 127.0.0.1; 0 (default) picks a free one. */
  port?: number;
  /** Faults to inject (tests). */
  faults?: FaultConfig;
  /**
   * Requests per second the sandbox accepts, as a tracker enforces its documented rate: a request over it is
   * answered 429 with `Retry-After` and has no effect (a bucket of one second's requests). Default: no limit.
   */
  rateLimit?: number;
  /** The sandbox's clock for createdAt and invitation expiry (default: the real clock). */
  now?: () => Date;
  /** Where unexpected server errors are reported (default `console.error`); problems answered to clients are not. */
  log?: (message: string) => void;
}

/** A started sandbox. */
export interface RunningSandbox {
  /** Base URL, e.g. `http://127.0.0.1:8787` (no trailing slash). */
  url: string;
  /** The seed's API keys by e-mail address. */
  apiKeys: Record<string, string>;
  /**
   * Test hook, not part of the API: the invited user `email` accepts the invitation (refused once it has
   * expired) and, when `apiKey` is given, gets that key. Returns the now active user.
   */
  acceptInvitation(email: string, apiKey?: string): User;
  /** Requests served so far, and how many of them were refused with 429 for exceeding `rateLimit`. */
  readonly traffic: SandboxTraffic;
  /** Stops the server and closes the database. */
  close(): Promise<void>;
}

/** Counters of a sandbox's requests. */
export interface SandboxTraffic {
  requests: number;
  /** Answered 429 because they exceeded `SandboxOptions.rateLimit`. */
  rateLimited: number;
}

const MAX_BODY_BYTES = 1 << 20;

/** Starts a sandbox tracker on loopback. */
export async function startSandbox(options: SandboxOptions = {}): Promise<RunningSandbox> {
  const missing = OPERATIONS.filter((operation) => HANDLERS[operation.operationId] === undefined);
  if (missing.length > 0) throw new Error(`sandbox: no handler for ${missing.map((o) => o.operationId).join(", ")}`);
  const now = options.now ?? (() => new Date());
  const store = new SandboxStore(options.db ?? ":memory:");
  try {
    // Phase 1: seed an empty database, or reuse the account a file already holds.
    let apiKeys: Record<string, string> = {};
    const seed = options.seed === undefined ? undefined : readSeed(options.seed).seed;
    if (!store.isSeeded()) {
      if (seed === undefined) throw new Error("sandbox: the database is empty; give a seed");
      apiKeys = applySeed(store, seed, now());
    } else if (seed !== undefined) {
      const held = store.account().id;
      if (held !== seed.account.id) {
        throw new Error(`sandbox: ${options.db} holds account "${held}", the seed describes "${seed.account.id}"`);
      }
      apiKeys = seededApiKeys(store, seed);
    }
    const profile = loadProfile(store.account().profile);
    if (profile === undefined) throw new Error(`sandbox: no profile "${store.account().profile}" in policies/`);

    // Phase 2: serve.
    const faults = new FaultInjector(options.faults);
    const rate = options.rateLimit === undefined ? undefined : new EnforcedRate(options.rateLimit);
    const traffic: SandboxTraffic = { requests: 0, rateLimited: 0 };
    const log = options.log ?? ((message: string) => console.error(message));
    const server = createServer((request, response) => {
      serve(request, response, { store, profile, faults, rate, traffic, now, log }).catch((error: unknown) => {
        log(`sandbox: ${(error as Error).stack ?? String(error)}`);
        if (!response.headersSent) send(response, new ProblemError(500, "internal", "unexpected error"), request.url);
      });
    });
    // Keep idle connections open longer than a client's own idle timeout (undici's is 4 s), so a client never
    // reuses a socket the server is closing at that moment (seen as ECONNRESET on a write after a pause).
    server.keepAliveTimeout = 65_000;
    server.headersTimeout = 66_000;
    await listen(server, options.port ?? 0);
    const { port } = server.address() as AddressInfo;
    return {
      url: `http://127.0.0.1:${port}`,
      apiKeys,
      acceptInvitation: (email, apiKey) => acceptInvitation(store, now(), email, apiKey),
      traffic,
      close: () => shutdown(server, store),
    };
  } catch (error) {
    store.close();
    throw error;
  }
}

interface ServerState {
  store: SandboxStore;
  profile: Profile;
  faults: FaultInjector;
  /** The enforced request rate, if any. */
  rate: EnforcedRate | undefined;
  traffic: SandboxTraffic;
  now: () => Date;
  log: (message: string) => void;
}

async function serve(request: IncomingMessage, response: ServerResponse, state: ServerState): Promise<void> {
  const method = request.method ?? "GET";
  const url = new URL(request.url ?? "/", "http://sandbox");
  // Phase 1: faults, before anything is read or changed.
  if (state.faults.latencyMs > 0) await new Promise((resolve) => setTimeout(resolve, state.faults.latencyMs));
  const fault = state.faults.decide(method);
  if (fault.kind === "drop") {
    request.socket.destroy();
    return;
  }
  if (fault.kind === "rate-limited") {
    const retryAfter = String(fault.retryAfterSeconds);
    const problem = new ProblemError(429, "rate-limited", `retry after ${retryAfter} s`, {
      headers: { "Retry-After": retryAfter },
    });
    return send(response, problem, url.pathname);
  }
  if (fault.kind === "server-error") {
    return send(response, new ProblemError(fault.status, "internal", "injected server error"), url.pathname);
  }
  state.traffic.requests += 1;
  const waitMs = state.rate?.tryTake() ?? 0;
  if (waitMs > 0) {
    state.traffic.rateLimited += 1;
    const retryAfter = String(Math.max(1, Math.ceil(waitMs / 1000)));
    const problem = new ProblemError(429, "rate-limited", `over ${state.rate?.perSecond} requests per second`, {
      headers: { "Retry-After": retryAfter },
    });
    return send(response, problem, url.pathname);
  }

  // Phase 2: route and read the body.
  const match = matchOperation(method, url.pathname);
  if (match === undefined) return send(response, notFound(`no resource at ${url.pathname}`), url.pathname);
  if ("allowed" in match) {
    const problem = new ProblemError(405, "invalid-request", `${method} is not an operation of ${url.pathname}`, {
      headers: { Allow: match.allowed.join(", ") },
    });
    return send(response, problem, url.pathname);
  }
  const body = await readBody(request);
  if (body === undefined) {
    const problem = new ProblemError(413, "payload-too-large", `the body is larger than ${MAX_BODY_BYTES} bytes`);
    return send(response, problem, url.pathname);
  }

  // Phase 3: authenticate, check and handle in one transaction.
  let answer: Answer;
  try {
    answer = state.store.transaction(method === "GET" ? "read" : "write", () => {
      const context = authenticate(request, state);
      requireJsonBody(match.operation, request.headers["content-type"], body);
      context.input = checkRequest(match.operation, match.path, url.searchParams, body);
      return HANDLERS[match.operation.operationId](context);
    });
  } catch (error) {
    if (error instanceof ProblemError) return send(response, error, url.pathname);
    throw error;
  }
  send(response, answer, url.pathname);
}

function authenticate(request: IncomingMessage, state: ServerState): HandlerContext {
  const key = request.headers["x-api-key"];
  if (typeof key !== "string" || key === "") throw unauthorized("the X-Api-Key header is missing");
  const actor = findUserByApiKey(state.store, key);
  if (actor === undefined || actor.status !== "active") throw unauthorized("the API key is not valid");
  const actorRole = findRole(state.profile, actor.role);
  if (actorRole === undefined) throw unauthorized(`the key's user has role "${actor.role}", unknown to the profile`);
  const ifMatch = request.headers["if-match"];
  return {
    store: state.store,
    account: state.store.account(),
    profile: state.profile,
    actor,
    actorRole,
    now: state.now,
    input: { path: {}, query: {}, body: undefined },
    ifMatch: parseIfMatch(Array.isArray(ifMatch) ? ifMatch.join(",") : ifMatch),
  };
}

function send(response: ServerResponse, answer: Answer | ProblemError, instance?: string): void {
  const headers: Record<string, string> = { "Cache-Control": "no-store" };
  let payload: string | undefined;
  if (answer instanceof ProblemError) {
    Object.assign(headers, answer.headers, { "Content-Type": "application/problem+json" });
    payload = JSON.stringify(answer.body(instance));
  } else {
    if (answer.etag !== undefined) headers.ETag = `"${answer.etag}"`;
    if (answer.body !== undefined) {
      headers["Content-Type"] = "application/json";
      payload = JSON.stringify(answer.body);
    }
  }
  const status = answer.status;
  response.writeHead(status, headers);
  response.end(payload);
}

/**
 * The body as text, or undefined when it is larger than MAX_BODY_BYTES. An oversized body is still read to its
 * end (and dropped), so the client finishes sending and reads the 413 instead of a reset connection.
 */
async function readBody(request: IncomingMessage): Promise<string | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size <= MAX_BODY_BYTES) chunks.push(chunk);
  }
  return size > MAX_BODY_BYTES ? undefined : Buffer.concat(chunks).toString("utf8");
}

function listen(server: Server, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () => {
      server.off("error", reject);
      resolve();
    });
  });
}

function shutdown(server: Server, store: SandboxStore): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => {
      store.close();
      resolve();
    });
    server.closeAllConnections();
  });
}
