/**
 * What the real CLI cannot show, on the real dynamic-provider host started as the engine starts it (in the folder
 * of `main`, engine-harness.ts), against the sandbox tracker: unknown values during a preview (the program
 * computes none, so the engine never sends one), and an Update whose plan the engine refuses although an earlier
 * Check passed — the account changed in between, in another run — which writes nothing and names the rule.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openResource } from "../../src/pulumi/provider-impl.ts";
import { readLiveAccount } from "../../src/reconcile/live-account.ts";
import { type RunningSandbox, startSandbox } from "../../src/sandbox/server.ts";
import { createTrackerClient } from "../../src/tracker/http-client.ts";
import { captureStack, type Registration } from "./capture-stack.ts";
import { type ProviderHost, secret, startProviderHost, UNKNOWN } from "./engine-harness.ts";
import { accountState, PROJECT_DIR } from "./real-engine.ts";

const SEED = "examples/sandbox/voluum-team.seed.yaml";
const OWNER = "maria.keller@northwind.test";

describe("the AccessPolicy provider on the engine's protocol", () => {
  let sandbox: RunningSandbox;
  let policy: Registration;
  const hosts: ProviderHost[] = [];
  /** A host configured as the engine configures it, the key as a secret. */
  const host = async () => {
    const started = await startProviderHost({ projectDir: PROJECT_DIR });
    hosts.push(started);
    await started.configure({
      "tracker-access:declaration": "examples/voluum-team.yaml",
      "tracker-access:apiUrl": sandbox.url,
      "tracker-access:apiKey": secret(sandbox.apiKeys[OWNER]),
    });
    return started;
  };

  beforeAll(async () => {
    sandbox = await startSandbox({ seed: SEED, log: () => {} });
    const captured = await captureStack({
      "tracker-access:declaration": "examples/voluum-team.yaml",
      "tracker-access:apiUrl": sandbox.url,
    });
    policy = captured.registrations[0];
  });
  afterAll(async () => {
    for (const h of hosts) await h.close();
    await sandbox?.close();
  });

  it("unknown values during preview: Check passes them through, Diff reports a change", async () => {
    const engine = await host();
    const news = { ...policy.inputs, apiUrl: UNKNOWN };
    expect(await engine.check(policy.urn, {}, news)).toEqual({ inputs: news, failures: [] });
    const users = { ...(policy.inputs.users as object), "new@northwind.test": UNKNOWN };
    const diff = await engine.diff(policy.name, policy.urn, policy.inputs, { ...policy.inputs, users });
    expect(diff.changes).toBe("some");
    expect(diff.replaces).toEqual([]);
  });

  it("an Update whose plan became refused after Check writes nothing and names the rule, never the key", async () => {
    // Check passes on the drifted Northwind account (its removals are within the guard).
    const checked = await (await host()).check(policy.urn, {}, policy.inputs);
    expect(checked.failures).toEqual([]);

    // Then, in another run, hands invite four people: the next Update's plan would remove more than 25%.
    const owner = sandbox.apiKeys[OWNER];
    const client = createTrackerClient({ baseUrl: sandbox.url, apiKey: owner });
    const workspace = (await client.listWorkspaces())[0].id;
    for (const name of ["ann", "ben", "cat", "dan"])
      await client.inviteUser({ email: `${name}@elsewhere.test`, role: "readonly", workspaces: [workspace] });
    const before = accountState(await readLiveAccount(client));

    const engine = await host();
    const error = await engine.update(policy.name, policy.urn, checked.inputs, checked.inputs).then(
      () => undefined,
      (e: Error) => e,
    );
    expect(error?.message).toMatch(/the plan is refused:\n.*\(guard\/max-removals\)/);
    expect(error?.message).not.toContain(owner);
    expect(accountState(await readLiveAccount(client))).toEqual(before);
    expect(engine.output()).not.toContain(owner);
  });

  it("a stack of the per-entity model: deleting its User and Workspace resources writes nothing", async () => {
    const client = createTrackerClient({ baseUrl: sandbox.url, apiKey: sandbox.apiKeys[OWNER] });
    const before = accountState(await readLiveAccount(client));
    const settings = { apiUrl: sandbox.url, apiKey: sandbox.apiKeys[OWNER] };
    const user = { account: "northwind-performance", tracker: "voluum", email: "kofi.mensah@northwind.test" };
    await openResource("User", settings).delete("kofi.mensah@northwind.test", { ...user, role: "worker" });
    await openResource("Workspace", settings).delete("research", { ...user, name: "research" });
    expect(await openResource("User", settings).diff("kofi.mensah@northwind.test", user, user)).toEqual({
      changes: false,
    });
    expect(accountState(await readLiveAccount(client))).toEqual(before);
  });
});
