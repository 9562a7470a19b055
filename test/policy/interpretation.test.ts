/**
 * The profile's one interpretation (src/policy/) on facts written out by hand from the profiles' sources
 * (TRACKERS.md, the seeds): whom a role manages, where it may edit and move an element kind, which accesses a
 * tracker can hold, the move rule's blockers. The agreement with the sandbox is planner-sandbox-agreement.test.ts.
 */
import { describe, expect, it } from "vitest";
import { accessProblems } from "../../src/policy/access-rules.ts";
import { elementAccess, kindPlacementProblem, moveAccessBlockers } from "../../src/policy/element-access.ts";
import { visibilityBlockers } from "../../src/policy/move-visibility.ts";
import type { Profile } from "../../src/policy/profile.ts";
import { loadProfile } from "../../src/policy/profile-loader.ts";
import { findRole } from "../../src/policy/roles.ts";
import { managementRefusals } from "../../src/policy/user-management.ts";

const voluum = loadProfile("voluum") as Profile;
const clicky = loadProfile("clicky") as Profile;
const clickflare = loadProfile("clickflare") as Profile;
const role = (profile: Profile, name: string) => findRole(profile, name);
const member = (...workspaces: string[]) => ({ workspaces, allWorkspaces: false });

describe("whom a role manages", () => {
  it("on Voluum only the owner changes roles and manages admins", () => {
    const admin = role(voluum, "admin");
    expect(managementRefusals(admin, { type: "change-role", from: "worker", to: "readonly" })).toEqual([
      { rule: "actor/cannot-manage-roles" },
    ]);
    expect(managementRefusals(admin, { type: "invite", role: "admin", assignsWorkspaces: true })).toEqual([
      { rule: "actor/cannot-manage-admins", roles: ["admin"] },
    ]);
    expect(managementRefusals(role(voluum, "owner"), { type: "change-role", from: "worker", to: "admin" })).toEqual([]);
  });

  it("a worker manages nobody and no workspace", () => {
    expect(managementRefusals(role(voluum, "worker"), { type: "set-memberships", roles: ["readonly"] })).toEqual([
      { rule: "actor/cannot-manage-admins", roles: ["readonly"] },
      { rule: "actor/cannot-manage-workspaces" },
    ]);
  });
});

describe("where a role edits and moves an element kind", () => {
  it("a Voluum worker edits offers only in its own private workspaces; public offers it only uses", () => {
    const worker = role(voluum, "worker")!;
    expect(elementAccess(voluum, worker, member("eu"), "offer", "public")).toBe("use");
    expect(elementAccess(voluum, worker, member("eu"), "offer", "eu")).toBe("create");
    expect(elementAccess(voluum, worker, member("eu"), "offer", "us")).toBe("none");
    expect(moveAccessBlockers(voluum, worker, member("eu"), "offer", "public", "eu")).toEqual(["public"]);
    expect(moveAccessBlockers(voluum, worker, member("eu"), "lander", "us", "eu")).toEqual(["us"]);
    expect(moveAccessBlockers(voluum, worker, member("eu", "us"), "lander", "us", "eu")).toEqual([]);
  });

  it("admins see every workspace; ClickFlare's integrations are read only for everyone else", () => {
    expect(moveAccessBlockers(voluum, role(voluum, "admin"), member(), "offer", "public", "anywhere")).toEqual([]);
    const worker = role(clickflare, "worker")!;
    expect(elementAccess(clickflare, worker, member("w1"), "conversion-api-integration", "w1")).toBe("use");
  });

  it("campaigns cannot sit in public on Voluum; Clicky has no public workspace", () => {
    expect(kindPlacementProblem(voluum, "campaign", "public")).toBe("not-allowed-in-public");
    expect(kindPlacementProblem(voluum, "offer", "public")).toBeUndefined();
    expect(kindPlacementProblem(clicky, "offer", "public")).toBe("no-public-workspace");
  });
});

describe("which accesses a tracker can hold", () => {
  const access = (role: string, workspaces: string[], allWorkspaces = false, hiddenColumns: string[] = []) => ({
    role,
    workspaces,
    allWorkspaces,
    hiddenColumns,
  });
  const rules = (profile: Profile, given: ReturnType<typeof access>) =>
    accessProblems(profile, given).map((p) => `${p.rule} ${p.field}${p.index === undefined ? "" : `/${p.index}`}`);

  it("Voluum: no all-workspaces grant, public is not a membership, workers need a private workspace", () => {
    expect(rules(voluum, access("worker", [], true))).toEqual(["access/all-workspaces-unsupported allWorkspaces"]);
    expect(rules(voluum, access("worker", ["public"]))).toEqual([
      "member/public-not-assignable workspaces/0",
      "member/needs-private-workspace workspaces",
    ]);
    expect(rules(voluum, access("readonly", ["eu"], false, ["cost", "costs"]))).toEqual([
      "columns/unknown hiddenColumns/1",
    ]);
    expect(rules(voluum, access("worker", ["eu"], false, ["cost"]))).toEqual(["columns/readonly-only hiddenColumns"]);
    expect(rules(voluum, access("admin", ["eu"]))).toEqual(["member/implicit-access workspaces"]);
  });

  it("Clicky grants every site at once, hides no column, knows no `public`", () => {
    expect(rules(clicky, access("user", [], true))).toEqual([]);
    expect(rules(clicky, access("user", ["*"]))).toEqual([
      "ref/unknown-workspace workspaces/0",
      "member/needs-private-workspace workspaces",
    ]);
    expect(rules(clicky, access("user", ["s1"], false, ["cost"]))).toEqual(["columns/unsupported hiddenColumns"]);
    expect(rules(clicky, access("nobody", ["s1"]))).toEqual(["role/unsupported role"]);
  });
});

describe("the move rule's blockers", () => {
  const around = (placement: Record<string, string>, edges: Array<[string, string]>) => ({
    neighbours: (id: string) => edges.flatMap(([a, b]) => (a === id ? [b] : b === id ? [a] : [])),
    workspaceOf: (id: string) => placement[id],
  });

  it("a campaign cannot leave the public offer it uses behind, unless they move together", () => {
    const hood = around({ campaign: "w1", offer: "public" }, [["campaign", "offer"]]);
    expect(visibilityBlockers([{ id: "campaign", from: "w1", to: "w2" }], hood)).toEqual(["offer"]);
    const together = [
      { id: "campaign", from: "w1", to: "w2" },
      { id: "offer", from: "public", to: "w2" },
    ];
    expect(visibilityBlockers(together, hood)).toEqual([]);
  });
});
