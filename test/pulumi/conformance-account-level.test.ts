/**
 * Engine-protocol conformance of the account-level resources: UndeclaredWorkspaces finishes, in the same `up`,
 * the workspace deletions the AccessPolicy leaves pending — including a workspace someone made by hand and put a
 * declared user into, with no refresh in between — and renaming the account label updates every resource instead
 * of replacing it (a replacement's Delete would remove users and workspaces). The real dynamic-provider host, the
 * sandbox tracker, the account checked through the API after each command.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { checkDeclaration } from "../../src/policy/check-declaration.ts";
import { plan } from "../../src/reconcile/plan.ts";
import type { SandboxSeed } from "../../src/sandbox/seed.ts";
import { accountState, type PulumiStack, startStack, writeDeclaration } from "./engine-commands.ts";
import { changes, type RunResult, type StackState } from "./engine-replay.ts";

const OWNER = "owner@wren.test";
const kind = (k: string) => `pulumi-nodejs:dynamic/tracker-access:${k}`;
const summary = (result: RunResult) =>
  changes(result)
    .map((s) => `${s.op} ${s.urn.split("::").slice(-2).join(" ")}`)
    .sort();

const SEED: SandboxSeed = {
  account: { id: "wren", name: "Wren Media", profile: "clickflare" },
  workspaces: [{ name: "eu-team" }],
  users: [
    { email: OWNER, role: "owner", apiKey: "sk-sandbox-wren-owner" },
    { email: "bo@wren.test", role: "worker", workspaces: ["eu-team"] },
  ],
};

/** Wren's declaration with the account label `account` and the extra user lines `more`. */
function wren(account: string, more: string[] = []): string {
  return [
    "apiVersion: tracker-access/v1",
    "tracker: clickflare",
    `account: ${account}`,
    "workspaces:",
    "  - name: eu-team",
    "users:",
    `  - { email: ${OWNER}, role: owner }`,
    "  - { email: bo@wren.test, role: worker, workspaces: [eu-team] }",
    ...more,
    "",
  ].join("\n");
}

/** The operations the CLI would still plan for the declaration at `path`. */
async function remainingPlan(stack: PulumiStack, path: string): Promise<string[]> {
  const { declaration, profile } = await checkDeclaration([path]);
  return plan(declaration!, await stack.live(), profile!).operations.map((op) => op.id);
}

describe("account-level resources over the engine protocol", () => {
  let stack: PulumiStack;
  let state: StackState = new Map();

  beforeAll(async () => {
    const first = writeDeclaration("wren-1.yaml", wren("wren"));
    stack = await startStack(SEED, first, OWNER);
    const up = await stack.up(await stack.program(), state);
    expect(up.failures).toEqual([]);
    state = up.state;
  });
  afterAll(() => stack?.close());

  it("a workspace made by hand with a declared user in it, no refresh: the next up deletes it", async () => {
    const client = stack.client();
    const popUp = await client.createWorkspace("pop-up");
    const bo = (await stack.live()).users.find((u) => u.email === "bo@wren.test")!;
    await client.updateUser(bo.id, { workspaces: [...bo.workspaces, popUp.id] }, bo.etag);

    // Only a user is added: the AccessPolicy updates for its inputs, and so does UndeclaredWorkspaces.
    const next = writeDeclaration(
      "wren-2.yaml",
      wren("wren", ["  - { email: cy@wren.test, role: worker, workspaces: [eu-team] }"]),
    );
    const program = await stack.program({ "tracker-access:declaration": next });
    const preview = await stack.preview(program, state);
    expect(summary(preview)).toEqual([
      `create ${kind("User")} cy@wren.test`,
      `update ${kind("AccessPolicy")} wren`,
      `update ${kind("UndeclaredWorkspaces")} wren`,
    ]);
    const up = await stack.up(program, state);
    expect(up.failures).toEqual([]);
    state = up.state;
    const have = await stack.live();
    expect(have.workspaces.map((w) => w.name)).toEqual(["eu-team"]);
    expect(await remainingPlan(stack, next)).toEqual([]);
    expect(summary(await stack.preview(program, state))).toEqual([]);
  });

  it("renaming the account label updates every resource, replaces none and removes nothing", async () => {
    const before = accountState(await stack.live());
    const renamed = writeDeclaration(
      "wren-3.yaml",
      wren("wren-media", ["  - { email: cy@wren.test, role: worker, workspaces: [eu-team] }"]),
    );
    const program = await stack.program({ "tracker-access:declaration": renamed });
    const preview = await stack.preview(program, state);
    expect(preview.failures).toEqual([]);
    // The account-level resources are named by the label: new names, and the old ones (whose Delete does
    // nothing) leave the stack. Every user and workspace is updated in place.
    expect(summary(preview)).toEqual([
      `create ${kind("AccessPolicy")} wren-media`,
      `create ${kind("UndeclaredWorkspaces")} wren-media`,
      `delete ${kind("AccessPolicy")} wren`,
      `delete ${kind("UndeclaredWorkspaces")} wren`,
      `update ${kind("User")} bo@wren.test`,
      `update ${kind("User")} cy@wren.test`,
      `update ${kind("User")} owner@wren.test`,
      `update ${kind("Workspace")} eu-team`,
    ]);
    expect(preview.steps.some((s) => s.op === "replace")).toBe(false);
    const up = await stack.up(program, state);
    expect(up.failures).toEqual([]);
    state = up.state;
    expect(accountState(await stack.live())).toEqual(before);
    expect(summary(await stack.preview(program, state))).toEqual([]);
  });
});
