/**
 * A wrong or flaky URL never waits silently: every repeat is one line on stderr (what failed, attempt n of m, the
 * next wait); an https:// URL at a plain-HTTP port fails at once with a sentence, not OpenSSL's text; a URL that
 * ends in /v1 works. Real HTTP against sandboxes on loopback.
 */
import { createServer } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningSandbox, startSandbox } from "../../src/sandbox/server.ts";
import { createTrackerClient } from "../../src/tracker/http-client.ts";
import type { RetryNotice } from "../../src/tracker/retry.ts";
import { runMain } from "./in-process.ts";
import { ROOT } from "./run-cli.ts";

const SEED = `${ROOT}/examples/sandbox/voluum-acme.seed.yaml`;
let sandbox: RunningSandbox;
let limited: RunningSandbox;
let key: string;

beforeAll(async () => {
  sandbox = await startSandbox({ seed: SEED });
  // every second request refused with 429 and Retry-After: 0, so each repeat is short
  limited = await startSandbox({ seed: SEED, faults: { rateLimit: { everyNth: 2, retryAfterSeconds: 0 } } });
  key = sandbox.apiKeys["owner@acme.test"];
});
afterAll(async () => {
  await sandbox.close();
  await limited.close();
});

/** A loopback port nothing listens on. */
async function refusedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe("a wrong or flaky tracker URL", () => {
  it("prints one line per repeat: what failed, attempt n of m, the next wait", async () => {
    const { code, stderr } = await runMain(["dump", "--api-url", limited.url, "--verbose"], {
      TRACKER_ACCESS_API_KEY: limited.apiKeys["owner@acme.test"],
    });
    expect(code).toBe(0);
    // --verbose: the request that was repeated ends in one line naming its retry
    expect(stderr).toMatch(/^tracker-access: GET \/v1\/\S+ 200 \d+ ms, \d+ retr(y|ies)$/m);
    const retries = stderr.split("\n").filter((line) => line.includes("attempt"));
    expect(retries.length).toBeGreaterThan(0);
    for (const line of retries) {
      expect(line).toMatch(
        /^tracker-access: GET \/v1\/\S+ → answered 429 \(Retry-After: 0\) \(attempt [1-6] of 7\); next attempt in 0\.\d s$/,
      );
    }
  });

  it("the client tells every repeat of a refused port to onRetry, and prints nothing itself", async () => {
    const notices: RetryNotice[] = [];
    const client = createTrackerClient({
      baseUrl: `http://127.0.0.1:${await refusedPort()}`,
      apiKey: key,
      sleep: async () => {},
      onRetry: (notice) => notices.push(notice),
    });
    await expect(client.getMe()).rejects.toThrow(/ECONNREFUSED/);
    expect(notices.map((n) => `${n.attempt}/${n.attempts}`)).toEqual(["1/7", "2/7", "3/7", "4/7", "5/7", "6/7"]);
    for (const n of notices) expect(n).toMatchObject({ method: "GET", path: "/v1/me" });
    expect(notices[0].failure).toMatch(/^network error: ECONNREFUSED/);
  });

  it("an https:// URL at a plain-HTTP port fails at once with a sentence saying to use http://", async () => {
    const started = performance.now();
    const https = sandbox.url.replace("http://", "https://");
    const { code, stdout, stderr } = await runMain(["dump", "--api-url", https], { TRACKER_ACCESS_API_KEY: key });
    const ms = performance.now() - started;
    expect({ code, stdout }).toEqual({ code: 1, stdout: "" });
    expect(stderr.trimEnd().split("\n")).toEqual([
      "tracker-access dump: the tracker refused or failed: GET /v1/me → network error: the server does not speak " +
        "TLS (ERR_SSL_WRONG_VERSION_NUMBER); it most likely serves plain HTTP: use an http:// URL, or check the port",
    ]);
    expect(ms).toBeLessThan(2000);
  });

  it("a URL ending in /v1 (or /v1/) reaches the same API", async () => {
    for (const url of [`${sandbox.url}/v1`, `${sandbox.url}/v1/`]) {
      const { code, stdout, stderr } = await runMain(["dump", "--api-url", url], { TRACKER_ACCESS_API_KEY: key });
      expect({ code, stderr }).toEqual({ code: 0, stderr: "" });
      expect(stdout).toContain("owner@acme.test");
    }
  });
});
