/**
 * `createTrackerClient()`: the `TrackerClient` over HTTP, one method per operation of schemas/tracker-api.yaml,
 * typed by openapi-fetch from the generated `paths`. Requests go through transport.ts (API key, timeout,
 * retries, concurrency bound, counters); error answers become `TrackerApiError` in errors.ts; lists follow
 * cursors (pagination.ts). Etags are sent as `If-Match: "<etag>"` (the resource's `etag` field, quoted).
 */
import createClient from "openapi-fetch";
import type { paths } from "./api-types.ts";
import { Semaphore } from "./concurrency.ts";
import { toTrackerApiError } from "./errors.ts";
import { collectPages } from "./pagination.ts";
import type { ElementGroupMoveItem, UserInvite, UserUpdate } from "./resources.ts";
import { retryPolicy } from "./retry.ts";
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
}

type ApiResult<D> = { data?: D; error?: unknown; response: Response };

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
    retry: retryPolicy({
      maxRetries: options.maxRetries,
      baseMs: options.retryBaseMs,
      capMs: options.retryMaxMs,
      sleep: options.sleep,
      random: options.random,
    }),
    stats,
  });
  const api = createClient<paths>({ baseUrl: options.baseUrl, fetch: transport });
  const pageSize = options.pageSize ?? 1000;

  // 2. One place turns an answer into data or a TrackerApiError.
  const unwrap = async <D>(method: string, path: string, call: Promise<ApiResult<D>>): Promise<D> => {
    const { data, error, response } = await call;
    if (!response.ok) throw toTrackerApiError(method, path, response, error, secrets);
    return data as D;
  };

  // 3. The operations.
  return {
    stats,
    getMe: () => unwrap("GET", "/v1/me", api.GET("/v1/me")),
    getAccount: () => unwrap("GET", "/v1/account", api.GET("/v1/account")),

    listWorkspaces: () =>
      collectPages("workspaces", pageSize, (cursor, limit) =>
        unwrap("GET", "/v1/workspaces", api.GET("/v1/workspaces", { params: { query: { cursor, limit } } })),
      ),
    getWorkspace: (id) =>
      unwrap(
        "GET",
        workspacePath(id),
        api.GET("/v1/workspaces/{workspaceId}", { params: { path: { workspaceId: id } } }),
      ),
    createWorkspace: (name) => unwrap("POST", "/v1/workspaces", api.POST("/v1/workspaces", { body: { name } })),
    renameWorkspace: (id, name, etag) =>
      unwrap(
        "PATCH",
        workspacePath(id),
        api.PATCH("/v1/workspaces/{workspaceId}", {
          params: { path: { workspaceId: id }, header: { "If-Match": ifMatch(etag) } },
          body: { name },
        }),
      ),
    deleteWorkspace: async (id, etag) => {
      await unwrap(
        "DELETE",
        workspacePath(id),
        api.DELETE("/v1/workspaces/{workspaceId}", {
          params: { path: { workspaceId: id }, header: { "If-Match": ifMatch(etag) } },
        }),
      );
    },

    listUsers: () =>
      collectPages("users", pageSize, (cursor, limit) =>
        unwrap("GET", "/v1/users", api.GET("/v1/users", { params: { query: { cursor, limit } } })),
      ),
    getUser: (id) => unwrap("GET", userPath(id), api.GET("/v1/users/{userId}", { params: { path: { userId: id } } })),
    inviteUser: (invite: UserInvite) => unwrap("POST", "/v1/users", api.POST("/v1/users", { body: invite })),
    updateUser: (id, change: UserUpdate, etag) =>
      unwrap(
        "PATCH",
        userPath(id),
        api.PATCH("/v1/users/{userId}", {
          params: { path: { userId: id }, header: { "If-Match": ifMatch(etag) } },
          body: change,
        }),
      ),
    removeUser: async (id, etag) => {
      await unwrap(
        "DELETE",
        userPath(id),
        api.DELETE("/v1/users/{userId}", {
          params: { path: { userId: id }, header: { "If-Match": ifMatch(etag) } },
        }),
      );
    },
    resendInvitation: (id, etag) =>
      unwrap(
        "POST",
        `${userPath(id)}/invitation`,
        api.POST("/v1/users/{userId}/invitation", {
          params: { path: { userId: id }, header: { "If-Match": ifMatch(etag) } },
        }),
      ),

    listElements: (kind?: string) =>
      collectPages(kind ? `${kind} elements` : "elements", pageSize, (cursor, limit) =>
        unwrap("GET", "/v1/elements", api.GET("/v1/elements", { params: { query: { kind, cursor, limit } } })),
      ),
    getElement: (id) =>
      unwrap("GET", elementPath(id), api.GET("/v1/elements/{elementId}", { params: { path: { elementId: id } } })),
    moveElement: (id, workspace, etag) =>
      unwrap(
        "PUT",
        `${elementPath(id)}/workspace`,
        api.PUT("/v1/elements/{elementId}/workspace", {
          params: { path: { elementId: id }, header: { "If-Match": ifMatch(etag) } },
          body: { workspace },
        }),
      ),
    moveElementGroup: async (moves: ElementGroupMoveItem[]) => {
      const moved = await unwrap("POST", "/v1/element-moves", api.POST("/v1/element-moves", { body: { moves } }));
      return moved.items;
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

function workspacePath(id: string): string {
  return `/v1/workspaces/${encodeURIComponent(id)}`;
}

function userPath(id: string): string {
  return `/v1/users/${encodeURIComponent(id)}`;
}

function elementPath(id: string): string {
  return `/v1/elements/${encodeURIComponent(id)}`;
}
