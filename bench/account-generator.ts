/**
 * Generates large sandbox seeds for benchmarks and load tests: a Voluum-profile account with the requested
 * numbers of workspaces, users and elements, deterministic for the same numbers.
 */
import type { SandboxSeed } from "../src/sandbox/seed.ts";

/** How large a generated account is. */
export interface AccountSize {
  users: number;
  workspaces: number;
  elements: number;
}

/** API key of the generated account's owner (a sandbox-only value). */
export const OWNER_KEY = "sk-bench-owner";

const ROLES = ["worker", "readonly", "admin"] as const;
const KINDS = ["offer", "lander", "flow", "traffic-source", "affiliate-network", "campaign"] as const;

/** A seed with one owner holding `OWNER_KEY`, then workers, read-only users and admins spread over workspaces. */
export function generateAccount(size: AccountSize): SandboxSeed {
  const workspaceName = (i: number) => `ws-${String(i).padStart(3, "0")}`;
  const workspaces = Array.from({ length: size.workspaces }, (_, i) => ({ name: workspaceName(i) }));

  const users: SandboxSeed["users"] = [{ email: "owner@bench.test", role: "owner", apiKey: OWNER_KEY }];
  for (let i = 1; i < size.users; i += 1) {
    const role = ROLES[i % ROLES.length];
    const user: SandboxSeed["users"][number] = { email: `user${i}@bench.test`, role };
    if (role !== "admin" && size.workspaces > 0) user.workspaces = [workspaceName(i % size.workspaces)];
    if (role === "readonly") user.hiddenColumns = ["cost", "profit"];
    users.push(user);
  }

  const elements: NonNullable<SandboxSeed["elements"]> = [];
  for (let i = 0; i < size.elements; i += 1) {
    const kind = KINDS[i % KINDS.length];
    // campaigns cannot be public in the Voluum profile; every other kind is public one time in seven
    const isPublic = kind !== "campaign" && (i % 7 === 0 || size.workspaces === 0);
    const workspace = isPublic ? "public" : workspaceName(Math.floor(i / KINDS.length) % size.workspaces);
    elements.push({ kind, name: `${kind}-${i}`, workspace });
  }

  return { account: { id: "bench", name: "Bench Media", profile: "voluum" }, workspaces, users, elements };
}
