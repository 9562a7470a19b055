import { describe, expect, it } from "vitest";
import { isRetryable, parseRetryAfter, retryDelayMs, retryPolicy } from "../../src/tracker/retry.ts";

describe("retry policy", () => {
  it.each([
    ["GET", { kind: "answer", status: 429 }, true],
    ["POST", { kind: "answer", status: 429 }, true],
    ["POST", { kind: "answer", status: 503 }, true],
    ["POST", { kind: "answer", status: 500 }, false],
    ["POST", { kind: "network-error" }, false],
    ["GET", { kind: "answer", status: 500 }, true],
    ["PATCH", { kind: "answer", status: 502 }, true],
    ["DELETE", { kind: "network-error" }, true],
    ["PUT", { kind: "network-error" }, true],
    ["GET", { kind: "network-error", permanent: true }, false],
    ["PATCH", { kind: "network-error", permanent: false }, true],
    ["GET", { kind: "answer", status: 404 }, false],
    ["GET", { kind: "answer", status: 412 }, false],
    ["GET", { kind: "timeout" }, false],
  ] as const)("%s after %o: retry = %s", (method, outcome, expected) => {
    expect(isRetryable(method, outcome)).toBe(expected);
  });

  it("parses Retry-After as seconds or an HTTP date", () => {
    const now = Date.parse("2026-01-01T00:00:00Z");
    expect(parseRetryAfter("3", now)).toBe(3000);
    expect(parseRetryAfter("0", now)).toBe(0);
    expect(parseRetryAfter("Thu, 01 Jan 2026 00:00:05 GMT", now)).toBe(5000);
    expect(parseRetryAfter("Wed, 31 Dec 2025 23:00:00 GMT", now)).toBe(0);
    expect(parseRetryAfter("soon", now)).toBeUndefined();
    expect(parseRetryAfter(null, now)).toBeUndefined();
  });

  it("backs off exponentially with full jitter up to the cap", () => {
    const top = retryPolicy({ baseMs: 100, capMs: 1000, random: () => 0.9999 });
    expect([0, 1, 2, 3, 4, 10].map((n) => retryDelayMs(n, top))).toEqual([99, 199, 399, 799, 999, 999]);
    const bottom = retryPolicy({ baseMs: 100, capMs: 1000, random: () => 0 });
    expect(retryDelayMs(5, bottom)).toBe(0);
  });

  it("honours Retry-After beyond the cap, adding at most baseMs of jitter", () => {
    const policy = retryPolicy({ baseMs: 100, capMs: 1000, random: () => 0.5 });
    expect(retryDelayMs(0, policy, "30")).toBe(30_050);
  });
});
