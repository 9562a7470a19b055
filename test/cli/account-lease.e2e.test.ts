/**
 * One writer at a time, end to end: the real CLI in child processes against a real sandbox over HTTP. A held
 * lease makes `apply` fail at once naming the holder (or wait with --lock-timeout), having written nothing;
 * `unlock` shows the holder and `unlock --force` releases it; a crashed run's lease expires and the next run
 * takes it; two applies started together never write anything twice (a proxy in front of the sandbox records
 * every write the tracker accepted).
 */
import { createServer, request as httpRequest } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { readLiveAccount } from "../../src/reconcile/live-account.ts";
import { startSandbox } from "../../src/sandbox/server.ts";
import { createTrackerClient } from "../../src/tracker/http-client.ts";
import { apiEnv, ROOT, runCli } from "./run-cli.ts";

const SEED = join(ROOT, "examples/sandbox/voluum-acme.seed.yaml");
const DECLARATION = "examples/demo/acme-team.yaml";
const OPERATIONS = 9; // the demo declaration's plan against this seed
const NOW = new Date("2025-06-01T12:00:00Z");

const closers: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const close of closers.splice(0).reverse()) await close();
});

async function sandboxAt(now: () => Date = () => new Date()) {
  const sandbox = await startSandbox({ seed: SEED, now });
  closers.push(() => sandbox.close());
  const key = sandbox.apiKeys["owner@acme.test"];
  const client = createTrackerClient({ baseUrl: sandbox.url, apiKey: key });
  const state = async () => {
    const have = await readLiveAccount(client);
    return { users: have.users, workspaces: have.workspaces, elements: have.elements };
  };
  return { sandbox, key, client, state, env: apiEnv(sandbox.url, key) };
}

/** A proxy to `target` that records every write the tracker accepted (2xx), lease requests apart. */
async function writeRecorder(target: string) {
  const upstream = new URL(target);
  const accepted: string[] = [];
  const refusedLeases: string[] = [];
  const server = createServer((req, res) => {
    const forward = httpRequest(
      { host: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers: req.headers },
      (answer) => {
        const status = answer.statusCode ?? 502;
        const write = req.method !== "GET" && !(req.url ?? "").startsWith("/v1/lease");
        if (write && status < 300) accepted.push(`${req.method} ${req.url}`);
        if (req.method === "POST" && req.url === "/v1/lease" && status === 409) refusedLeases.push(req.url);
        res.writeHead(status, answer.headers);
        answer.pipe(res);
      },
    );
    forward.on("error", () => res.destroy());
    req.pipe(forward);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  closers.push(
    () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  );
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, accepted, refusedLeases };
}

describe("the account lease through the CLI", { timeout: 120_000 }, () => {
  it("a held lease fails apply at once naming the holder, nothing written; unlock shows it, unlock --force frees it", async () => {
    const { client, state, env } = await sandboxAt();
    const held = await client.acquireLease("deploy in CI job 4711", 600);
    const before = await state();
    const refused = await runCli(["apply", DECLARATION, "--yes"], env);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain(
      `tracker-access apply: the account's lease is held by deploy in CI job 4711 until ${held.expiresAt}; ` +
        "nothing was written. Wait for that run (--lock-timeout waits), or, if it crashed, `tracker-access unlock --force`",
    );
    expect(await state()).toEqual(before);

    const shown = await runCli(["unlock"], env);
    expect([shown.code, shown.stdout]).toEqual([
      1,
      `The account's lease is held by deploy in CI job 4711 until ${held.expiresAt}.\n`,
    ]);
    const released = await runCli(["unlock", "--force"], env);
    expect([released.code, released.stdout]).toEqual([
      0,
      `Released the account's lease held by deploy in CI job 4711 (until ${held.expiresAt}).\n`,
    ]);
    expect(await client.getLease()).toBeUndefined();
    const applied = await runCli(["apply", DECLARATION, "--yes"], env);
    expect(applied.code, applied.stderr).toBe(0);
    expect(await client.getLease(), "released at the end of the run").toBeUndefined();
    expect((await runCli(["unlock"], env)).stdout).toBe("Nobody holds the account's lease.\n");
  });

  it("with --lock-timeout, waits for the holder and then applies", async () => {
    const { sandbox, key, client } = await sandboxAt();
    const proxy = await writeRecorder(sandbox.url);
    const held = await client.acquireLease("ann@laptop pid 42", 600);
    const waiting = runCli(["apply", DECLARATION, "--yes", "--lock-timeout", "2m"], apiEnv(proxy.url, key));
    // released once the waiting run was refused the lease (it then tries again every second)
    while (proxy.refusedLeases.length === 0) await new Promise((resolve) => setTimeout(resolve, 50));
    expect(proxy.accepted, "nothing written while waiting").toEqual([]);
    await client.releaseLease(held.id);
    const outcome = await waiting;
    expect(outcome.code, outcome.stderr).toBe(0);
    expect(outcome.stderr).toContain("the account's lease is held by ann@laptop pid 42");
    expect(outcome.stderr).toContain("waiting up to 2m");
    expect(outcome.stdout).toContain(`Apply: ${OPERATIONS} done, 0 failed, 0 skipped`);
  });

  it.each([
    ["--lock-timeout 2m", ["--lock-timeout", "2m"]],
    ["no --lock-timeout", []],
  ])("two applies started together (%s): one waits or fails cleanly, nothing is written twice", async (_, extra) => {
    const { sandbox, key } = await sandboxAt();
    const proxy = await writeRecorder(sandbox.url);
    const env = apiEnv(proxy.url, key);
    const runs = await Promise.all([1, 2].map(() => runCli(["apply", DECLARATION, "--yes", ...extra], env)));
    expect(
      runs.some((run) => run.code === 0),
      runs.map((r) => r.stderr).join("\n"),
    ).toBe(true);
    for (const run of runs.filter((r) => r.code !== 0)) {
      expect(run.code).toBe(1);
      expect(run.stderr).toMatch(
        /the account's lease is held by tracker-access apply by \S+@\S+ pid \d+ until .*; nothing was written/,
      );
    }
    expect(proxy.accepted, "each change accepted once").toHaveLength(OPERATIONS);
    expect(new Set(proxy.accepted).size, "no request accepted twice").toBe(OPERATIONS);
    const again = await runCli(["plan", DECLARATION, "--detailed-exitcode"], apiEnv(sandbox.url, key));
    expect(again.code, again.stdout).toBe(0);
  });

  it("a crashed run's lease expires, and the next run takes it", async () => {
    let clock = NOW;
    const { client, state, env } = await sandboxAt(() => clock);
    await client.acquireLease("tracker-access apply by ci@runner pid 9 (killed)", 60);
    const before = await state();
    const blocked = await runCli(["apply", DECLARATION, "--yes"], env);
    expect(blocked.code).toBe(1);
    expect(blocked.stderr).toContain(
      "held by tracker-access apply by ci@runner pid 9 (killed) until 2025-06-01T12:01:00.000Z",
    );
    expect(await state()).toEqual(before);
    clock = new Date(NOW.getTime() + 61_000);
    const applied = await runCli(["apply", DECLARATION, "--yes"], env);
    expect(applied.code, applied.stderr).toBe(0);
    expect(await client.getLease()).toBeUndefined();
  });
});
