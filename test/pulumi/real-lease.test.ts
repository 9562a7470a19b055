/**
 * The Pulumi provider's writes hold the account's lease, on the real Pulumi engine (test/pulumi/real-engine.ts):
 * `pulumi up` while someone else holds it fails naming the holder and writes nothing; once it is free, `up`
 * converges and releases the lease it took.
 */
import { afterAll, beforeAll, expect, it } from "vitest";
import { accountState, describeWithPulumi, type EngineStack, startEngineStack } from "./real-engine.ts";

const SEED = "examples/sandbox/voluum-team.seed.yaml";
const DECLARATION = "examples/voluum-team.yaml";
const OWNER = "maria.keller@northwind.test";

describeWithPulumi("the account lease on the real Pulumi engine", () => {
  let stack: EngineStack;

  beforeAll(async () => {
    stack = await startEngineStack(SEED, DECLARATION, OWNER);
  });
  afterAll(() => stack?.close());

  it("pulumi up with the lease held by someone else fails naming the holder, and writes nothing", async () => {
    const client = stack.client();
    const held = await client.acquireLease("tracker-access apply in CI job 4711", 600);
    const before = accountState(await stack.live());
    const up = await stack.up();
    expect(up.ok, up.output).toBe(false);
    expect(up.output).toContain(
      `the account's lease is held by tracker-access apply in CI job 4711 until ${held.expiresAt}; nothing was written`,
    );
    expect(up.output).not.toContain(stack.key);
    expect(accountState(await stack.live())).toEqual(before);

    await client.releaseLease(held.id);
    const free = await stack.up();
    expect(free.ok, free.output).toBe(true);
    expect(await client.getLease(), "the provider released the lease it took").toBeUndefined();
    // two engine runs on a shared 2-core machine
  }, 300_000);
});
