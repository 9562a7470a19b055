/**
 * A generated Voluum account of any size, for benchmarks and scale tests of the sandbox and of tracker-access
 * itself: private workspaces, users of every role spread over them, and campaign funnels (campaign → flow →
 * offer and lander, plus a public traffic source) inside each workspace.
 */
import { PUBLIC_WORKSPACE } from "../declaration/model.ts";
import type { SandboxSeed, SeedElement, SeedUser } from "./seed.ts";

/** How big the generated account is. */
export interface LargeSeedSize {
  users: number;
  elements: number;
  /** Private workspaces (default 50). */
  workspaces?: number;
}

/** A consistent Voluum seed of the given size; the owner's API key is `sk-large-owner`. */
export function largeSeed(size: LargeSeedSize): SandboxSeed {
  const workspaceCount = Math.max(1, size.workspaces ?? 50);
  const workspaces = Array.from({ length: workspaceCount }, (_, i) => ({ name: `team-${i + 1}` }));
  const users: SeedUser[] = [{ email: "owner@large.test", role: "owner", apiKey: "sk-large-owner" }];
  for (let i = 1; i < size.users; i++) {
    const home = workspaces[i % workspaceCount].name;
    const role = i % 50 === 0 ? "admin" : i % 5 === 0 ? "readonly" : "worker";
    const user: SeedUser = { email: `user-${i}@large.test`, role };
    if (role !== "admin") user.workspaces = [home];
    if (role === "readonly") user.hiddenColumns = ["cost", "profit"];
    if (i % 97 === 0) user.status = "invited";
    users.push(user);
  }
  // Ten public traffic sources, then funnels of five elements each inside one workspace.
  const elements: SeedElement[] = [];
  const sources = Math.min(10, size.elements);
  for (let i = 0; i < sources; i++)
    elements.push({ kind: "traffic-source", name: `Source ${i}`, workspace: PUBLIC_WORKSPACE });
  for (let f = 0; elements.length < size.elements; f++) {
    const workspace = workspaces[f % workspaceCount].name;
    const funnel: SeedElement[] = [
      { kind: "offer", name: `Offer ${f}`, workspace },
      { kind: "lander", name: `Lander ${f}`, workspace },
      {
        kind: "flow",
        name: `Flow ${f}`,
        workspace,
        connections: [
          { kind: "offer", name: `Offer ${f}` },
          { kind: "lander", name: `Lander ${f}` },
        ],
      },
      {
        kind: "campaign",
        name: `Campaign ${f}`,
        workspace,
        connections: [
          { kind: "flow", name: `Flow ${f}` },
          { kind: "traffic-source", name: `Source ${f % sources}` },
        ],
      },
      { kind: "offer", name: `Spare Offer ${f}`, workspace },
    ];
    elements.push(...funnel.slice(0, size.elements - elements.length));
  }
  return { account: { id: "large", name: "Large Account", profile: "voluum" }, workspaces, users, elements };
}
