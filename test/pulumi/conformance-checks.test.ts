/**
 * Engine-protocol conformance beyond the happy path, against the real dynamic-provider host and the sandbox:
 * check failures that name the rule, file and line; the actor rules of the API key's role; a missing key;
 * unknown values during preview — what the real CLI cannot show (real-*.test.ts run it: adoption by a first up,
 * destroy, the guards and the actor rules on the real engine).
 */
import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type PulumiStack, startStack } from "./engine-commands.ts";
import { UNKNOWN } from "./engine-harness.ts";
import { deploy } from "./engine-replay.ts";

const SEED = "examples/sandbox/voluum-team.seed.yaml";
const DECLARATION = "examples/voluum-team.yaml";
const kind = (k: string) => `pulumi-nodejs:dynamic/tracker-access:${k}`;

/** The 1-based line of the first line of `file` containing `text`. */
function _lineOf(file: string, text: string): number {
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

  it("a missing declaration file fails Check naming the path", async () => {
    const program = await stack.program({ "tracker-access:declaration": "examples/nowhere.yaml" });
    const preview = await stack.preview(program, new Map());
    expect(preview.failures).toEqual([
      expect.objectContaining({ property: "declaration", reason: expect.stringContaining("examples/nowhere.yaml") }),
    ]);
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

function sandboxKey(stack: PulumiStack, email: string): string {
  return stack.sandbox.apiKeys[email];
}

function _regexpEscape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");
}
