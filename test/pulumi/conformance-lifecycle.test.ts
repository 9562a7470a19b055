/**
 * Engine-protocol conformance, the life of a stack: the real dynamic-provider host from node_modules, driven
 * over gRPC with the engine's call sequences, against the sandbox tracker seeded with the drifted Northwind
 * account (examples/sandbox/voluum-team.seed.yaml) and the declaration examples/voluum-team.yaml. After each
 * command the account itself is checked, through the API.
 */
import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { checkDeclaration } from "../../src/policy/check-declaration.ts";
import { plan } from "../../src/reconcile/plan.ts";
import type { Registration } from "./capture-stack.ts";
import { accountState, type PulumiStack, startStack, writeDeclaration } from "./engine-commands.ts";
import { changes, type RunResult, type StackState, type StateEntry } from "./engine-replay.ts";

const DECLARATION = "examples/voluum-team.yaml";
const OWNER = "maria.keller@northwind.test";
const summary = (result: RunResult) => changes(result).map((s) => `${s.op} ${s.urn.split("::").slice(-2).join(" ")}`);
const kind = (k: string) => `pulumi-nodejs:dynamic/tracker-access:${k}`;

/** The operations the CLI would still plan for the declaration in `paths` against the account now. */
async function remainingPlan(stack: PulumiStack, paths: string[]): Promise<string[]> {
  const { declaration, profile } = await checkDeclaration(paths);
  return plan(declaration!, await stack.live(), profile!).operations.map((op) => op.id);
}

/** The state entry of the account-level resource of kind `k`. */
function entryOf(state: StackState, k: "AccessPolicy" | "UndeclaredWorkspaces"): StateEntry {
  return [...state.values()].find((e) => e.type === kind(k))!;
}

/** The AccessPolicy's entry in the stack state. */
const policyOf = (state: StackState) => entryOf(state, "AccessPolicy");

describe("a stack's life over the engine protocol", () => {
  let stack: PulumiStack;
  let program: Registration[];
  let state: StackState = new Map();

  beforeAll(async () => {
    stack = await startStack("examples/sandbox/voluum-team.seed.yaml", DECLARATION, OWNER);
    program = await stack.program();
  });
  afterAll(() => stack?.close());

  it("preview of a new stack: Configure, then Check per resource; nothing is created, the account is untouched", async () => {
    const before = accountState(await stack.live());
    const preview = await stack.preview(program, state);
    expect(preview.failures).toEqual([]);
    expect(new Set(stack.lastCalls())).toEqual(new Set(["Configure", "Check"]));
    expect(summary(preview)).toHaveLength(program.length);
    expect(preview.steps.every((s) => s.op === "create")).toBe(true);
    expect(accountState(await stack.live())).toEqual(before);
  });

  it("first up: Check and Create per resource; the account then matches the declaration", async () => {
    const up = await stack.up(program, state);
    expect(up.failures).toEqual([]);
    expect(new Set(stack.lastCalls())).toEqual(new Set(["Configure", "Check", "Create"]));
    state = up.state;
    expect([...state.values()].map((e) => e.id).sort()).toEqual(program.map((r) => r.name).sort());
    // Authoritative, like the CLI, and converged in one up: the AccessPolicy removed the undeclared user; the
    // undeclared workspace still held an element when it ran, so UndeclaredWorkspaces, the last resource, deleted
    // it once ElementAssignments had moved the element out.
    expect(await remainingPlan(stack, [DECLARATION])).toEqual([]);
    const live = await stack.live();
    expect(live.users.some((u) => u.email === "leo.fischer@northwind.test")).toBe(false);
    expect(live.workspaces.map((w) => w.name)).not.toContain("summer-2024");
    expect(policyOf(state).outputs).toMatchObject({
      accountId: "northwind-performance",
      actor: OWNER,
      actorRole: "owner",
      undeclaredUsers: [],
      undeclaredWorkspaces: [],
    });
    expect(entryOf(state, "UndeclaredWorkspaces").outputs).toMatchObject({ undeclaredWorkspaces: [] });
    const jpark = state.get(program.find((r) => r.name === "j.park@vela-cosmetics.test")!.urn)!;
    expect(Date.parse(jpark.outputs.invitationExpiresAt as string)).toBeGreaterThan(Date.now());
  });

  it("right after the first up: no changes, and a refresh finds no drift", async () => {
    expect(summary(await stack.preview(program, state))).toEqual([]);
    const refreshed = await stack.refresh(state, { preview: false });
    expect(summary(refreshed)).toEqual([]);
    expect(summary(await stack.preview(program, refreshed.state))).toEqual([]);
  });

  it("preview after up: Check and Diff per resource, no changes; a refresh finds no drift (no phantom diffs)", async () => {
    const preview = await stack.preview(program, state);
    expect(new Set(stack.lastCalls())).toEqual(new Set(["Configure", "Check", "Diff"]));
    expect(summary(preview)).toEqual([]);
    const refreshed = await stack.refresh(state, { preview: true });
    expect(new Set(stack.lastCalls())).toEqual(new Set(["Configure", "Read"]));
    expect(summary(refreshed)).toEqual([]);
    const after = await stack.refresh(state, { preview: false });
    expect(summary(await stack.preview(program, after.state))).toEqual([]);
    state = after.state;
  });

  it("a change: Check, Diff and Update of exactly the user and the assignments that changed", async () => {
    const text = readFileSync(DECLARATION, "utf8")
      .replace(
        "email: kofi.mensah@northwind.test\n    role: worker\n    workspaces: [brand-vela]",
        "email: kofi.mensah@northwind.test\n    role: readonly\n    workspaces: [brand-vela, research]",
      )
      .replace("name: Direct Advertiser\n    workspace: public", "name: Direct Advertiser\n    workspace: brand-vela");
    const variant = writeDeclaration("voluum-team.yaml", text);
    const next = await stack.program({ "tracker-access:declaration": variant });
    const preview = await stack.preview(next, state);
    expect(preview.failures).toEqual([]);
    // The account-level resources change only in their declaration path; the user and the assignments by name.
    const changed = (s: { op: string; urn: string; changed: string[] }) =>
      `${s.op} ${s.urn.split("::").slice(-2).join(" ")}: ${s.changed.join(", ")}`;
    expect(changes(preview).map(changed).sort()).toEqual([
      `update ${kind("AccessPolicy")} northwind-performance: declaration`,
      `update ${kind("ElementAssignments")} northwind-performance: elements`,
      `update ${kind("UndeclaredWorkspaces")} northwind-performance: declaration`,
      `update ${kind("User")} kofi.mensah@northwind.test: role, workspaces`,
    ]);
    const up = await stack.up(next, state);
    expect(up.failures).toEqual([]);
    expect(stack.lastCalls()).toContain("Update");
    state = up.state;
    const have = await stack.live();
    expect(have.users.find((u) => u.email === "kofi.mensah@northwind.test")).toMatchObject({ role: "readonly" });
    expect(await remainingPlan(stack, [variant])).toEqual([]);
    program = next;
  });

  it("refresh after out-of-band changes: Read shows the drift, the next preview plans to undo it, up undoes it", async () => {
    const client = stack.client();
    const have = await stack.live();
    const ines = have.users.find((u) => u.email === "ines.ortega@northwind.test")!;
    const finance = have.users.find((u) => u.email === "finance@vela-cosmetics.test")!;
    await client.updateUser(ines.id, { hiddenColumns: ["cost"], role: "readonly" }, ines.etag);
    await client.removeUser(finance.id, finance.etag);
    await client.inviteUser({ email: "eve@northwind.test", role: "worker", workspaces: [have.workspaces[0].id] });

    const drift = await stack.refresh(state, { preview: true });
    expect(
      changes(drift)
        .map((s) => `${s.op} ${s.urn.split("::").pop()} ${s.changed.join(",")}`)
        .sort(),
    ).toEqual([
      "delete finance@vela-cosmetics.test ",
      "refresh ines.ortega@northwind.test hiddenColumns,role",
      "refresh northwind-performance undeclaredUsers",
    ]);
    state = (await stack.refresh(state, { preview: false })).state;
    // The preview names who loses access: the user invited by hand, on the AccessPolicy.
    const preview = await stack.preview(program, state);
    expect(summary(preview).sort()).toEqual([
      `create ${kind("User")} finance@vela-cosmetics.test`,
      `update ${kind("AccessPolicy")} northwind-performance`,
      `update ${kind("User")} ines.ortega@northwind.test`,
    ]);
    const policyStep = preview.steps.find((s) => s.urn === policyOf(state).urn)!;
    expect(policyStep.values).toEqual({ undeclaredUsers: { old: ["eve@northwind.test"], new: [] } });
    state = (await stack.up(program, state)).state;
    expect(summary(await stack.preview(program, state))).toEqual([]);
    const after = await stack.live();
    expect(after.users.find((u) => u.email === "ines.ortega@northwind.test")).toMatchObject({
      role: "worker",
      hiddenColumns: [],
    });
    expect(after.users.some((u) => u.email === "finance@vela-cosmetics.test")).toBe(true);
    // The user invited by hand is removed, as the CLI's apply removes them.
    expect(after.users.some((u) => u.email === "eve@northwind.test")).toBe(false);
    expect(policyOf(state).outputs.undeclaredUsers).toEqual([]);
  });

  it("a workspace made by hand with a declared user in it: refresh names it, one up empties and deletes it", async () => {
    const client = stack.client();
    const popUp = await client.createWorkspace("pop-up");
    const ines = (await stack.live()).users.find((u) => u.email === "ines.ortega@northwind.test")!;
    await client.updateUser(ines.id, { workspaces: [...ines.workspaces, popUp.id] }, ines.etag);

    state = (await stack.refresh(state, { preview: false })).state;
    const preview = await stack.preview(program, state);
    expect(summary(preview).sort()).toEqual([
      `update ${kind("AccessPolicy")} northwind-performance`,
      `update ${kind("UndeclaredWorkspaces")} northwind-performance`,
      `update ${kind("User")} ines.ortega@northwind.test`,
    ]);
    const sweep = preview.steps.find((s) => s.urn === entryOf(state, "UndeclaredWorkspaces").urn)!;
    expect(sweep.values).toEqual({ undeclaredWorkspaces: { old: ["pop-up"], new: [] } });

    // The AccessPolicy cannot delete it first (Ines is still in it); her User leaves it, then it is deleted.
    const up = await stack.up(program, state);
    expect(up.failures).toEqual([]);
    state = up.state;
    expect((await stack.live()).workspaces.map((w) => w.name)).not.toContain("pop-up");
    expect(await remainingPlan(stack, policyOf(state).inputs.declaration as string[])).toEqual([]);
    expect(summary(await stack.preview(program, state))).toEqual([]);
  });

  it("removing users from the declaration: the removal guard refuses in Check, the exact override lets up delete them", async () => {
    const text = readFileSync(DECLARATION, "utf8").replace(/ {2}# Clients:[\s\S]*?(?=\n\nelements:)/, "");
    const smaller = writeDeclaration("voluum-team.yaml", text);
    const refused = await stack.preview(await stack.program({ "tracker-access:declaration": smaller }), state);
    expect(refused.failures).toHaveLength(1);
    expect(refused.failures[0].reason).toMatch(
      new RegExp(
        `^${smaller.replaceAll(".", "\\.")}:1:1: cannot remove 3 users or 0\\.429 .*\\(guard/max-removals\\)$`,
      ),
    );

    const allowed = await stack.program({ "tracker-access:declaration": smaller, "tracker-access:allowRemovals": "3" });
    const up = await stack.up(allowed, state);
    expect(up.failures).toEqual([]);
    const removed = ["anna.lind@solara-energy.test", "finance@vela-cosmetics.test", "j.park@vela-cosmetics.test"];
    expect(
      summary(up)
        .filter((s) => s.startsWith("delete"))
        .sort(),
    ).toEqual(removed.map((email) => `delete ${kind("User")} ${email}`));
    const emails = (await stack.live()).users.map((u) => u.email);
    for (const email of removed) expect(emails).not.toContain(email);
    state = up.state;
  });

  it("the API key appears in no property, state, failure, serialized provider or host output", () => {
    expect(stack.transcript().length).toBeGreaterThan(10_000);
    expect(stack.transcript()).not.toContain(stack.key);
    expect(JSON.stringify([...state.values()])).not.toContain(stack.key);
    for (const r of program) expect(String(r.inputs.__provider)).not.toContain(stack.key);
  });
});
