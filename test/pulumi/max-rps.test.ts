/**
 * `tracker-access:maxRps` in the stack config paces the provider's client, on the real dynamic-provider host
 * against a sandbox that enforces 3 requests per second: with the setting, Check's reads are never answered
 * 429 (counted on the server's side); without it the first read is unpaced and is. A value that is not a
 * positive number fails Check in one line naming the setting.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { type RunningSandbox, startSandbox } from "../../src/sandbox/server.ts";
import { captureStack, type Registration } from "./capture-stack.ts";
import { type ProviderHost, secret, startProviderHost } from "./engine-harness.ts";
import { PROJECT_DIR } from "./real-engine.ts";

const SEED = "examples/sandbox/voluum-team.seed.yaml";
const OWNER = "maria.keller@northwind.test";

describe("tracker-access:maxRps", () => {
  let policy: Registration;
  let sandbox: RunningSandbox | undefined;
  const hosts: ProviderHost[] = [];

  beforeAll(async () => {
    const captured = await captureStack({
      "tracker-access:declaration": "examples/voluum-team.yaml",
      "tracker-access:apiUrl": "http://127.0.0.1:9",
    });
    policy = captured.registrations[0];
  });
  afterEach(async () => {
    await sandbox?.close();
    sandbox = undefined;
  });
  afterAll(async () => {
    for (const h of hosts) await h.close();
  });

  /** Check on a fresh host and a fresh sandbox enforcing 3 requests/s; the sandbox's 429 count after it. */
  async function check(maxRps: string | undefined) {
    sandbox = await startSandbox({ seed: SEED, rateLimit: 3, log: () => {} });
    const host = await startProviderHost({ projectDir: PROJECT_DIR });
    hosts.push(host);
    await host.configure({
      "tracker-access:declaration": "examples/voluum-team.yaml",
      "tracker-access:apiUrl": sandbox.url,
      "tracker-access:apiKey": secret(sandbox.apiKeys[OWNER]),
      ...(maxRps === undefined ? {} : { "tracker-access:maxRps": maxRps }),
    });
    const result = await host.check(policy.urn, {}, { ...policy.inputs, apiUrl: sandbox.url });
    return { result, rateLimited: sandbox.traffic.rateLimited };
  }

  it("paces the provider's requests to it: no 429", async () => {
    const { result, rateLimited } = await check("3");
    expect(result.failures).toEqual([]);
    expect(rateLimited).toBe(0);
  });

  it("without it, the same reads exceed the sandbox's rate", async () => {
    const { result, rateLimited } = await check(undefined);
    expect(result.failures).toEqual([]);
    expect(rateLimited).toBeGreaterThan(0);
  });

  it("refuses a value that is not a positive number", async () => {
    const { result } = await check("fast");
    expect(JSON.stringify(result.failures)).toContain(
      "tracker-access:maxRps must be a positive number of requests per second, not fast",
    );
  });
});
