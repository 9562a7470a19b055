/**
 * A PeerClick account for the rate-limit benchmark and its end-to-end test: an owner and `changes` workers in
 * workspace `buyers-a`, and a declaration that moves every worker to `buyers-b`, so an apply makes exactly
 * `changes` writes (one membership change each).
 */
import type { SandboxSeed, SeedUser } from "../src/sandbox/seed.ts";

/** The owner's sandbox API key. */
export const OWNER_KEY = "sk-rate-limit-owner-0001";

/** The seed: the account before the apply. */
export function rateLimitedSeed(changes: number): SandboxSeed {
  const users: SeedUser[] = [{ email: "owner@rate.test", role: "owner", apiKey: OWNER_KEY }];
  for (let i = 0; i < changes; i++) users.push({ email: workerEmail(i), role: "worker", workspaces: ["buyers-a"] });
  return {
    account: { id: "rate-limited", name: "Rate Limited Ads", profile: "peerclick" },
    workspaces: [{ name: "buyers-a" }, { name: "buyers-b" }],
    users,
    elements: [],
  };
}

/** The declaration (YAML) that changes every worker's workspace. */
export function rateLimitedDeclaration(changes: number): string {
  const lines = [
    "apiVersion: tracker-access/v1",
    "tracker: peerclick",
    "account: rate-limited",
    "workspaces:",
    "  - name: buyers-a",
    "  - name: buyers-b",
    "users:",
    "  - { email: owner@rate.test, role: owner }",
  ];
  for (let i = 0; i < changes; i++)
    lines.push(`  - { email: ${workerEmail(i)}, role: worker, workspaces: [buyers-b] }`);
  return `${lines.join("\n")}\n`;
}

function workerEmail(i: number): string {
  return `buyer${String(i).padStart(4, "0")}@rate.test`;
}
