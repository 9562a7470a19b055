import { describe, expect, expectTypeOf, it } from "vitest";
import type { Declaration } from "../../src/declaration/model.ts";
import type { Profile } from "../../src/policy/profile.ts";
import type { LiveAccount } from "../../src/reconcile/live-account.ts";
import type { Plan } from "../../src/reconcile/operations.ts";
import { type PlanOptions, plan } from "../../src/reconcile/plan.ts";
import { declare, liveFromSeed, profileOf, specOf } from "./helpers.ts";
import { base, type Case, dropUser, element, NOW, summary, testCases, user, voluum } from "./plan-cases.ts";

const cases: Case[] = [
  { name: "no-op plan is empty", operations: [], rules: [] },
  {
    name: "promote a worker to admin",
    want: (s) => Object.assign(user(s, "bob@acme.test"), { role: "admin", workspaces: [] }),
    operations: ["change-role bob@acme.test worker→admin", "set-memberships bob@acme.test [eu-team]→[]"],
    rules: [],
    // The memberships follow the role: skipped, not written, if the role change fails.
    check: (p) => expect(p.operations[1].dependsOn).toEqual(["user:bob@acme.test:role"]),
  },
  {
    name: "invite a new worker into a new workspace (workspace created first)",
    want: (s) => {
      s.workspaces!.push("apac-team");
      s.users!.push({ email: "dan@acme.test", role: "worker", workspaces: ["apac-team"] });
    },
    operations: ["create-workspace apac-team", "invite-user dan@acme.test worker [apac-team]"],
    rules: [],
    check: (p) => expect(p.operations[1].dependsOn).toEqual(["workspace:apac-team:create"]),
  },
  {
    name: "move a single unconnected element",
    want: (s) => Object.assign(element(s, "Spare Offer"), { workspace: "eu-team" }),
    operations: ["move-element offer Spare Offer public→eu-team"],
    rules: [],
  },
  {
    name: "move a connected group public to private",
    want: (s) => {
      element(s, "Summer Flow").workspace = "eu-team";
      element(s, "Flow Offer").workspace = "eu-team";
    },
    operations: ["move-element-group flow Summer Flow public→eu-team, offer Flow Offer public→eu-team"],
    rules: [],
  },
  {
    name: "move an element into the workspace its connections already share",
    seed: (s) => {
      s.elements!.push({ kind: "offer", name: "Lone Offer", workspace: "public" });
      s.elements!.push({
        kind: "campaign",
        name: "US Push",
        workspace: "us-team",
        connections: [{ kind: "offer", name: "Lone Offer" }],
      });
    },
    want: (s) => {
      element(s, "Lone Offer").workspace = "us-team";
    },
    operations: ["move-element offer Lone Offer public→us-team"],
    rules: [],
  },
  {
    name: "refuse a move no order can satisfy",
    want: (s) => Object.assign(element(s, "EU Summer Push"), { workspace: "us-team" }),
    operations: [],
    rules: ["element/move-changes-visibility"],
    check: (p) => {
      expect(p.refusals[0]).toMatchObject({ file: "acme.yaml", line: 1002 });
      expect(p.refusals[0].message).toContain('campaign "EU Summer Push" (eu-team → us-team)');
      expect(p.refusals[0].message).toContain('offer "Summer Offer" in public');
    },
  },
  {
    name: "revoke an invitation for a user no longer declared",
    seed: (s) =>
      s.users.push({ email: "eve@brand.test", role: "readonly", workspaces: ["eu-team"], status: "invited" }),
    want: (s) => dropUser(s, "eve@brand.test"),
    operations: ["remove-user eve@brand.test (pending)"],
    rules: [],
  },
  {
    name: "re-send an expired invitation (never duplicated)",
    seed: (s) =>
      s.users.push({
        email: "eve@brand.test",
        role: "readonly",
        workspaces: ["eu-team"],
        status: "invited",
        invitationExpiresAt: "2026-05-01T00:00:00Z",
      }),
    operations: ["resend-invitation eve@brand.test"],
    rules: [],
    check: (p) =>
      expect(p.expiredInvitations).toEqual([{ email: "eve@brand.test", expiredAt: "2026-05-01T00:00:00Z" }]),
  },
  {
    name: "pending invitation counts as present",
    seed: (s) =>
      s.users.push({ email: "eve@brand.test", role: "readonly", workspaces: ["eu-team"], status: "invited" }),
    operations: [],
    rules: [],
  },
  {
    name: "remove users last and workspaces after",
    want: (s) => {
      dropUser(s, "carol@acme.test");
      s.workspaces = ["eu-team"];
      element(s, "US Lander").workspace = "eu-team";
      user(s, "bob@acme.test").workspaces = ["eu-team"];
      s.users!.push({ email: "dan@acme.test", role: "worker", workspaces: ["eu-team"] });
    },
    operations: [
      "invite-user dan@acme.test worker [eu-team]",
      "move-element lander US Lander us-team→eu-team",
      "remove-user carol@acme.test",
      "delete-workspace us-team",
    ],
    rules: [],
    check: (p) =>
      expect(p.operations[3].dependsOn).toEqual(["element:lander:el-7:move", "user:carol@acme.test:remove"]),
  },
  {
    name: "hidden columns change",
    want: (s) => (user(s, "ann@brand.test").hiddenColumns = ["profit", "cost"]),
    operations: ["set-hidden-columns ann@brand.test [cost]→[cost,profit]"],
    rules: [],
  },
  {
    name: "case-insensitive emails",
    want: (s) => {
      user(s, "bob@acme.test").email = "Bob@ACME.test";
      s.users!.push({ email: "Dan@Acme.TEST", role: "worker", workspaces: ["eu-team"] });
    },
    operations: ["invite-user Dan@Acme.TEST worker [eu-team]"],
    rules: [],
  },
  {
    name: "demote an admin to worker: the workspace travels with the role",
    want: (s) => Object.assign(user(s, "admin@acme.test"), { role: "worker", workspaces: ["us-team"] }),
    operations: ["change-role admin@acme.test admin→worker", "set-memberships admin@acme.test []→[us-team]"],
    rules: [],
    check: (p) => expect(p.operations[0]).toMatchObject({ with: { workspaces: ["us-team"] } }),
  },
  {
    name: "elements not declared are left alone and reported as unmanaged",
    want: (s) => (s.elements = s.elements!.filter((e) => e.kind !== "lander")),
    operations: [],
    rules: [],
    check: (p) =>
      expect(p.unmanagedElements).toEqual([
        { elementId: "el-2", kind: "lander", name: "Summer Lander", workspace: "public" },
        { elementId: "el-7", kind: "lander", name: "US Lander", workspace: "us-team" },
      ]),
  },
  {
    name: "an element declared by id",
    want: (s) => (s.elements = [{ kind: "offer", id: "el-6", workspace: "us-team" }]),
    operations: ["move-element offer Spare Offer public→us-team"],
    rules: [],
  },
  {
    name: "a declared element missing from the account is refused at its line",
    want: (s) => s.elements!.push({ kind: "offer", name: "Winter Offer", workspace: "public" }),
    rules: ["ref/unknown-element"],
    check: (p) =>
      expect(p.refusals[0]).toMatchObject({
        file: "acme.yaml",
        line: 1007,
        message: 'offer "Winter Offer" is not in the account',
      }),
  },
  {
    name: "a name that matches several elements is refused, asking for the id",
    seed: (s) => s.elements!.push({ id: "el-twin", kind: "offer", name: "Spare Offer", workspace: "eu-team" } as never),
    rules: ["ref/unknown-element"],
    check: (p) => expect(p.refusals[0].message).toContain("matches 2 elements in the account (ids el-6, el-twin)"),
  },
  {
    name: "a workspace still holding unmanaged elements is not deleted",
    want: (s) => {
      s.workspaces = ["eu-team"];
      s.elements = s.elements!.filter((e) => e.name !== "US Lander");
      user(s, "carol@acme.test").workspaces = ["eu-team"];
    },
    rules: ["ref/unknown-workspace"],
    check: (p) => expect(p.refusals[0].message).toContain('workspace "us-team" is not declared but holds 1 element(s)'),
  },
];

describe("plan", () => testCases(cases));

describe("plan properties", () => {
  it("is deterministic whatever the order of the inputs", () => {
    const seed = structuredClone(base);
    const spec = specOf(seed);
    spec.users!.push({ email: "dan@acme.test", role: "worker", workspaces: ["eu-team"] });
    element(spec, "Spare Offer").workspace = "us-team";
    dropUser(spec, "carol@acme.test");
    const have = liveFromSeed(seed, "owner@acme.test");
    const first = plan(declare(spec), have, voluum, { now: NOW });
    const shuffled = { ...have, users: [...have.users].reverse(), elements: [...have.elements].reverse() };
    const reversed = { ...spec, users: [...spec.users!].reverse(), elements: [...spec.elements!].reverse() };
    const second = plan(declare(reversed), shuffled, voluum, { now: NOW });
    expect(second.operations.map(summary)).toEqual(first.operations.map(summary));
  });

  it("refuses an account that follows another tracker's profile", () => {
    const have = liveFromSeed(base, "owner@acme.test");
    const result = plan(
      declare(specOf(base)),
      { ...have, account: { ...have.account, profile: "clickflare" } },
      voluum,
    );
    expect(result.refusals.map((v) => v.rule)).toEqual(["ref/conflict"]);
    expect(result.operations).toEqual([]);
  });

  it("moves freely where the profile has no move rule", () => {
    const seed = structuredClone(base);
    seed.account.profile = "clickflare";
    const spec = specOf(seed);
    element(spec, "Summer Flow").workspace = "eu-team";
    const result = plan(declare(spec), liveFromSeed(seed, "owner@acme.test"), profileOf("clickflare"), { now: NOW });
    expect(result.operations.map(summary)).toEqual(["move-element flow Summer Flow public→eu-team"]);
  });
});

describe("plan's public types", () => {
  it("is a pure function of want, have, profile and options", () => {
    expectTypeOf(plan).toEqualTypeOf<
      (want: Declaration, have: LiveAccount, profile: Profile, options?: PlanOptions) => Plan
    >();
    expectTypeOf<PlanOptions>().toEqualTypeOf<{ now?: Date; maxRemovalShare?: number; allowRemovals?: number }>();
  });
});
