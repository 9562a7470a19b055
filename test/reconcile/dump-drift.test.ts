import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { describeDifference } from "../../src/cli/render/describe-change.ts";
import { checkDeclaration } from "../../src/policy/check-declaration.ts";
import { driftReport } from "../../src/reconcile/drift.ts";
import { dumpDeclaration } from "../../src/reconcile/dump.ts";
import { type LiveAccount, readLiveAccount } from "../../src/reconcile/live-account.ts";
import { plan } from "../../src/reconcile/plan.ts";
import { readSeed, type SandboxSeed } from "../../src/sandbox/seed.ts";
import { declare, liveFromSeed, profileOf, seedFile, specOf } from "./helpers.ts";
import { type SandboxSession, sandboxSession } from "./sandbox-helpers.ts";

const seed = seedFile("acme-voluum.yaml");
const NOW = new Date("2026-06-01T00:00:00Z");
let session: SandboxSession | undefined;
afterEach(async () => {
  await session?.close();
  session = undefined;
});

/** Writes the dump of `have`, checks it like `validate`, and plans it against `have`. */
async function roundTrip(have: LiveAccount) {
  const profile = profileOf(have.account.profile);
  const text = dumpDeclaration(have, profile);
  const file = join(mkdtempSync(join(tmpdir(), "dump-")), "account.yaml");
  writeFileSync(file, text);
  const checked = await checkDeclaration([file]);
  const errors = checked.violations.filter((v) => v.severity === "error");
  const planned = checked.declaration ? plan(checked.declaration, have, profile, { now: NOW }) : undefined;
  return { text, errors, planned };
}

describe("dump", () => {
  it("writes the account as a declaration, deterministically, schema on line 1", async () => {
    const have = liveFromSeed(seed, "owner@acme.test");
    const text = dumpDeclaration(have, profileOf("voluum"));
    expect(text.split("\n")[0]).toBe(
      "# yaml-language-server: $schema=https://tracker-access.dev/schemas/access.schema.json",
    );
    const shuffled = { ...have, users: [...have.users].reverse(), elements: [...have.elements].reverse() };
    expect(dumpDeclaration(shuffled, profileOf("voluum"))).toBe(text);
    await expect(text).toMatchFileSnapshot("fixtures/dump/acme-voluum.yaml");
  });

  it("validate accepts what dump writes, and the plan of the dump is empty", async () => {
    const withPending = structuredClone(seed);
    withPending.users.push({ email: "eve@brand.test", role: "readonly", workspaces: ["eu-team"], status: "invited" });
    const { errors, planned } = await roundTrip(liveFromSeed(withPending, "owner@acme.test"));
    expect(errors).toEqual([]);
    expect(planned?.operations).toEqual([]);
    expect(planned?.refusals).toEqual([]);
  });

  it("names elements by id where their name is not unique, and still round-trips", async () => {
    const twins = structuredClone(seed) as SandboxSeed;
    twins.elements!.push({ id: "el-twin", kind: "offer", name: "Spare Offer", workspace: "eu-team" });
    const { text, errors, planned } = await roundTrip(liveFromSeed(twins, "owner@acme.test"));
    expect(text).toContain("id: el-twin");
    expect(text).toContain("id: el-6");
    expect(errors).toEqual([]);
    expect(planned?.operations).toEqual([]);
  });

  it("round-trips a tracker with sites and an all-sites grant (Clicky)", async () => {
    const clicky: SandboxSeed = {
      account: { id: "shop", name: "Shop", profile: "clicky" },
      workspaces: [{ name: "shop.example" }, { name: "blog.example" }],
      users: [
        { email: "owner@shop.example", role: "owner" },
        { email: "ops@shop.example", role: "user", allWorkspaces: true },
        { email: "client@brand.example", role: "viewonly", workspaces: ["shop.example"] },
      ],
    };
    const { text, errors, planned } = await roundTrip(liveFromSeed(clicky, "owner@shop.example"));
    expect(text).toContain('workspaces: "*"');
    expect(text).not.toContain("elements:");
    expect(errors).toEqual([]);
    expect(planned?.operations).toEqual([]);
  });

  it("round-trips a live sandbox account", async () => {
    session = await sandboxSession(seed);
    const { errors, planned } = await roundTrip(await readLiveAccount(session.client));
    expect(errors).toEqual([]);
    expect(planned?.operations).toEqual([]);
  });

  it("leaves a connection that breaks the funnel rule out of `uses`, names it in a comment, and still round-trips", async () => {
    // examples/sandbox/voluum-acme.seed.yaml: a us-team campaign uses an offer that still sits in legacy-team.
    session = await sandboxSession(
      readSeed(join(import.meta.dirname, "../../examples/sandbox/voluum-acme.seed.yaml")).seed,
    );
    const { text, errors, planned } = await roundTrip(await readLiveAccount(session.client));
    expect(text).toContain(
      '# also uses offer "US Sweepstakes Offer" (in legacy-team): not in its workspace nor public (element/funnel-workspace)',
    );
    expect(errors).toEqual([]);
    // The only operation left is re-sending dan's invitation, which expired before NOW: not a declaration change.
    expect(planned?.operations.map((op) => op.type)).toEqual(["resend-invitation"]);
  });
});

describe("drift", () => {
  it("an account matching its declaration is in sync", () => {
    const report = driftReport(declare(specOf(seed)), liveFromSeed(seed, "owner@acme.test"), profileOf("voluum"), {
      now: NOW,
    });
    expect(report).toEqual({
      inSync: true,
      differences: [],
      unmanagedElements: [],
      expiredInvitations: [],
      unacceptedInvitations: [],
      refusals: [],
    });
  });

  it("reports every difference, unmanaged elements and expired invitations", () => {
    const drifted = structuredClone(seed);
    drifted.users.push({
      email: "eve@brand.test",
      role: "readonly",
      workspaces: ["eu-team"],
      status: "invited",
      invitationExpiresAt: "2026-05-01T00:00:00Z",
    });
    const spec = specOf(drifted);
    spec.users!.find((u) => u.email === "bob@acme.test")!.role = "readonly";
    spec.users = spec.users!.filter((u) => u.email !== "carol@acme.test");
    spec.elements = spec.elements!.filter((e) => e.kind !== "lander");
    spec.elements.find((e) => e.name === "Summer Flow")!.workspace = "eu-team";
    spec.elements.find((e) => e.name === "Flow Offer")!.workspace = "eu-team";
    const report = driftReport(declare(spec), liveFromSeed(drifted, "owner@acme.test"), profileOf("voluum"), {
      now: NOW,
    });
    expect(report.inSync).toBe(false);
    expect(report.differences.map(describeDifference)).toEqual([
      "user eve@brand.test: invitation expired at 2026-05-01T00:00:00Z",
      "user bob@acme.test: role is worker, declared readonly",
      'flow "Summer Flow": in public, declared in eu-team',
      'offer "Flow Offer": in public, declared in eu-team',
      "user carol@acme.test: present as worker, not declared",
    ]);
    expect(report.differences[1]).toMatchObject({
      entity: "user",
      key: "bob@acme.test",
      field: "role",
      want: "readonly",
      have: "worker",
      operationId: "user:bob@acme.test:role",
    });
    expect(report.unmanagedElements.map((e) => e.name)).toEqual(["Summer Lander", "US Lander"]);
    expect(report.expiredInvitations).toEqual([{ email: "eve@brand.test", expiredAt: "2026-05-01T00:00:00Z" }]);
  });

  it("names an undeclared user's expired invitation as expired, and lists it with the expired invitations", () => {
    const drifted = structuredClone(seed);
    drifted.users.push({
      email: "zed@brand.test",
      role: "readonly",
      workspaces: ["eu-team"],
      status: "invited",
      invitationExpiresAt: "2026-05-01T00:00:00Z",
    });
    const report = driftReport(declare(specOf(seed)), liveFromSeed(drifted, "owner@acme.test"), profileOf("voluum"), {
      now: NOW,
    });
    expect(report.differences.map(describeDifference)).toEqual([
      "user zed@brand.test: invitation expired at 2026-05-01T00:00:00Z, not declared",
    ]);
    expect(report.expiredInvitations).toEqual([{ email: "zed@brand.test", expiredAt: "2026-05-01T00:00:00Z" }]);
  });
});
