/**
 * No import from a lower layer to a higher one (test/project/layers.ts): every import in src/, parsed with the
 * TypeScript parser (static, dynamic, re-exports, type-only), is checked against the layering; and the checker is
 * shown to refuse a bad edge, so an empty or lenient checker cannot pass.
 */
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { importEdges, layerViolation, MAY_IMPORT } from "./layers.ts";

const SRC = join(import.meta.dirname, "..", "..", "src");

describe("the layering of src/", () => {
  const edges = importEdges(SRC);

  it("reads the imports of every folder (the checker has something to check)", () => {
    expect(edges.length).toBeGreaterThan(300);
    const folders = new Set(edges.map((e) => e.from.split("/")[0]));
    for (const layer of Object.keys(MAY_IMPORT)) expect(folders).toContain(layer);
  });

  it("every folder of src/ is a layer", () => {
    const folders = readdirSync(SRC, { withFileTypes: true }).filter((d) => d.isDirectory());
    expect(folders.map((d) => d.name).sort()).toEqual(Object.keys(MAY_IMPORT).sort());
  });

  it("no import goes from a lower layer to a higher one, and nothing in the product imports the sandbox", () => {
    const violations = edges.map(layerViolation).filter((v) => v !== undefined);
    expect(violations).toEqual([]);
  });
});

describe("the checker", () => {
  it.each([
    ["declaration/load.ts", "policy/profile.ts"],
    ["violations/violation.ts", "declaration/model.ts"],
    ["policy/validate.ts", "reconcile/plan.ts"],
    ["reconcile/plan.ts", "cli/main.ts"],
    ["tracker/http-client.ts", "reconcile/plan.ts"],
    ["tracker/http-client.ts", "policy/profile.ts"],
    ["cli/main.ts", "sandbox/server.ts"],
    ["pulumi/stack.ts", "sandbox/server.ts"],
    ["reconcile/apply.ts", "sandbox/store.ts"],
    ["sandbox/server.ts", "cli/arguments.ts"],
    ["sandbox/server.ts", "reconcile/plan.ts"],
    ["sandbox/server.ts", "tracker/http-client.ts"],
    ["cli/main.ts", "demo/demo.ts"],
  ])("refuses %s → %s", (from, to) => {
    expect(layerViolation({ from, to })).toContain(from);
  });

  it.each([
    ["cli/main.ts", "reconcile/plan.ts"],
    ["pulumi/stack.ts", "policy/profile.ts"],
    ["reconcile/apply.ts", "tracker/tracker-client.ts"],
    ["declaration/load.ts", "violations/violation.ts"],
    ["sandbox/server.ts", "tracker/api-spec.ts"],
    ["sandbox/rules.ts", "policy/profile.ts"],
    ["demo/demo.ts", "sandbox/server.ts"],
    ["policy/profile.ts", "policy/roles.ts"],
  ])("allows %s → %s", (from, to) => {
    expect(layerViolation({ from, to })).toBeUndefined();
  });
});
