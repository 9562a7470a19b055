/**
 * The saved plan's binding, pure: every object the plan's operations touch is bound once with its etag and what
 * the plan saw of it, or as absent when the plan creates it; `movedObjects` names each that changed since and
 * how, and nothing when the account is as planned.
 */
import { describe, expect, it } from "vitest";
import { workspaceNames } from "../../src/reconcile/live-account.ts";
import { plan } from "../../src/reconcile/plan.ts";
import { boundObjects, movedObjects } from "../../src/reconcile/plan-binding.ts";
import { declare, liveFromSeed, profileOf, seedFile, specOf } from "./helpers.ts";

const NOW = new Date("2026-06-01T00:00:00Z");
const seed = seedFile("acme-voluum.yaml");
const profile = profileOf("voluum");

/** A plan against the fixture: bob joins us-team, a new workspace and a new user. */
function planned() {
  const have = liveFromSeed(seed, "owner@acme.test");
  const spec = specOf(seed);
  spec.workspaces = [...(spec.workspaces ?? []), "apac-team"];
  spec.users = (spec.users ?? []).map((u) =>
    u.email === "bob@acme.test" ? { ...u, workspaces: ["eu-team", "us-team"] } : u,
  );
  spec.users.push({ email: "priya@acme.test", role: "worker", workspaces: ["apac-team"] });
  const operations = plan(declare(spec), have, profile, { now: NOW });
  expect(operations.refusals).toEqual([]);
  return { have, operations, names: workspaceNames(have.workspaces, profile) };
}

describe("the objects a saved plan is bound to", () => {
  it("binds each touched object once, with its etag and state, and what the plan creates as absent", () => {
    const { have, operations, names } = planned();
    const bound = boundObjects(operations, have, names);
    const bob = have.users.find((u) => u.email === "bob@acme.test");
    expect(bound).toContainEqual({
      type: "user",
      id: bob?.id,
      name: "bob@acme.test",
      etag: bob?.etag,
      state: { role: "worker", status: "active", workspaces: ["eu-team"], hiddenColumns: [] },
    });
    expect(bound).toContainEqual({ type: "workspace", name: "apac-team" });
    expect(bound).toContainEqual({ type: "user", name: "priya@acme.test" });
    expect(bound.filter((o) => o.name === "bob@acme.test")).toHaveLength(1);
    expect(movedObjects(bound, have, names)).toEqual([]);
  });

  it("names each object that moved since the plan, and what changed", () => {
    const { have, operations, names } = planned();
    const bound = boundObjects(operations, have, names);
    const now = structuredClone(have);
    const bob = now.users.find((u) => u.email === "bob@acme.test");
    if (bob === undefined) throw new Error("no bob");
    bob.role = "readonly";
    bob.hiddenColumns = ["cost"];
    bob.etag = "v2";
    now.workspaces.push({ id: "ws-9", name: "apac-team", etag: "v1", createdAt: "2026-01-02T00:00:00Z" });
    expect(movedObjects(bound, now, workspaceNames(now.workspaces, profile))).toEqual([
      "workspace apac-team: did not exist when planned, exists now",
      "user bob@acme.test: changed since the plan: role worker → readonly, hiddenColumns [] → [cost]",
    ]);
    now.users = now.users.filter((u) => u.email !== "bob@acme.test");
    expect(movedObjects(bound, now, names)).toContain("user bob@acme.test: no longer in the account");
  });
});
