/**
 * Time-bound grants through the real Pulumi engine (test/pulumi/real-engine.ts), with the time fixed by the stack
 * config `tracker-access:now`: a later `now` that passes no `until` previews no change; one past the freelancer's
 * membership `until` previews the change, and `pulumi up` removes the membership behind the same guards; one past
 * the client's whole-grant `until` removes the user. The account itself is checked after each step.
 */
import { afterAll, beforeAll, expect, it } from "vitest";
import { describeWithPulumi, type EngineStack, startEngineStack } from "./real-engine.ts";

const SEED = "test/cli/fixtures/time-bound/studio.seed.yaml";
const DECLARATION = "test/cli/fixtures/time-bound/studio.yaml";
const OWNER = "owner@studio.test";

describeWithPulumi("time-bound grants on the real Pulumi engine", () => {
  let stack: EngineStack;
  const setNow = (now: string) => stack.stack.setConfig("tracker-access:now", { value: now });
  const user = async (email: string) => (await stack.live()).users.find((u) => u.email === email);
  const workspacesOf = async (email: string) => {
    const live = await stack.live();
    const names = new Map(live.workspaces.map((w) => [w.id, w.name]));
    return (live.users.find((u) => u.email === email)?.workspaces ?? []).map((id) => names.get(id)).sort();
  };

  beforeAll(async () => {
    stack = await startEngineStack(SEED, DECLARATION, OWNER, { config: { now: "2027-01-10T00:00:00Z" } });
  });
  afterAll(() => stack?.close());

  it("before any until: up changes nothing in the account; a later now that passes no until previews no change", async () => {
    const up = await stack.up();
    expect(up.ok, up.output).toBe(true);
    expect(await workspacesOf("freelancer@freelance.test")).toEqual(["eu-team", "launch-q1"]);
    await setNow("2027-01-14T23:59:59Z");
    const preview = await stack.preview({ expectNoChanges: true });
    expect(preview.ok, preview.output).toBe(true);
  });

  it("past a membership's until: preview shows the change, up removes the membership", async () => {
    await setNow("2027-01-15");
    const preview = await stack.preview({ diff: true });
    expect(preview.ok, preview.output).toBe(true);
    expect(preview.output).toMatch(/~ .*update/);
    expect(preview.output).toContain("freelancer@freelance.test");
    expect(await workspacesOf("freelancer@freelance.test")).toEqual(["eu-team", "launch-q1"]);

    const up = await stack.up();
    expect(up.ok, up.output).toBe(true);
    expect(await workspacesOf("freelancer@freelance.test")).toEqual(["eu-team"]);
    expect((await stack.preview({ expectNoChanges: true })).ok).toBe(true);
  });

  it("past the whole grant's until: up removes the user", async () => {
    await setNow("2027-02-02T00:00:00Z");
    const up = await stack.up();
    expect(up.ok, up.output).toBe(true);
    expect(await user("client@brand.test")).toBeUndefined();
    expect(await user("ana@studio.test")).toBeDefined();
    expect((await stack.preview({ expectNoChanges: true })).ok).toBe(true);
  });

  it("a now that names no time fails the check, naming the setting", async () => {
    await setNow("next friday");
    const preview = await stack.preview();
    expect(preview.ok).toBe(false);
    expect(preview.output).toContain("tracker-access:now must be an RFC 3339 date-time");
  });
});
