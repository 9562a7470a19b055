/**
 * `validateDeclaration` on its own: pure, deterministic, usable on a declaration built in code (the Pulumi
 * program builds one without files), where sub-path violations fall back to their entity's position.
 */
import { describe, expect, expectTypeOf, it } from "vitest";
import type { LoadResult } from "../../src/declaration/load.ts";
import type { Declaration, SourcePosition } from "../../src/declaration/model.ts";
import { type CheckResult, checkDeclaration } from "../../src/policy/check-declaration.ts";
import type { GrantClock } from "../../src/policy/check-grants.ts";
import type { Profile } from "../../src/policy/profile.ts";
import { loadProfile } from "../../src/policy/profile-loader.ts";
import { validateDeclaration } from "../../src/policy/validate.ts";
import type { Violation } from "../../src/violations/violation.ts";

const at = (path: string, line: number): SourcePosition => ({ file: "pulumi:acme", line, column: 1, path });

function deepFreeze<T>(value: T): T {
  if (typeof value === "object" && value !== null) {
    for (const child of Object.values(value)) deepFreeze(child);
    Object.freeze(value);
  }
  return value;
}

const declaration: Declaration = deepFreeze({
  apiVersion: "tracker-access/v1",
  tracker: "voluum",
  account: "acme",
  files: [],
  workspaces: [{ name: "eu-team", at: at("/workspaces/0", 1) }],
  users: [
    { email: "owner@acme.test", role: "owner", workspaces: [], hiddenColumns: undefined, at: at("/users/0", 2) },
    {
      email: "bob@acme.test",
      role: "worker",
      workspaces: ["eu-team", "us-team"],
      hiddenColumns: undefined,
      at: at("/users/1", 3),
    },
  ],
  elements: [{ kind: "campaign", name: "EU Push", workspace: "public", uses: [], at: at("/elements/0", 4) }],
});

describe("validateDeclaration", () => {
  const profile = loadProfile("voluum") as Profile;

  it("reports sub-path violations at their entity when no locator is given", () => {
    expect(validateDeclaration(declaration, profile)).toEqual([
      {
        rule: "ref/unknown-workspace",
        severity: "error",
        file: "pulumi:acme",
        line: 3,
        column: 1,
        path: "/users/1/workspaces/1",
        message: "workspace `us-team` is not declared under `workspaces:`",
      },
      {
        rule: "element/not-allowed-in-public",
        severity: "error",
        file: "pulumi:acme",
        line: 4,
        column: 1,
        path: "/elements/0/workspace",
        message: "a campaign cannot sit in the public workspace on Voluum; assign it to a private workspace",
      },
    ]);
  });

  it("is deterministic and leaves its (frozen) input alone", () => {
    expect(validateDeclaration(declaration, profile)).toEqual(validateDeclaration(declaration, profile));
  });

  it("judges the same declaration by each tracker's data", () => {
    const clicky = loadProfile("clicky") as Profile;
    const rules = validateDeclaration(declaration, clicky).map((v) => v.rule);
    expect(rules).toEqual(["ref/unknown-workspace", "role/unsupported", "element/unsupported-kind"]);
  });

  it("has the signatures the CLI, the planner and the Pulumi provider rely on", () => {
    expectTypeOf(validateDeclaration).returns.toEqualTypeOf<Violation[]>();
    expectTypeOf(checkDeclaration).parameters.toEqualTypeOf<[paths: string[], clock?: GrantClock]>();
    expectTypeOf(checkDeclaration).returns.resolves.toEqualTypeOf<CheckResult>();
    expectTypeOf<CheckResult["declaration"]>().toEqualTypeOf<Declaration | undefined>();
    expectTypeOf<LoadResult["violations"]>().toEqualTypeOf<Violation[]>();
  });
});
