/** The table-driven planner tests' runner: a case edits the fixture account and/or its declaration, then checks the plan. */
import { expect, it } from "vitest";
import type { Operation, Plan } from "../../src/reconcile/operations.ts";
import { type PlanOptions, plan } from "../../src/reconcile/plan.ts";
import type { SandboxSeed } from "../../src/sandbox/seed.ts";
import { type DeclarationSpec, declare, frozen, liveFromSeed, profileOf, seedFile, specOf } from "./helpers.ts";

/** The fixture account every case starts from. */
export const base = seedFile("acme-voluum.yaml");
/** The Voluum profile. */
export const voluum = profileOf("voluum");
/** The clock of every case. */
export const NOW = new Date("2026-06-01T00:00:00Z");

/** One line per operation: `type subject detail`. */
export function summary(op: Operation): string {
  switch (op.type) {
    case "create-workspace":
    case "delete-workspace":
      return `${op.type} ${op.workspace}`;
    case "invite-user":
      return `${op.type} ${op.email} ${op.role} [${op.workspaces}]`;
    case "resend-invitation":
      return `${op.type} ${op.email}`;
    case "change-role":
      return `${op.type} ${op.email} ${op.from}→${op.to}`;
    case "set-memberships":
    case "set-hidden-columns":
      return `${op.type} ${op.email} [${op.from}]→[${op.to}]`;
    case "remove-user":
      return `${op.type} ${op.email}${op.pending ? " (pending)" : ""}`;
    case "move-element":
      return `${op.type} ${op.kind} ${op.name} ${op.from}→${op.to}`;
    case "move-element-group":
      return `${op.type} ${op.moves.map((m) => `${m.kind} ${m.name} ${m.from}→${m.to}`).join(", ")}`;
  }
}

/** One planner test. */
export interface Case {
  name: string;
  actor?: string;
  seed?: (seed: SandboxSeed) => void;
  want?: (spec: DeclarationSpec) => void;
  options?: PlanOptions;
  operations?: string[];
  rules?: string[];
  check?: (result: Plan) => void;
}

/** Plans a case against frozen inputs (a pure planner must not change them). */
export function run(c: Case): Plan {
  const seed = structuredClone(base);
  c.seed?.(seed);
  const spec = specOf(seed);
  c.want?.(spec);
  return plan(frozen(declare(spec)), frozen(liveFromSeed(seed, c.actor ?? "owner@acme.test")), voluum, {
    now: NOW,
    ...c.options,
  });
}

/** The declared user with this e-mail. */
export const user = (spec: DeclarationSpec, email: string) => spec.users!.find((u) => u.email === email)!;
/** The declared element with this name. */
export const element = (spec: DeclarationSpec, name: string) => spec.elements!.find((e) => e.name === name)!;
/** Stops declaring a user. */
export const dropUser = (spec: DeclarationSpec, email: string) => {
  spec.users = spec.users!.filter((u) => u.email !== email);
};

/** Registers each case as a test. */
export function testCases(cases: Case[]): void {
  for (const c of cases) {
    it(c.name, () => {
      const result = run(c);
      if (c.operations !== undefined) expect(result.operations.map(summary)).toEqual(c.operations);
      if (c.rules !== undefined) expect([...new Set(result.refusals.map((v) => v.rule))].sort()).toEqual(c.rules);
      c.check?.(result);
    });
  }
}
