/**
 * Engine-protocol conformance beyond the happy path, against the real dynamic-provider host and the sandbox:
 * check failures that name the rule, file and line; the actor rules of the API key's role; a missing key;
 * unknown values during preview; adopting an existing account (import, or a first up that finds everything in
 * place); and destroy.
 */
import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Registration } from "./capture-stack.ts";
import { accountState, type PulumiStack, startStack, writeDeclaration } from "./engine-commands.ts";
import { UNKNOWN, urnOf } from "./engine-harness.ts";
import { changes, deploy } from "./engine-replay.ts";

const SEED = "examples/sandbox/voluum-team.seed.yaml";
const DECLARATION = "examples/voluum-team.yaml";
const kind = (k: string) => `pulumi-nodejs:dynamic/tracker-access:${k}`;

/** The 1-based line of the first line of `file` containing `text`. */
function lineOf(file: string, text: string): number {
  return (
    readFileSync(file, "utf8")
      .split("\n")
      .findIndex((l) => l.includes(text)) + 1
  );
}

describe("check failures at preview time", () => {
  let stack: PulumiStack;
  beforeAll(async () => {
    stack = await startStack(SEED, DECLARATION, "maria.keller@northwind.test");
  });
  afterAll(() => stack?.close());

  it("validation errors fail Check with rule id, file and line; nothing else is registered", async () => {
    const file = "test/pulumi/fixtures/invalid-role.yaml";
    const program = await stack.program({ "tracker-access:declaration": file });
    expect(program.map((r) => r.type)).toEqual([kind("AccessPolicy")]);
    const preview = await stack.preview(program, new Map());
    const reasons = preview.failures.map((f) => `${f.property}: ${f.reason}`);
    expect(reasons).toContainEqual(
      expect.stringMatching(
        new RegExp(`^declaration: ${file}:${lineOf(file, "superuser")}:\\d+: .*\\(role/unsupported\\)$`),
      ),
    );
    expect(reasons).toContainEqual(
      expect.stringMatching(
        new RegExp(
          `^declaration: ${file}:${lineOf(file, "ines.ortega")}:\\d+: .*\\(member/needs-private-workspace\\)$`,
        ),
      ),
    );
  });

  it("a missing declaration file fails Check naming the path", async () => {
    const program = await stack.program({ "tracker-access:declaration": "examples/nowhere.yaml" });
    const preview = await stack.preview(program, new Map());
    expect(preview.failures).toEqual([
      expect.objectContaining({ property: "declaration", reason: expect.stringContaining("examples/nowhere.yaml") }),
    ]);
  });

  it("the API key's role is checked on the whole plan: an admin may not promote a worker", async () => {
    const text = readFileSync(DECLARATION, "utf8").replace(
      "email: kofi.mensah@northwind.test\n    role: worker",
      "email: kofi.mensah@northwind.test\n    role: admin",
    );
    const file = writeDeclaration("voluum-team.yaml", text);
    const program = await stack.program({ "tracker-access:declaration": file });
    const admin = sandboxKey(stack, "tom.baker@northwind.test");
    const preview = await stack.command((host) => deploy(host, program, new Map(), { dry: true }), admin);
    const line = lineOf(file, "kofi.mensah");
    const reasons = preview.failures.map((f) => f.reason);
    expect(reasons).toContainEqual(
      expect.stringMatching(new RegExp(`^${regexpEscape(file)}:${line}:\\d+: .*\\(actor/cannot-manage-roles\\)$`)),
    );
    expect(reasons).toContainEqual(
      expect.stringMatching(new RegExp(`^${regexpEscape(file)}:${line}:\\d+: .*\\(actor/cannot-manage-admins\\)$`)),
    );
  });

  it("without an API key in the config, Check says how to set it", async () => {
    const program = await stack.program();
    const preview = await stack.command((host) => deploy(host, program, new Map(), { dry: true }), "");
    expect(preview.failures[0].reason).toContain("pulumi config set --secret tracker-access:apiKey");
  });

  it("unknown values during preview: Check passes them through, Diff reports a change", async () => {
    const program = await stack.program();
    const user = program.find((r) => r.name === "kofi.mensah@northwind.test")!;
    const elements = program.find((r) => r.type === kind("ElementAssignments"))!;
    const policy = program.find((r) => r.type === kind("AccessPolicy"))!;
    await stack.command(async (host) => {
      const news = { ...user.inputs, role: UNKNOWN };
      const checked = await host.check(user.urn, {}, news);
      expect(checked).toEqual({ inputs: news, failures: [] });
      const olds = { ...user.inputs, userId: "u-1", status: "active" };
      expect((await host.diff(user.name, user.urn, olds, { ...user.inputs, workspaces: [UNKNOWN] })).changes).toBe(
        "some",
      );
      const assigned = { ...(elements.inputs.elements as object), "offer/Solara Home Survey": UNKNOWN };
      const moved = { ...elements.inputs, elements: assigned };
      expect((await host.check(elements.urn, elements.inputs, moved)).failures).toEqual([]);
      expect((await host.diff("northwind-performance", elements.urn, elements.inputs, moved)).changes).toBe("some");
      const unknownUrl = { ...policy.inputs, apiUrl: UNKNOWN };
      expect(await host.check(policy.urn, {}, unknownUrl)).toEqual({ inputs: unknownUrl, failures: [] });
    });
  });

  it("a Create the engine refuses fails with the rule and the resource in the message, never the key", async () => {
    const program = await stack.program();
    const user = program.find((r) => r.name === "kofi.mensah@northwind.test")!;
    const inputs = { ...user.inputs, email: "robin@northwind.test", workspaces: ["no-such-workspace"] };
    const error = await stack.command((host) =>
      host.create(user.urn, inputs).then(
        () => undefined,
        (e: Error) => e,
      ),
    );
    expect(error?.message).toMatch(/User robin@northwind\.test: the plan is refused:\n.*\(ref\/unknown-workspace\)/);
    expect(error?.message).not.toContain(stack.key);
    expect((await stack.live()).users.some((u) => u.email === "robin@northwind.test")).toBe(false);
  });

  it("the API key appears in no answer and no host output", () => {
    expect(stack.transcript()).not.toContain(stack.key);
    expect(stack.transcript()).not.toContain(sandboxKey(stack, "tom.baker@northwind.test"));
  });
});

describe("adopting an existing account", () => {
  let stack: PulumiStack;
  let program: Registration[];
  beforeAll(async () => {
    stack = await startStack(SEED, DECLARATION, "maria.keller@northwind.test");
    program = await stack.program();
    // Bring the account to the declaration with a first stack (its second up deletes the workspace the first
    // emptied), then forget that stack.
    const first = await stack.up(program, new Map());
    expect(first.failures).toEqual([]);
    expect((await stack.up(program, first.state)).failures).toEqual([]);
  });
  afterAll(() => stack?.close());

  it("import: every resource is read by its natural id, matches, and nothing is written", async () => {
    const before = accountState(await stack.live());
    const adopted = await stack.program({ "tracker-access:adopt": "true" });
    const up = await stack.up(adopted, new Map());
    expect(up.failures).toEqual([]);
    expect(new Set(up.steps.map((s) => s.op))).toEqual(new Set(["import"]));
    expect(new Set(stack.lastCalls())).toEqual(new Set(["Configure", "Read", "Check", "Diff"]));
    expect(accountState(await stack.live())).toEqual(before);
    expect(changes(await stack.preview(adopted, up.state))).toEqual([]);
  });

  it("a first up on an account already in place creates the resources without a single write", async () => {
    const before = accountState(await stack.live());
    const up = await stack.up(program, new Map());
    expect(up.failures).toEqual([]);
    expect(accountState(await stack.live())).toEqual(before);
    expect(changes(await stack.preview(program, up.state))).toEqual([]);
  });

  it("import refuses an account holding a user the declaration does not name, on the AccessPolicy", async () => {
    const client = stack.client();
    const brand = (await stack.live()).workspaces.find((w) => w.name === "brand-vela")!;
    const eve = await client.inviteUser({ email: "eve@northwind.test", role: "worker", workspaces: [brand.id] });
    const up = await stack.up(await stack.program({ "tracker-access:adopt": "true" }), new Map());
    expect(up.failures).toEqual([
      {
        urn: urnOf(kind("AccessPolicy"), "northwind-performance"),
        property: "undeclaredUsers",
        reason: "inputs to import do not match",
      },
    ]);
    await client.removeUser(eve.id, eve.etag);
  });

  it("import refuses an account that differs from the declaration, naming the resource", async () => {
    const client = stack.client();
    const kofi = (await stack.live()).users.find((u) => u.email === "kofi.mensah@northwind.test")!;
    await client.updateUser(kofi.id, { role: "readonly" }, kofi.etag);
    const up = await stack.up(await stack.program({ "tracker-access:adopt": "true" }), new Map());
    expect(up.failures).toEqual([
      {
        urn: urnOf(kind("User"), "kofi.mensah@northwind.test"),
        property: "role",
        reason: "inputs to import do not match",
      },
    ]);
  });
});

describe("destroy", () => {
  it("deletes every resource but the owner's: the new worker is removed and the new workspace deleted", async () => {
    const lab = writeDeclaration(
      "lab.yaml",
      [
        "apiVersion: tracker-access/v1",
        "tracker: voluum",
        "account: acme",
        "workspaces:",
        "  - name: pulumi-lab",
        "users:",
        "  - { email: owner@acme.test, role: owner }",
        "  - { email: lab@acme.test, role: worker, workspaces: [pulumi-lab] }",
        "",
      ].join("\n"),
    );
    const seed = {
      account: { id: "acme", name: "Acme Media", profile: "voluum" },
      users: [{ email: "owner@acme.test", role: "owner", apiKey: "sk-sandbox-lab-owner" }],
    };
    const stack = await startStack(seed, lab, "owner@acme.test");
    try {
      const before = accountState(await stack.live());
      const up = await stack.up(await stack.program(), new Map());
      expect(up.failures).toEqual([]);
      expect((await stack.live()).users.some((u) => u.email === "lab@acme.test")).toBe(true);
      const destroyed = await stack.destroy(up.state);
      // AccessPolicy, Workspace, two Users (the owner's retained), UndeclaredWorkspaces (deletes nothing).
      expect(destroyed.steps).toHaveLength(5);
      expect(new Set(stack.lastCalls())).toEqual(new Set(["Configure", "Delete"]));
      expect(accountState(await stack.live())).toEqual(before);
    } finally {
      await stack.close();
    }
  });
});

function sandboxKey(stack: PulumiStack, email: string): string {
  return stack.sandbox.apiKeys[email];
}

function regexpEscape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");
}
