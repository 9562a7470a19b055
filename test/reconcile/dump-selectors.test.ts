/**
 * `dump --selectors`: a selector is proposed only where it covers a workspace's elements of a kind exactly (by
 * a name prefix or suffix glob, or a tag), the rest stay explicit, and the dump still validates clean and plans
 * to no changes against the account it came from.
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { checkDeclaration } from "../../src/policy/check-declaration.ts";
import { dumpDeclaration } from "../../src/reconcile/dump.ts";
import { plan } from "../../src/reconcile/plan.ts";
import type { SandboxSeed } from "../../src/sandbox/seed.ts";
import { liveFromSeed, profileOf } from "./helpers.ts";

const seed: SandboxSeed = {
  account: { id: "bluepeak", name: "Bluepeak Media", profile: "clickflare" },
  workspaces: [{ name: "eu-team" }, { name: "us-team" }, { name: "brand-vela" }, { name: "mixed" }],
  users: [{ email: "owner@bluepeak.test", role: "owner" }],
  elements: [
    { kind: "campaign", name: "EU - Nutra - TikTok", workspace: "eu-team" },
    { kind: "campaign", name: "eu - Sweeps - Google", workspace: "eu-team" },
    { kind: "campaign", name: "US - Nutra - TikTok", workspace: "us-team" },
    { kind: "campaign", name: "US - Sweeps", workspace: "us-team" },
    { kind: "offer", name: "Vela Trial", workspace: "brand-vela", tags: ["brand-vela", "trial"] },
    { kind: "offer", name: "Glow Serum", workspace: "brand-vela", tags: ["brand-vela"] },
    { kind: "offer", name: "Other Offer", workspace: "public", tags: ["trial"] },
    { kind: "lander", name: "Quiz [DE]", workspace: "public" },
    { kind: "lander", name: "Advertorial [DE]", workspace: "public" },
    { kind: "lander", name: "Advertorial [AT]", workspace: "public" },
    { kind: "lander", name: "Advertorial DE", workspace: "mixed" },
    { kind: "flow", name: "Flow A", workspace: "mixed" },
    { kind: "flow", name: "Flow B", workspace: "us-team" },
  ],
};

describe("dump --selectors", () => {
  it("proposes exact selectors, keeps the rest explicit, and plans to no changes", async () => {
    const have = liveFromSeed(seed, "owner@bluepeak.test");
    const profile = profileOf("clickflare");
    const text = dumpDeclaration(have, profile, { selectors: true });
    expect(text).toContain(
      "  # covers all 2 campaigns here (dump --selectors)\n  - match:\n      kind: campaign\n      name: EU - *\n    workspace: eu-team",
    );
    expect(text).toContain("name: US - *\n    workspace: us-team");
    expect(text).toContain("kind: offer\n      tag: brand-vela\n    workspace: brand-vela");
    expect(text).not.toContain("name: Vela Trial");
    // The public landers share a suffix the one in `mixed` does not have.
    expect(text).toContain('kind: lander\n      name: "*]"\n    workspace: public');
    // Offers in public: one alone, and "*" or its tag would select brand-vela's too.
    expect(text).toContain("name: Other Offer");
    // A single element is never worth a selector.
    expect(text).toContain("name: Flow A");

    const file = join(mkdtempSync(join(tmpdir(), "dump-selectors-")), "account.yaml");
    writeFileSync(file, text);
    const checked = await checkDeclaration([file]);
    expect(checked.violations).toEqual([]);
    const planned = plan(checked.declaration!, have, profile, { now: new Date("2026-06-01T00:00:00Z") });
    expect(planned.refusals).toEqual([]);
    expect(planned.warnings).toBeUndefined();
    expect(planned.operations).toEqual([]);
    expect(planned.unmanagedElements).toEqual([]);
  });

  it("leaves a group explicit when its funnel reaches another private workspace", () => {
    const split: SandboxSeed = {
      ...seed,
      elements: [
        { kind: "offer", name: "US Offer", workspace: "us-team" },
        { kind: "campaign", name: "EU - A", workspace: "eu-team", connections: [{ kind: "offer", name: "US Offer" }] },
        { kind: "campaign", name: "EU - B", workspace: "eu-team" },
      ],
    };
    const text = dumpDeclaration(liveFromSeed(split, "owner@bluepeak.test"), profileOf("clickflare"), {
      selectors: true,
    });
    expect(text).not.toContain("match:");
  });

  it("without --selectors lists every element", () => {
    const text = dumpDeclaration(liveFromSeed(seed, "owner@bluepeak.test"), profileOf("clickflare"));
    expect(text).not.toContain("match:");
  });
});
