/**
 * The stack program under `pulumi.runtime.setMocks`: for each example declaration, which resources it
 * registers, under which names, with which inputs and dependencies — and the serialized provider they carry.
 * The program itself (config reading, exports) runs in its own Node process, as the language host runs it.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { emailKey } from "../../src/declaration/model.ts";
import { checkDeclaration } from "../../src/policy/check-declaration.ts";
import { elementLabel, parseElementLabel } from "../../src/pulumi/properties.ts";
import { defineStack, type ResourceSpec, stackSpec } from "../../src/pulumi/stack.ts";
import { type CapturedStack, captureStack } from "./capture-stack.ts";

const root = join(import.meta.dirname, "..", "..");
const API = "http://127.0.0.1:9";
const TYPE = (kind: string) => `pulumi-nodejs:dynamic/tracker-access:${kind}`;

/** The voluum-team example's resource inputs, written out: the canonical declaration the program must register. */
const VOLUUM_TEAM_INPUTS = {
  account: "northwind-performance",
  tracker: "voluum",
  users: {
    "anna.lind@solara-energy.test": {
      role: "readonly",
      workspaces: ["brand-solara"],
      hiddenColumns: ["cost", "profit", "roi"],
    },
    "finance@vela-cosmetics.test": { role: "readonly", workspaces: ["brand-vela"], hiddenColumns: [] },
    "ines.ortega@northwind.test": { role: "worker", workspaces: ["brand-solara", "research"], hiddenColumns: [] },
    "j.park@vela-cosmetics.test": {
      role: "readonly",
      workspaces: ["brand-vela"],
      hiddenColumns: ["cost", "epc", "profit", "revenue", "roi"],
    },
    "kofi.mensah@northwind.test": { role: "worker", workspaces: ["brand-vela"], hiddenColumns: [] },
    "maria.keller@northwind.test": { role: "owner", workspaces: [], hiddenColumns: [] },
    "tom.baker@northwind.test": { role: "admin", workspaces: [], hiddenColumns: [] },
  },
  workspaces: ["brand-solara", "brand-vela", "research"],
  elements: {
    "affiliate-network/Direct Advertiser": "public",
    "campaign/Quiz v2 Split Test": "research",
    "campaign/Vela Summer Trial": "brand-vela",
    "flow/Solara DE Flow": "brand-solara",
    "lander/Generic Quiz Lander": "public",
    "lander/Quiz Lander v2 (test)": "research",
    "offer#4f1c2a9e-vela-trial": "brand-vela",
    "offer/Solar Savings Calculator (test)": "research",
    "offer/Solara Home Survey": "brand-solara",
    "traffic-source/Google Ads": "public",
    "traffic-source/Meta Ads": "public",
  },
  declaration: ["examples/voluum-team.yaml"],
  apiUrl: API,
};

async function specOf(paths: string[]): Promise<ResourceSpec> {
  const { declaration, profile, violations } = await checkDeclaration(paths);
  const ok = !violations.some((v) => v.severity === "error") && profile !== undefined;
  return stackSpec(ok ? declaration : undefined, { declaration: paths, apiUrl: API });
}

/** Each example: its path, and what its resource must be (written here, not computed by the code under test). */
const EXAMPLES: Array<
  [string, { name: string; tracker: string; users: number; workspaces: number; elements: number }]
> = [
  [
    "examples/voluum-team.yaml",
    { name: "northwind-performance", tracker: "voluum", users: 7, workspaces: 3, elements: 11 },
  ],
  [
    "examples/clickflare-agency",
    { name: "bluepeak-media", tracker: "clickflare", users: 11, workspaces: 4, elements: 22 },
  ],
  [
    "examples/peerclick-near-limit.yaml",
    { name: "rocketlane-ads", tracker: "peerclick", users: 21, workspaces: 49, elements: 12 },
  ],
  ["examples/clicky-agency.yaml", { name: "harbor-and-pine", tracker: "clicky", users: 7, workspaces: 6, elements: 0 }],
  ["examples/demo/acme-team.yaml", { name: "Acme Media", tracker: "voluum", users: 7, workspaces: 3, elements: 14 }],
];

/** Runs `defineStack` under mocks and returns what reached the (mock) engine. */
async function registeredUnderMocks(
  paths: string[],
): Promise<Array<{ type: string; name: string; inputs: Record<string, unknown> }>> {
  const registered: Array<{ type: string; name: string; inputs: Record<string, unknown> }> = [];
  await pulumi.runtime.setMocks(
    {
      newResource: (args) => {
        registered.push({ type: args.type, name: args.name, inputs: args.inputs });
        return { id: args.name, state: args.inputs };
      },
      call: () => ({}),
    },
    "tracker-access",
    "dev",
    true,
  );
  const { access } = await defineStack({ declaration: paths, apiUrl: API });
  await new Promise((done) => access.urn.apply(done));
  return registered;
}

describe("the stack of each example under mocks", () => {
  it.each(EXAMPLES)("%s: one AccountAccess whose inputs are the canonical declaration", async (path, expected) => {
    const { declaration } = await checkDeclaration([path]);
    const registered = await registeredUnderMocks([path]);
    expect(registered.map((r) => `${r.type} ${r.name}`)).toEqual([`${TYPE("AccessPolicy")} ${expected.name}`]);
    const { __provider, ...inputs } = registered[0].inputs;
    expect(typeof __provider).toBe("string");
    expect(inputs).toMatchObject({
      account: expected.name,
      tracker: expected.tracker,
      declaration: [path],
      apiUrl: API,
    });
    expect(Object.keys(inputs.users as object)).toHaveLength(expected.users);
    expect(inputs.workspaces).toHaveLength(expected.workspaces);
    expect(Object.keys(inputs.elements as object)).toHaveLength(expected.elements);
    // Keys and order from the declaration as the loader reads it (not from the program's own translation).
    expect(Object.keys(inputs.users as object).sort()).toEqual(
      [...new Set(declaration!.users.map((u) => emailKey(u.email)))].sort(),
    );
    expect(inputs.workspaces).toEqual(declaration!.workspaces.map((w) => w.name).sort());
    if (path === "examples/voluum-team.yaml") expect(inputs).toEqual(VOLUUM_TEAM_INPUTS);
  });
});

describe("stackSpec: the canonical declaration", () => {
  it("users keyed by e-mail with role, sorted workspaces (or *) and hidden columns; elements by label", async () => {
    const spec = await specOf(["examples/voluum-team.yaml"]);
    expect(spec.name).toBe("northwind-performance");
    const users = spec.args.users as Record<string, unknown>;
    expect(users["ines.ortega@northwind.test"]).toEqual({
      role: "worker",
      workspaces: ["brand-solara", "research"],
      hiddenColumns: [],
    });
    expect(spec.args).toMatchObject({ account: "northwind-performance", tracker: "voluum", apiUrl: API });
    expect(spec.args.elements).toMatchObject({
      "flow/Solara DE Flow": "brand-solara",
      "offer#4f1c2a9e-vela-trial": "brand-vela",
      "traffic-source/Google Ads": "public",
    });
  });

  it("a declaration with errors registers the resource with its settings alone (its Check reports them)", async () => {
    for (const path of ["test/pulumi/fixtures/invalid-role.yaml", "test/pulumi/fixtures/no-such-file.yaml"]) {
      const registered = await registeredUnderMocks([path]);
      expect(registered.map((r) => `${r.type} ${r.name}`)).toEqual([`${TYPE("AccessPolicy")} access-policy`]);
      expect(registered[0].inputs).toMatchObject({ declaration: [path], apiUrl: API, users: {}, workspaces: [] });
    }
  });

  it("element labels name kind and name or id, and parse back", () => {
    for (const ref of [
      { kind: "offer", name: "Summer / Sale #1" },
      { kind: "traffic-source", id: "ts#9/x" },
    ]) {
      expect(parseElementLabel(elementLabel(ref))).toEqual(ref);
    }
  });
});

describe("the program under mocks (its own Node process, as the language host runs it)", () => {
  let captured: CapturedStack;
  beforeAll(async () => {
    captured = await captureStack({
      "tracker-access:declaration": "examples/voluum-team.yaml",
      "tracker-access:apiUrl": API,
    });
  });

  it("registers the one resource of the declaration with its type token, name and inputs, and exports", async () => {
    expect(captured.registrations.map((r) => `${r.type} ${r.name}`)).toEqual([
      `${TYPE("AccessPolicy")} northwind-performance`,
    ]);
    const { __provider, ...inputs } = captured.registrations[0].inputs;
    expect(inputs).toEqual(VOLUUM_TEAM_INPUTS);
    expect(typeof __provider).toBe("string");
    expect(captured.registrations[0].dependencies).toEqual([]);
  });

  it("the serialized provider is a few KB, captures only its kind and module path, and no key", () => {
    for (const r of captured.registrations) {
      const provider = r.inputs.__provider as string;
      expect(provider.length).toBeLessThan(4096);
      expect(provider).toContain(`kind: "${r.type.split(":").pop()}"`);
      expect(provider).toContain('IMPLEMENTATION: "./src/pulumi/provider-impl.ts"');
      expect(provider).not.toMatch(/apiKey: "|sk-|import\(/);
    }
    expect(JSON.stringify(captured)).not.toContain('apiKey":"');
  });

  it("reads several declaration paths and the guard settings from the stack config", async () => {
    const stack = await captureStack({
      "tracker-access:declaration":
        "examples/clickflare-agency/00-account.yaml, examples/clickflare-agency/team-nutra.yaml",
      "tracker-access:apiUrl": API,
      "tracker-access:allowRemovals": "3",
    });
    const policy = stack.registrations.find((r) => r.type === TYPE("AccessPolicy"))!;
    expect(policy.inputs.declaration).toEqual([
      "examples/clickflare-agency/00-account.yaml",
      "examples/clickflare-agency/team-nutra.yaml",
    ]);
    expect(policy.inputs.allowRemovals).toBe(3);
  });
});

describe("Pulumi.yaml", () => {
  it("names the project, runs the TypeScript program natively and declares the config keys (the key as secret)", () => {
    const project = parse(readFileSync(join(root, "Pulumi.yaml"), "utf8"));
    expect(project).toMatchObject({
      name: "tracker-access",
      runtime: { name: "nodejs", options: { typescript: false } },
      main: "src/pulumi/program.ts",
      config: { declaration: { type: "string" }, apiUrl: { type: "string" }, apiKey: { type: "string", secret: true } },
    });
  });
});
