import { describe, expect, it } from "vitest";
import { TrackerApiError, TrackerNetworkError, TrackerTimeoutError } from "../../src/tracker/errors.ts";
import { createTrackerClient, type TrackerClientOptions } from "../../src/tracker/http-client.ts";
import { type Answer, json, problem, recordingFetch, recordingSleep, userFixture } from "./recording-fetch.ts";

const BASE = "http://tracker.test";
const KEY = "sk-test-resilience-secret";

function clientFor(answer: Answer, options: Partial<TrackerClientOptions> = {}) {
  const tracker = recordingFetch(answer);
  const waits = recordingSleep();
  const client = createTrackerClient({
    baseUrl: BASE,
    apiKey: KEY,
    fetch: tracker.fetch,
    sleep: waits.sleep,
    retryBaseMs: 100,
    ...options,
  });
  return { client, requests: tracker.requests, delays: waits.delays };
}

const rateLimited = () => problem(429, "rate-limited", "Too many requests", {}, { "Retry-After": "2" });
const dropped = () => Promise.reject(new TypeError("fetch failed", { cause: new Error("other side closed") }));

describe("retries", () => {
  it("rides out a 429 storm, waiting at least Retry-After each time", async () => {
    const { client, requests, delays } = clientFor((_, i) => (i < 5 ? rateLimited() : json(userFixture(1))));
    const user = await client.getUser("u-1");

    expect(user.id).toBe("u-1");
    expect(requests).toHaveLength(6);
    expect(delays).toHaveLength(5);
    for (const delay of delays) {
      expect(delay).toBeGreaterThanOrEqual(2000);
      expect(delay).toBeLessThan(2100);
    }
    expect(client.stats).toEqual({ reads: 6, writes: 0, retries: 5 });
  });

  it("retries a POST refused with 429 or 503, since the tracker did nothing", async () => {
    const answers = [rateLimited(), problem(503, "internal", "Unavailable"), json(userFixture(7), 201)];
    const { client, requests } = clientFor((_, i) => answers[i]);
    await client.inviteUser({ email: "user7@acme.test", role: "worker" });

    expect(requests.map((r) => r.method)).toEqual(["POST", "POST", "POST"]);
    expect(requests.map((r) => r.body)).toEqual(Array(3).fill({ email: "user7@acme.test", role: "worker" }));
    expect(client.stats).toEqual({ reads: 0, writes: 3, retries: 2 });
  });

  it("retries 5xx answers to idempotent requests with capped exponential backoff", async () => {
    const answers = [problem(500, "internal", "Boom"), new Response("bad gateway", { status: 502 })];
    const { client, requests, delays } = clientFor((_, i) => answers[i] ?? json(userFixture(3)), {
      random: () => 0.999,
      retryMaxMs: 150,
    });
    await client.updateUser("u-3", { role: "admin" }, "e-3");

    expect(requests).toHaveLength(3);
    expect(requests.every((r) => r.headers.get("If-Match") === '"e-3"')).toBe(true);
    expect(delays).toEqual([99, 149]);
  });

  it("gives up after maxRetries with the last answer as a TrackerApiError", async () => {
    const { client, requests, delays } = clientFor(() => problem(500, "internal", "Still broken"), { maxRetries: 3 });
    const error = await client.listUsers().catch((e: unknown) => e);

    expect(error).toBeInstanceOf(TrackerApiError);
    expect((error as TrackerApiError).message).toBe("GET /v1/users → 500 internal: Still broken");
    expect(requests).toHaveLength(4);
    expect(delays).toHaveLength(3);
    expect(client.stats).toEqual({ reads: 4, writes: 0, retries: 3 });
  });

  it("does not repeat a POST after a 500 or a dropped connection: it may have been applied", async () => {
    const failing = clientFor(() => problem(500, "internal", "Boom"));
    await expect(failing.client.createWorkspace("eu")).rejects.toThrow("POST /v1/workspaces → 500 internal: Boom");
    expect(failing.requests).toHaveLength(1);

    const cut = clientFor(dropped);
    const error = await cut.client.inviteUser({ email: "a@b.test", role: "worker" }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TrackerNetworkError);
    expect((error as TrackerNetworkError).message).toBe("POST /v1/users → network error: other side closed");
    expect(cut.requests).toHaveLength(1);
  });

  it("repeats reads and etag-guarded writes after a dropped connection", async () => {
    const { client, requests } = clientFor((r, i) =>
      i % 2 === 0 ? dropped() : r.method === "DELETE" ? new Response(null, { status: 204 }) : json(userFixture(1)),
    );
    await client.getUser("u-1");
    await client.removeUser("u-1", "e-1");
    expect(requests.map((r) => r.method)).toEqual(["GET", "GET", "DELETE", "DELETE"]);
    expect(client.stats.retries).toBe(2);
  });

  it("does not repeat a request whose host name does not resolve: a mistyped URL fails at once", async () => {
    const cause = Object.assign(new Error("getaddrinfo ENOTFOUND tracker.test"), { code: "ENOTFOUND" });
    const unknownHost = () => Promise.reject(new TypeError("fetch failed", { cause }));
    const { client, requests, delays } = clientFor(unknownHost);
    await expect(client.getAccount()).rejects.toThrow(/ENOTFOUND/);
    expect(requests).toHaveLength(1);
    expect(delays).toEqual([]);
    expect(client.stats.retries).toBe(0);
  });

  it("repeats a temporary name-resolution failure (EAI_AGAIN)", async () => {
    const cause = Object.assign(new Error("getaddrinfo EAI_AGAIN tracker.test"), { code: "EAI_AGAIN" });
    const { client, requests } = clientFor((_, i) =>
      i < 2 ? Promise.reject(new TypeError("fetch failed", { cause })) : json(userFixture(1)),
    );
    await expect(client.getUser("u-1")).resolves.toMatchObject({ id: "u-1" });
    expect(requests).toHaveLength(3);
  });

  it("does not repeat a request to a port fetch refuses to use (real fetch, no connection made)", async () => {
    const waits = recordingSleep();
    const client = createTrackerClient({ baseUrl: "http://127.0.0.1:9", apiKey: KEY, sleep: waits.sleep });
    await expect(client.getAccount()).rejects.toThrow(/bad port/);
    expect(waits.delays).toEqual([]);
    expect(client.stats.retries).toBe(0);
  });

  it("reports a network error after maxRetries drops", async () => {
    const { client, requests } = clientFor(dropped, { maxRetries: 2 });
    await expect(client.getAccount()).rejects.toBeInstanceOf(TrackerNetworkError);
    expect(requests).toHaveLength(3);
  });
});

describe("timeouts", () => {
  const hangUntilAborted = (request: { signal: AbortSignal }) =>
    new Promise<Response>((_, reject) => {
      request.signal.addEventListener("abort", () => reject(request.signal.reason));
    });

  it("reports a hung request as TrackerTimeoutError and does not retry it", async () => {
    const { client, requests } = clientFor(hangUntilAborted, { timeoutMs: 50 });
    const started = performance.now();
    const error = await client.getWorkspace("w-1").catch((e: unknown) => e);

    expect(error).toBeInstanceOf(TrackerTimeoutError);
    expect((error as TrackerTimeoutError).message).toBe("GET /v1/workspaces/w-1 → no answer within 50 ms");
    expect(performance.now() - started).toBeLessThan(2000);
    expect(requests).toHaveLength(1);
    expect(requests[0].signal.aborted).toBe(true);
  });

  it("times out even a fetch that ignores its abort signal", async () => {
    const { client } = clientFor(() => new Promise<Response>(() => {}), { timeoutMs: 50 });
    await expect(client.getMe()).rejects.toBeInstanceOf(TrackerTimeoutError);
  });

  it("times out an answer whose body never ends", async () => {
    const endless = () =>
      new Response(new ReadableStream({ start: (c) => c.enqueue(new TextEncoder().encode('{"items":[')) }), {
        headers: { "Content-Type": "application/json" },
      });
    const { client } = clientFor(endless, { timeoutMs: 50 });
    await expect(client.listElements()).rejects.toThrow("GET /v1/elements → no answer within 50 ms");
  });
});

describe("concurrency", () => {
  it("never has more than maxConcurrency requests in flight, retries included", async () => {
    let inFlight = 0;
    let peak = 0;
    const { client, requests } = clientFor(
      async (_, i) => {
        inFlight += 1;
        peak = Math.max(peak, inFlight);
        await new Promise((resolve) => setTimeout(resolve, 2));
        inFlight -= 1;
        return i % 5 === 0 ? problem(503, "internal", "Busy") : json(userFixture(i));
      },
      { maxConcurrency: 4 },
    );
    const users = await Promise.all(Array.from({ length: 40 }, (_, i) => client.getUser(`u-${i}`)));

    expect(users).toHaveLength(40);
    expect(requests.length).toBeGreaterThan(40);
    expect(peak).toBe(4);
  });
});

describe("secrets", () => {
  it("keeps the API key out of timeout and network errors", async () => {
    const leaky = () => Promise.reject(new TypeError("fetch failed", { cause: new Error(`refused for ${KEY}`) }));
    const errors = [
      await clientFor(leaky, { maxRetries: 0 })
        .client.getMe()
        .catch((e: unknown) => e),
      await clientFor(() => new Promise<Response>(() => {}), { timeoutMs: 20 })
        .client.getMe()
        .catch((e: unknown) => e),
      await clientFor(() => problem(403, "forbidden", "No"))
        .client.getMe()
        .catch((e: unknown) => e),
    ] as Error[];

    expect(errors.map((e) => e.constructor.name)).toEqual([
      "TrackerNetworkError",
      "TrackerTimeoutError",
      "TrackerApiError",
    ]);
    for (const error of errors) {
      for (const text of [error.message, JSON.stringify(error), error.stack ?? "", String(error.cause ?? "")]) {
        expect(text).not.toContain(KEY);
      }
    }
  });
});
