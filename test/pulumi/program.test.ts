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
import { checkDeclaration } from "../../src/policy/check-declaration.ts";
import { elementLabel, parseElementLabel } from "../../src/pulumi/properties.ts";
import { defineStack, type ResourceSpec, stackSpecs } from "../../src/pulumi/stack.ts";
import { type CapturedStack, captureStack } from "./capture-stack.ts";

const root = join(import.meta.dirname, "..", "..");
const API = "http://127.0.0.1:9";
const TYPE = (kind: string) => `pulumi-nodejs:dynamic/tracker-access:${kind}`;

async function specsOf(paths: string[]): Promise<ResourceSpec[]> {
  const { declaration, profile, violations } = await checkDeclaration(paths);
  const ok = !violations.some((v) => v.severity === "error") && profile !== undefined;
  return stackSpecs(ok ? declaration : undefined, profile?.ownerRole ?? "", {
    declaration: paths,
    apiUrl: API,
  });
}

const EXAMPLES = [
  ["examples/voluum-team.yaml"],
  ["examples/clickflare-agency"],
  ["examples/peerclick-near-limit.yaml"],
  ["examples/clicky-agency.yaml"],
  ["examples/demo/acme-team.yaml"],
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
  const { resources } = await defineStack({ declaration: paths, apiUrl: API });
  await Promise.all([...resources.values()].map((r) => new Promise((done) => r.urn.apply(done))));
  return registered;
}

describe("the stack of each example under mocks", () => {
  it.each(EXAMPLES)(
    "%s: one AccessPolicy, a Workspace per workspace, a User per user, one ElementAssignments, one UndeclaredWorkspaces",
    async (path) => {
      const { declaration } = await checkDeclaration([path]);
      const specs = await specsOf([path]);
      const registered = await registeredUnderMocks([path]);
      expect(registered.map((r) => `${r.type} ${r.name}`).sort()).toEqual(
        specs.map((s) => `${TYPE(s.kind)} ${s.name}`).sort(),
      );
      for (const r of registered) {
        const { __provider, ...inputs } = r.inputs;
        expect(inputs).toEqual(specs.find((s) => TYPE(s.kind) === r.type && s.name === r.name)!.args);
        expect(typeof __provider).toBe("string");
      }
      const names = (kind: string) => specs.filter((s) => s.kind === kind).map((s) => s.name);
      expect(specs[0]).toMatchObject({ kind: "AccessPolicy", name: declaration!.account, dependsOn: [] });
      expect(names("Workspace").sort()).toEqual(declaration!.workspaces.map((w) => w.name).sort());
      expect(names("User").sort()).toEqual(declaration!.users.map((u) => u.email.toLowerCase()).sort());
      expect(names("ElementAssignments")).toEqual(declaration!.elements.length > 0 ? [declaration!.account] : []);
      const policy = `AccessPolicy:${declaration!.account}`;
      for (const s of specs.slice(1)) expect(s.dependsOn[0]).toBe(policy);
      // Last, after every other resource, with the AccessPolicy's arguments.
      const last = specs.at(-1)!;
      expect(last).toMatchObject({ kind: "UndeclaredWorkspaces", name: declaration!.account, args: specs[0].args });
      expect(last.dependsOn).toEqual(specs.slice(0, -1).map((s) => `${s.kind}:${s.name}`));
    },
  );
});

describe("stackSpecs: names, inputs and dependencies", () => {
  it("users depend on the workspaces they are in; the element assignments on every workspace", async () => {
    const specs = await specsOf(["examples/voluum-team.yaml"]);
    const ines = specs.find((s) => s.name === "ines.ortega@northwind.test")!;
    expect(ines.dependsOn).toEqual([
      "AccessPolicy:northwind-performance",
      "Workspace:brand-solara",
      "Workspace:research",
    ]);
    expect(ines.args).toEqual({
      account: "northwind-performance",
      tracker: "voluum",
      email: "ines.ortega@northwind.test",
      role: "worker",
      workspaces: ["brand-solara", "research"],
      hiddenColumns: [],
    });
    const elements = specs.find((s) => s.kind === "ElementAssignments")!;
    expect(elements.dependsOn).toEqual([
      "AccessPolicy:northwind-performance",
      "Workspace:brand-solara",
      "Workspace:brand-vela",
      "Workspace:research",
    ]);
    expect(elements.args.elements).toMatchObject({
      "campaign/Solara DE Search": "brand-solara",
      "offer#4f1c2a9e-vela-trial": "brand-vela",
      "traffic-source/Google Ads": "public",
    });
  });

  it("the owner is retained on delete (never removed); nobody else is", async () => {
    const specs = await specsOf(["examples/voluum-team.yaml"]);
    expect(specs.filter((s) => s.retainOnDelete).map((s) => s.name)).toEqual(["maria.keller@northwind.test"]);
  });

  it("no resource is imported: the engine's import cannot reach a dynamic provider (a first up adopts)", async () => {
    const stack = await captureStack({
      "tracker-access:declaration": "examples/voluum-team.yaml",
      "tracker-access:apiUrl": API,
      "tracker-access:adopt": "true",
    });
    for (const r of stack.registrations) expect(r.importId).toBeUndefined();
  });

  it("a declaration with errors registers the AccessPolicy alone (its Check reports them)", async () => {
    for (const path of ["test/pulumi/fixtures/invalid-role.yaml", "test/pulumi/fixtures/no-such-file.yaml"]) {
      const registered = await registeredUnderMocks([path]);
      expect(registered.map((r) => `${r.type} ${r.name}`)).toEqual([`${TYPE("AccessPolicy")} access-policy`]);
      expect(registered[0].inputs).toMatchObject({ declaration: [path], apiUrl: API, users: [], workspaces: [] });
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

  it("registers the resources of the declaration with their type tokens, names and inputs", async () => {
    const specs = await specsOf(["examples/voluum-team.yaml"]);
    const registered = captured.registrations.map((r) => `${r.type} ${r.name}`).sort();
    expect(registered).toEqual(specs.map((s) => `${TYPE(s.kind)} ${s.name}`).sort());
    for (const s of specs) {
      const r = captured.registrations.find((x) => x.type === TYPE(s.kind) && x.name === s.name)!;
      const { __provider, ...inputs } = r.inputs;
      expect(inputs).toEqual(s.args);
      expect(typeof __provider).toBe("string");
      const deps = r.dependencies.map((urn) => `${urn.split("::")[2].split(":").pop()}:${urn.split("::")[3]}`);
      expect(deps.sort()).toEqual([...s.dependsOn].sort());
      expect(r.retainOnDelete).toBe(s.retainOnDelete);
    }
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
