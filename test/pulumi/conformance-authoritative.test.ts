/**
 * Engine-protocol conformance of the stack's authority over the account, as the CLI's: users and workspaces the
 * declaration does not name are removed by the AccessPolicy — on the first up over an account with extra users
 * (behind the removal guard and its exact override), and after a user is invited by hand (a refresh shows them,
 * the preview names them, up removes them) — and the engine's other guards refuse such removals in Check. The
 * real dynamic-provider host, the sandbox tracker, the account checked through the API after each command.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { SandboxSeed } from "../../src/sandbox/seed.ts";
import type { Registration } from "./capture-stack.ts";
import { accountState, type PulumiStack, startStack, writeDeclaration } from "./engine-commands.ts";
import { changes, deploy, type RunResult, type StackState } from "./engine-replay.ts";

const OWNER = "owner@kestrel.test";
const ADMIN = "admin@kestrel.test";
const POLICY = "pulumi-nodejs:dynamic/tracker-access:AccessPolicy";

/** Kestrel's account: the declared three, two extra users (one a pending invitation), an extra workspace. */
const SEED: SandboxSeed = {
  account: { id: "kestrel", name: "Kestrel Media", profile: "voluum" },
  workspaces: [{ name: "eu-team" }, { name: "old-team" }],
  users: [
    { email: OWNER, role: "owner", apiKey: "sk-sandbox-kestrel-owner" },
    { email: ADMIN, role: "admin", apiKey: "sk-sandbox-kestrel-admin" },
    { email: "bo@kestrel.test", role: "worker", workspaces: ["eu-team"] },
    { email: "cy@kestrel.test", role: "worker", workspaces: ["old-team"] },
    {
      email: "di@brand.test",
      role: "readonly",
      workspaces: ["eu-team"],
      status: "invited",
      invitationExpiresAt: "2099-01-01T00:00:00Z",
    },
  ],
  elements: [{ kind: "campaign", name: "EU Push", workspace: "eu-team" }],
};

/** A declaration of Kestrel's account with `users` (lines of YAML) and `workspaces`. */
function kestrel(users: string[], workspaces: string[]): string {
  const text = [
    "apiVersion: tracker-access/v1",
    "tracker: voluum",
    "account: kestrel",
    ...(workspaces.length > 0 ? ["workspaces:", ...workspaces.map((w) => `  - name: ${w}`)] : []),
    "users:",
    ...users.map((u) => `  - ${u}`),
    "",
  ].join("\n");
  return writeDeclaration("kestrel.yaml", text);
}

const TEAM = [
  `{ email: ${OWNER}, role: owner }`,
  `{ email: ${ADMIN}, role: admin }`,
  "{ email: bo@kestrel.test, role: worker, workspaces: [eu-team] }",
];
const reasons = (result: RunResult) => result.failures.map((f) => f.reason);
const emails = async (stack: PulumiStack) => (await stack.live()).users.map((u) => u.email).sort();

describe("the first up over an account with extra users", () => {
  let stack: PulumiStack;
  let declaration: string;
  let state: StackState = new Map();
  beforeAll(async () => {
    declaration = kestrel(TEAM, ["eu-team"]);
    stack = await startStack(SEED, declaration, OWNER);
  });
  afterAll(() => stack?.close());

  it("more than 25% extra users: Check refuses with guard/max-removals, nothing is created or written", async () => {
    const before = accountState(await stack.live());
    const program = await stack.program();
    for (const run of [() => stack.preview(program, state), () => stack.up(program, state)]) {
      const result = await run();
      expect(reasons(result)).toEqual([
        `${declaration}:1:1: cannot remove 2 users or 0.400 of kestrel (exceeds limit of 0.250); pass --allow-removals 2 (guard/max-removals)`,
      ]);
      expect(result.failures[0]).toMatchObject({ urn: expect.stringContaining(POLICY), property: "declaration" });
      expect(new Set(stack.lastCalls())).toEqual(new Set(["Configure", "Check"]));
    }
    const wrong = await stack.up(await stack.program({ "tracker-access:allowRemovals": "3" }), state);
    expect(reasons(wrong)).toEqual([
      expect.stringMatching(/\(--allow-removals 3 does not match\).*\(guard\/max-removals\)$/),
    ]);
    expect(accountState(await stack.live())).toEqual(before);
  });

  it("allowRemovals = the exact number: up removes the extra users and deletes the extra workspace", async () => {
    const program = await stack.program({ "tracker-access:allowRemovals": "2" });
    const up = await stack.up(program, state);
    expect(up.failures).toEqual([]);
    expect(up.steps.every((s) => s.op === "create")).toBe(true);
    state = up.state;
    const have = await stack.live();
    expect(have.users.map((u) => u.email).sort()).toEqual([ADMIN, "bo@kestrel.test", OWNER]);
    expect(have.workspaces.map((w) => w.name)).toEqual(["eu-team"]);
    // Undeclared elements stay where they are.
    expect(have.elements.map((e) => e.name)).toEqual(["EU Push"]);
    const policy = [...state.values()].find((e) => e.type === POLICY)!;
    expect(policy.outputs).toMatchObject({ undeclaredUsers: [], undeclaredWorkspaces: [] });
    expect(changes(await stack.preview(program, state))).toEqual([]);
    expect(changes(await stack.refresh(state, { preview: true }))).toEqual([]);
  });

  it("a user invited by hand: refresh shows them, the preview names them, up removes them, then no changes", async () => {
    const program = await stack.program({ "tracker-access:allowRemovals": "2" });
    const eu = (await stack.live()).workspaces.find((w) => w.name === "eu-team")!;
    await stack.client().inviteUser({ email: "zed@kestrel.test", role: "worker", workspaces: [eu.id] });

    // Refresh: the AccessPolicy's Read reports the new user in its outputs.
    const drift = await stack.refresh(state, { preview: true });
    expect(changes(drift).map((s) => `${s.op} ${s.urn.split("::").pop()} ${s.changed.join(",")}`)).toEqual([
      "refresh kestrel undeclaredUsers",
    ]);
    state = (await stack.refresh(state, { preview: false })).state;

    // preview --refresh: the AccessPolicy's Diff reports a change (so --expect-no-changes fails), naming the user.
    const preview = await stack.preview(program, state);
    expect(new Set(stack.lastCalls())).toEqual(new Set(["Configure", "Check", "Diff"]));
    expect(changes(preview).map(({ urn, op, values }) => ({ urn, op, values }))).toEqual([
      {
        urn: expect.stringContaining(POLICY),
        op: "update",
        values: { undeclaredUsers: { old: ["zed@kestrel.test"], new: [] } },
      },
    ]);
    expect(await emails(stack)).toContain("zed@kestrel.test");

    // up: the AccessPolicy's Update removes them; the account no longer has them; nothing is left to do.
    const up = await stack.up(program, state);
    expect(up.failures).toEqual([]);
    expect(stack.lastCalls()).toContain("Update");
    state = up.state;
    expect(await emails(stack)).toEqual([ADMIN, "bo@kestrel.test", OWNER]);
    expect(changes(await stack.preview(program, state))).toEqual([]);
    const refreshed = await stack.refresh(state, { preview: false });
    expect(changes(refreshed)).toEqual([]);
    expect(changes(await stack.preview(program, refreshed.state))).toEqual([]);
  });

  it("the API key appears in no answer, state or host output", () => {
    expect(stack.transcript()).not.toContain(stack.key);
    expect(JSON.stringify([...state.values()])).not.toContain(stack.key);
  });
});

describe("the engine's guards on the stack's removals, in Check", () => {
  let stack: PulumiStack;
  let before: unknown;
  /** A preview of a new stack of `declaration`, with the owner's key or `key`. */
  const preview = async (declaration: string, config: Record<string, string> = {}, key?: string) => {
    const program: Registration[] = await stack.program({ "tracker-access:declaration": declaration, ...config });
    return stack.command((host) => deploy(host, program, new Map(), { dry: true }), key ?? stack.key);
  };
  beforeAll(async () => {
    stack = await startStack(SEED, kestrel(TEAM, ["eu-team"]), OWNER);
    before = accountState(await stack.live());
  });
  afterAll(() => stack?.close());

  it("ref/unknown-workspace: an undeclared workspace still holds an element the declaration does not place", async () => {
    const declaration = kestrel(TEAM.slice(0, 2), []);
    const result = await preview(declaration, { "tracker-access:allowRemovals": "3" });
    expect(reasons(result)).toContainEqual(
      expect.stringMatching(
        /workspace "eu-team" is not declared but holds 1 element\(s\).*\(ref\/unknown-workspace\)$/,
      ),
    );
    expect(accountState(await stack.live())).toEqual(before);
  });

  it("the API keys appear in no answer and no host output", () => {
    expect(stack.transcript()).not.toContain(stack.key);
    expect(stack.transcript()).not.toContain(stack.sandbox.apiKeys[ADMIN]);
  });
});
