/**
 * `createTrackerClient()`: the `TrackerClient` over HTTP, one method per operation of schemas/tracker-api.yaml,
 * typed by openapi-fetch from the generated `paths`. Requests go through transport.ts (API key, timeout,
 * retries, concurrency bound, counters, no redirects); error answers become `TrackerApiError` in errors.ts;
 * success answers are checked against the contract before use (answer-check.ts); lists follow cursors
 * (pagination.ts). Etags are sent as `If-Match: "<etag>"` (the resource's `etag` field, quoted).
 */
import createClient from "openapi-fetch";
import { checkAnswer } from "./answer-check.ts";
import type { paths } from "./api-types.ts";
import { Semaphore } from "./concurrency.ts";
import { TrackerApiError, toTrackerApiError } from "./errors.ts";
import { collectPages } from "./pagination.ts";
import { RequestPace } from "./request-pace.ts";
import type { Element, ElementGroupMoveItem, UserInvite, UserUpdate } from "./resources.ts";
import { type RequestRecord, type RetryNotice, retryPolicy } from "./retry.ts";
import type { ClientStats, TrackerClient } from "./tracker-client.ts";
import { createTransport } from "./transport.ts";

/** How to reach a tracker account and how patiently to talk to it. */
export interface TrackerClientOptions {
  /** Root URL of the API, e.g. `http://127.0.0.1:8787` (paths start with /v1). */
  baseUrl: string;
  /** The `X-Api-Key`; it never appears in errors, logs or stats. */
  apiKey: string;
  /** The fetch to send requests with (default globalThis.fetch); tests inject one. */
  fetch?: typeof fetch;
  /** Limit of one attempt, answer body included, in milliseconds (default 30000). */
  timeoutMs?: number;
  /** Requests in flight at most (default 8). */
  maxConcurrency?: number;
  /**
   * Requests per second at most, shared by every concurrent request and retry (default: unpaced); or a
   * `RequestPace` the caller keeps, to set the rate once it is known (the account's profile).
   */
  requestsPerSecond?: number | RequestPace;
  /** Repeats of a retryable failure before giving up (default 6); see retry.ts for what is retryable. */
  maxRetries?: number;
  /** Items per list request, at most 1000 (default 1000). */
  pageSize?: number;
  /** Base of the exponential backoff in milliseconds (default 200). */
  retryBaseMs?: number;
  /** Cap of one backoff delay in milliseconds (default 20000); `Retry-After` is honoured beyond it. */
  retryMaxMs?: number;
  /** Waits between retries (default a real timer); tests record the delays instead. */
  sleep?: (ms: number) => Promise<void>;
  /** Jitter source in [0, 1) (default Math.random). */
  random?: () => number;
  /** Told before every wait for a repeat (what failed, attempt n of m, the wait); the client prints nothing. */
  onRetry?: (notice: RetryNotice) => void;
  /** Told when a request has ended, after its retries (for a verbose log); never given a header. */
  onRequest?: (record: RequestRecord) => void;
}

/** What openapi-fetch resolves with when asked for the body as text (`parseAs: "text"`): answer-check.ts parses it. */
type TextResult = { data?: string; error?: unknown; response: Response };

const AS_TEXT = { parseAs: "text" } as const;

// The spec's path templates of operations on one object.
const WORKSPACE = "/v1/workspaces/{workspaceId}";
const USER = "/v1/users/{userId}";
const INVITATION = "/v1/users/{userId}/invitation";
const ELEMENT = "/v1/elements/{elementId}";
const ELEMENT_WORKSPACE = "/v1/elements/{elementId}/workspace";
const LEASE = "/v1/lease/{leaseId}";

/** Creates a `TrackerClient` that talks to the Tracker Access API at `options.baseUrl`. */
export function createTrackerClient(options: TrackerClientOptions): TrackerClient {
  // 1. Transport: every request passes the API key, the concurrency bound, the timeout and the retry policy.
  const stats: ClientStats = { reads: 0, writes: 0, retries: 0 };
  const secrets = [options.apiKey];
  const transport = createTransport({
    apiKey: options.apiKey,
    fetch: options.fetch ?? globalThis.fetch,
    timeoutMs: options.timeoutMs ?? 30_000,
    semaphore: new Semaphore(options.maxConcurrency ?? 8),
    pace:
      options.requestsPerSecond instanceof RequestPace
        ? options.requestsPerSecond
        : new RequestPace(options.requestsPerSecond),
    retry: retryPolicy({
      maxRetries: options.maxRetries,
      baseMs: options.retryBaseMs,
      capMs: options.retryMaxMs,
      sleep: options.sleep,
      random: options.random,
    }),
    stats,
    onRetry: options.onRetry,
    onRequest: options.onRequest,
  });
  const api = createClient<paths>({ baseUrl: apiRoot(options.baseUrl), fetch: transport });
  const pageSize = options.pageSize ?? 1000;

  // 2. One place turns an answer into data checked against the contract, or a TrackerApiError.
  const unwrap = async <D>(method: string, template: string, path: string, call: Promise<TextResult>): Promise<D> => {
    const { data, error, response } = await call;
    if (!response.ok) throw toTrackerApiError(method, path, response, error, secrets);
    return checkAnswer(method, template, path, response, data) as D;
  };

  // 3. The operations: method, the spec's path template (for the answer's schema), the path sent, the call.
  return {
    stats,
    getMe: () => unwrap("GET", "/v1/me", "/v1/me", api.GET("/v1/me", AS_TEXT)),
    getAccount: () => unwrap("GET", "/v1/account", "/v1/account", api.GET("/v1/account", AS_TEXT)),

    listWorkspaces: () =>
      collectPages("workspaces", pageSize, (cursor, limit) =>
        unwrap(
          "GET",
          "/v1/workspaces",
          "/v1/workspaces",
          api.GET("/v1/workspaces", { params: { query: { cursor, limit } }, ...AS_TEXT }),
        ),
      ),
    getWorkspace: (id) =>
      unwrap(
        "GET",
        WORKSPACE,
        workspacePath(id),
        api.GET(WORKSPACE, { params: { path: { workspaceId: id } }, ...AS_TEXT }),
      ),
    createWorkspace: (name) =>
      unwrap("POST", "/v1/workspaces", "/v1/workspaces", api.POST("/v1/workspaces", { body: { name }, ...AS_TEXT })),
    renameWorkspace: (id, name, etag) =>
      unwrap(
        "PATCH",
        WORKSPACE,
        workspacePath(id),
        api.PATCH(WORKSPACE, {
          params: { path: { workspaceId: id }, header: { "If-Match": ifMatch(etag) } },
          body: { name },
          ...AS_TEXT,
        }),
      ),
    deleteWorkspace: async (id, etag) => {
      await unwrap(
        "DELETE",
        WORKSPACE,
        workspacePath(id),
        api.DELETE(WORKSPACE, {
          params: { path: { workspaceId: id }, header: { "If-Match": ifMatch(etag) } },
          ...AS_TEXT,
        }),
      );
    },

    listUsers: () =>
      collectPages("users", pageSize, (cursor, limit) =>
        unwrap(
          "GET",
          "/v1/users",
          "/v1/users",
          api.GET("/v1/users", { params: { query: { cursor, limit } }, ...AS_TEXT }),
        ),
      ),
    getUser: (id) => unwrap("GET", USER, userPath(id), api.GET(USER, { params: { path: { userId: id } }, ...AS_TEXT })),
    inviteUser: (invite: UserInvite) =>
      unwrap("POST", "/v1/users", "/v1/users", api.POST("/v1/users", { body: invite, ...AS_TEXT })),
    updateUser: (id, change: UserUpdate, etag) =>
      unwrap(
        "PATCH",
        USER,
        userPath(id),
        api.PATCH(USER, {
          params: { path: { userId: id }, header: { "If-Match": ifMatch(etag) } },
          body: change,
          ...AS_TEXT,
        }),
      ),
    removeUser: async (id, etag) => {
      await unwrap(
        "DELETE",
        USER,
        userPath(id),
        api.DELETE(USER, {
          params: { path: { userId: id }, header: { "If-Match": ifMatch(etag) } },
          ...AS_TEXT,
        }),
      );
    },
    resendInvitation: (id, etag) =>
      unwrap(
        "POST",
        INVITATION,
        `${userPath(id)}/invitation`,
        api.POST(INVITATION, {
          params: { path: { userId: id }, header: { "If-Match": ifMatch(etag) } },
          ...AS_TEXT,
        }),
      ),

    listElements: (kind?: string) =>
      collectPages(kind ? `${kind} elements` : "elements", pageSize, (cursor, limit) =>
        unwrap(
          "GET",
          "/v1/elements",
          "/v1/elements",
          api.GET("/v1/elements", { params: { query: { kind, cursor, limit } }, ...AS_TEXT }),
        ),
      ),
    getElement: (id) =>
      unwrap("GET", ELEMENT, elementPath(id), api.GET(ELEMENT, { params: { path: { elementId: id } }, ...AS_TEXT })),
    moveElement: (id, workspace, etag) =>
      unwrap(
        "PUT",
        ELEMENT_WORKSPACE,
        `${elementPath(id)}/workspace`,
        api.PUT(ELEMENT_WORKSPACE, {
          params: { path: { elementId: id }, header: { "If-Match": ifMatch(etag) } },
          body: { workspace },
          ...AS_TEXT,
        }),
      ),
    moveElementGroup: async (moves: ElementGroupMoveItem[]) => {
      const moved = await unwrap<{ items: Element[] }>(
        "POST",
        "/v1/element-moves",
        "/v1/element-moves",
        api.POST("/v1/element-moves", { body: { moves }, ...AS_TEXT }),
      );
      return moved.items;
    },

    getLease: async () => {
      try {
        return await unwrap("GET", "/v1/lease", "/v1/lease", api.GET("/v1/lease", AS_TEXT));
      } catch (error) {
        if (error instanceof TrackerApiError && error.status === 404) return undefined;
        throw error;
      }
    },
    acquireLease: (holder, ttlSeconds) =>
      unwrap("POST", "/v1/lease", "/v1/lease", api.POST("/v1/lease", { body: { holder, ttlSeconds }, ...AS_TEXT })),
    renewLease: (id, ttlSeconds) =>
      unwrap(
        "PUT",
        LEASE,
        leasePath(id),
        api.PUT(LEASE, { params: { path: { leaseId: id } }, body: { ttlSeconds }, ...AS_TEXT }),
      ),
    releaseLease: async (id) => {
      await unwrap(
        "DELETE",
        LEASE,
        leasePath(id),
        api.DELETE(LEASE, { params: { path: { leaseId: id } }, ...AS_TEXT }),
      );
    },
    breakLease: async () => {
      await unwrap("DELETE", "/v1/lease", "/v1/lease", api.DELETE("/v1/lease", AS_TEXT));
    },
  };
}

/**
 * The `If-Match` value for an etag as the API returns it in a resource's `etag` field: wrapped in double quotes
 * (`abc` → `"abc"`); a value that is already a quoted or weak entity tag is sent as it is.
 */
export function ifMatch(etag: string): string {
  return etag.startsWith('"') || etag.startsWith('W/"') ? etag : `"${etag}"`;
}

/**
 * The root the spec's paths (`/v1/...`) are appended to: `https://t.example/v1` is taken as `https://t.example`,
 * since `/v1/v1/me` is never meant. Trailing slashes are dropped too.
 */
export function apiRoot(baseUrl: string): string {
  return baseUrl.replace(/\/+$/, "").replace(/\/v1$/, "");
}

function workspacePath(id: string): string {
  return `/v1/workspaces/${encodeURIComponent(id)}`;
}

function userPath(id: string): string {
  return `/v1/users/${encodeURIComponent(id)}`;
}

function elementPath(id: string): string {
  return `/v1/elements/${encodeURIComponent(id)}`;
}

function leasePath(id: string): string {
  return `/v1/lease/${encodeURIComponent(id)}`;
}
