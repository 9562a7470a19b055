/**
 * A sandbox tracker seeded from a reconcile fixture and a client acting as one of its users, for the end-to-end
 * tests of apply (real HTTP on loopback; nothing mocked).
 */
import type { Declaration } from "../../src/declaration/model.ts";
import { type LiveAccount, readLiveAccount } from "../../src/reconcile/live-account.ts";
import type { Plan } from "../../src/reconcile/operations.ts";
import { type PlanOptions, plan } from "../../src/reconcile/plan.ts";
import type { FaultConfig } from "../../src/sandbox/faults.ts";
import type { SandboxSeed } from "../../src/sandbox/seed.ts";
import { type RunningSandbox, startSandbox } from "../../src/sandbox/server.ts";
import { createTrackerClient } from "../../src/tracker/http-client.ts";
import type { TrackerClient } from "../../src/tracker/tracker-client.ts";
import { profileOf } from "./helpers.ts";

/** A running sandbox and a client for it. */
export interface SandboxSession {
  sandbox: RunningSandbox;
  client: TrackerClient;
  /** Another client for the same account (a second person changing things between plan and apply). */
  other(email?: string): TrackerClient;
  /** Reads the account and plans `want` against it. */
  replan(want: Declaration, options?: PlanOptions): Promise<{ have: LiveAccount; plan: Plan }>;
  close(): Promise<void>;
}

/** Starts a sandbox with `seed` and a client acting as `email` (fast retries, so fault tests stay quick). */
export async function sandboxSession(
  seed: SandboxSeed,
  email = "owner@acme.test",
  faults?: FaultConfig,
): Promise<SandboxSession> {
  const sandbox = await startSandbox({ seed, faults, log: () => {} });
  const clientFor = (who: string) =>
    createTrackerClient({
      baseUrl: sandbox.url,
      apiKey: sandbox.apiKeys[who],
      retryBaseMs: 1,
      retryMaxMs: 20,
      maxRetries: 8,
    });
  const client = clientFor(email);
  const profile = profileOf(seed.account.profile);
  return {
    sandbox,
    client,
    other: (who = email) => clientFor(who),
    async replan(want, options) {
      const have = await readLiveAccount(client);
      return { have, plan: plan(want, have, profile, options) };
    },
    close: () => sandbox.close(),
  };
}
