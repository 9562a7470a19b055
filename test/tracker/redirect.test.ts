/**
 * A tracker that redirects: the client never follows, so the API key never reaches the other server. Two real
 * loopback servers: the first answers every request with a redirect to the second, the second records what it
 * receives and must receive nothing. Covers the client itself and the Pulumi provider's Check, which uses it.
 */
import { afterEach, describe, expect, it } from "vitest";
import { openResource } from "../../src/pulumi/provider-impl.ts";
import { readLiveAccount } from "../../src/reconcile/live-account.ts";
import { TrackerRedirectError } from "../../src/tracker/errors.ts";
import { createTrackerClient } from "../../src/tracker/http-client.ts";
import { type Loopback, startLoopback } from "./loopback.ts";

const KEY = "sk-rdr-7Qm2Xc9LpV4tB8nK";
const servers: Loopback[] = [];

afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

/** `other` (records requests, answers 200 {}) and `redirecting` (answers `status` to the same path on `other`). */
async function redirectingPair(status: number, location?: (otherUrl: string, path: string) => string) {
  const other = await startLoopback((_, response) => {
    response.writeHead(200, { "Content-Type": "application/json" });
    response.end("{}");
  });
  const redirecting = await startLoopback((request, response) => {
    const target = location ? location(other.url, request.url ?? "/") : `${other.url}${request.url}`;
    response.writeHead(status, { Location: target, "Content-Type": "text/plain" });
    response.end("moved");
  });
  servers.push(other, redirecting);
  return { other, redirecting };
}

describe("a tracker that answers with a redirect", () => {
  it.each([301, 302, 303, 307, 308])(
    "%i: refused, not followed, not repeated; the other server gets nothing",
    async (status) => {
      const { other, redirecting } = await redirectingPair(status);
      const client = createTrackerClient({ baseUrl: redirecting.url, apiKey: KEY, retryBaseMs: 1 });

      // the five reads of readLiveAccount (dump, plan), each to its end
      const reads = [
        client.getMe(),
        client.getAccount(),
        client.listWorkspaces(),
        client.listUsers(),
        client.listElements(),
      ];
      const outcomes = await Promise.allSettled(reads);
      await expect(readLiveAccount(client)).rejects.toBeInstanceOf(TrackerRedirectError);

      for (const outcome of outcomes) {
        expect(outcome.status).toBe("rejected");
        const redirect = (outcome as PromiseRejectedResult).reason as TrackerRedirectError;
        expect(redirect).toBeInstanceOf(TrackerRedirectError);
        expect(redirect.status).toBe(status);
        expect(redirect.message).toMatch(
          new RegExp(`^GET /v1/\\S+ → ${status} redirect to http://127\\.0\\.0\\.1:${other.port}; not followed`),
        );
        expect(redirect.message).not.toContain(KEY);
        expect(redirect.message.split("\n")).toHaveLength(1);
      }
      expect(other.received).toEqual([]);
      // each read was sent once (five, then at least the first of readLiveAccount's), never repeated
      expect(redirecting.received.length).toBeGreaterThanOrEqual(6);
      expect(redirecting.received.slice(0, 5).map((r) => r.apiKey)).toEqual([KEY, KEY, KEY, KEY, KEY]);
      expect(client.stats.retries).toBe(0);
    },
  );

  it("a write is refused the same way; a relative Location names the tracker's own origin, never its path", async () => {
    const { other, redirecting } = await redirectingPair(307, () => "/elsewhere?key=sk-rdr-7Qm2Xc9LpV4tB8nK");
    const client = createTrackerClient({ baseUrl: redirecting.url, apiKey: KEY });
    const error = await client.createWorkspace("eu-team").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TrackerRedirectError);
    expect((error as Error).message).toBe(
      `POST /v1/workspaces → 307 redirect to ${redirecting.url}; not followed: a tracker API does not redirect, ` +
        "and the API key is only ever sent to the configured URL",
    );
    expect(redirecting.received).toHaveLength(1);
    expect(other.received).toEqual([]);
  });

  it("a redirect without a Location, or with one that does not parse, says so", async () => {
    const { redirecting } = await redirectingPair(302, () => "http://[::1");
    const client = createTrackerClient({ baseUrl: redirecting.url, apiKey: KEY });
    await expect(client.getMe()).rejects.toThrow("GET /v1/me → 302 redirect without a usable Location; not followed");
  });

  it("the Pulumi provider's Check fails with the redirect, and the other server gets nothing", async () => {
    const { other, redirecting } = await redirectingPair(307);
    const policy = openResource("AccessPolicy", { apiUrl: redirecting.url, apiKey: KEY });
    const checked = await policy.check({}, { declaration: ["examples/voluum-team.yaml"] });
    expect(checked.failures).toEqual([
      {
        property: "apiUrl",
        reason: expect.stringMatching(
          new RegExp(
            `^reading the account at ${redirecting.url} failed: GET /v1/\\S+ → 307 redirect to ${other.url}; not followed`,
          ),
        ),
      },
    ]);
    expect(JSON.stringify(checked)).not.toContain(KEY);
    expect(other.received).toEqual([]);
  });
});
