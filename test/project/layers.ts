/**
 * The folder layering of src/, as data, and the checker test/project/layers.test.ts runs over every import:
 * violations (the diagnostics, at the bottom) → declaration → policy → reconcile → the front ends (cli, pulumi);
 * tracker beside reconcile (the client: reconcile uses it, it uses no interpretation, plan or front end); the
 * sandbox apart (it reads the same declaration types and policy, and the contract's spec and types, never the
 * product's client, planner or front ends, and nothing in the product imports it); the demo on top of everything.
 */
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import ts from "typescript";

/** A top-level folder of src/. */
export type Layer =
  | "violations"
  | "declaration"
  | "policy"
  | "tracker"
  | "reconcile"
  | "cli"
  | "pulumi"
  | "sandbox"
  | "demo";

/** The files of `tracker/` the sandbox may import: the contract (spec loader, generated types), not the client. */
export const TRACKER_CONTRACT = ["tracker/api-spec.ts", "tracker/api-types.ts", "tracker/resources.ts"];

/** Which folders each folder may import (its own always). */
export const MAY_IMPORT: Record<Layer, readonly Layer[]> = {
  violations: [],
  declaration: ["violations"],
  policy: ["violations", "declaration"],
  tracker: ["violations", "declaration"],
  reconcile: ["violations", "declaration", "policy", "tracker"],
  cli: ["violations", "declaration", "policy", "tracker", "reconcile"],
  pulumi: ["violations", "declaration", "policy", "tracker", "reconcile"],
  sandbox: ["violations", "declaration", "policy", "tracker"],
  demo: ["violations", "declaration", "policy", "tracker", "reconcile", "cli", "pulumi", "sandbox"],
};

/** One import: the importing file and the imported one, both relative to src/. */
export interface ImportEdge {
  from: string;
  to: string;
}

/** The layer of a path relative to src/ (its first folder), or undefined for a file outside the layers. */
export function layerOf(path: string): Layer | undefined {
  const top = path.split("/")[0];
  return Object.hasOwn(MAY_IMPORT, top) ? (top as Layer) : undefined;
}

/** Why `edge` breaks the layering, or undefined when it is allowed. */
export function layerViolation(edge: ImportEdge): string | undefined {
  const from = layerOf(edge.from);
  const to = layerOf(edge.to);
  if (from === undefined) return `${edge.from} is in no layer (add its folder to MAY_IMPORT)`;
  if (to === undefined) return `${edge.from} imports ${edge.to}, which is in no layer`;
  if (from === to) return undefined;
  if (!MAY_IMPORT[from].includes(to)) return `${edge.from} (${from}) imports ${edge.to} (${to})`;
  if (from === "sandbox" && to === "tracker" && !TRACKER_CONTRACT.includes(edge.to)) {
    return `${edge.from} (sandbox) imports ${edge.to}: the sandbox may use only the contract (${TRACKER_CONTRACT.join(", ")})`;
  }
  return undefined;
}

/** Every relative import (static, dynamic, `export … from`, type-only) of every .ts file under `srcDir`. */
export function importEdges(srcDir: string): ImportEdge[] {
  const edges: ImportEdge[] = [];
  for (const file of typeScriptFiles(srcDir)) {
    const info = ts.preProcessFile(readFileSync(file, "utf8"), true, true);
    for (const { fileName } of info.importedFiles) {
      if (!fileName.startsWith(".")) continue;
      const target = resolve(dirname(file), fileName);
      edges.push({ from: relative(srcDir, file), to: relative(srcDir, target) });
    }
  }
  return edges;
}

function typeScriptFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return typeScriptFiles(path);
    return entry.name.endsWith(".ts") ? [path] : [];
  });
}
