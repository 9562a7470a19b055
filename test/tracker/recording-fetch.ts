/**
 * A fetch function for tests that records every request and answers with a Response the test computes:
 * openapi-fetch's own way of testing (inject `fetch`, observe the request); no HTTP-mocking library.
 */

/** One request as the client sent it. */
export interface RecordedRequest {
  method: string;
  url: URL;
  headers: Headers;
  /** The parsed JSON body, or undefined when there was none. */
  body: unknown;
  signal: AbortSignal;
}

/** Computes the answer to the n-th request (0-based). */
export type Answer = (request: RecordedRequest, index: number) => Response | Promise<Response>;

/** A recording fetch and what it saw. */
export interface RecordingFetch {
  fetch: typeof fetch;
  requests: RecordedRequest[];
}

/** Wraps `answer` as a fetch that records each request before answering it. */
export function recordingFetch(answer: Answer): RecordingFetch {
  const requests: RecordedRequest[] = [];
  const fetchImpl = async (input: Request | string | URL, init?: RequestInit): Promise<Response> => {
    const request = input instanceof Request ? input : new Request(input, init);
    const text = await request.text();
    const recorded: RecordedRequest = {
      method: request.method,
      url: new URL(request.url),
      headers: request.headers,
      body: text ? JSON.parse(text) : undefined,
      signal: request.signal,
    };
    const index = requests.push(recorded) - 1;
    return answer(recorded, index);
  };
  return { fetch: fetchImpl as typeof fetch, requests };
}

/** A JSON answer. */
export function json(body: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { "Content-Type": "application/json", ...headers },
  });
}

/** A problem+json answer of the given kind (`precondition-failed` → `urn:tracker-access:problem:precondition-failed`). */
export function problem(
  status: number,
  kind: string,
  title: string,
  extra: Record<string, unknown> = {},
  headers: Record<string, string> = {},
): Response {
  return new Response(JSON.stringify({ type: `urn:tracker-access:problem:${kind}`, title, status, ...extra }), {
    status,
    headers: { "Content-Type": "application/problem+json", ...headers },
  });
}

/** A sleep that records the requested delays and returns at once. */
export function recordingSleep(): { sleep: (ms: number) => Promise<void>; delays: number[] } {
  const delays: number[] = [];
  return {
    delays,
    sleep: async (ms: number) => {
      delays.push(ms);
    },
  };
}

/** Test fixtures shaped like the API's resources. */
export function userFixture(n: number) {
  return {
    id: `u-${n}`,
    email: `user${n}@acme.test`,
    role: "worker",
    status: "active" as const,
    invitationExpiresAt: null,
    workspaces: [],
    allWorkspaces: false,
    hiddenColumns: [],
    etag: `e-${n}`,
  };
}
