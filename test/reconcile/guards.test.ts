import { describe, expect, it } from "vitest";
import type { SandboxSeed } from "../../src/sandbox/seed.ts";
import type { DeclarationSpec } from "./helpers.ts";
import { type Case, dropUser, run, testCases, user } from "./plan-cases.ts";

const cases: Case[] = [
  {
    name: "admin key editing an admin",
    actor: "admin@acme.test",
    seed: (s) => s.users.push({ email: "admin2@acme.test", role: "admin" }),
    want: (s) => (user(s, "admin2@acme.test").workspaces = ["eu-team"]),
    operations: ["set-memberships admin2@acme.test []→[eu-team]"],
    rules: ["actor/cannot-manage-admins"],
    check: (p) =>
      expect(p.refusals[0].message).toBe(
        "admin@acme.test (admin) may not change the workspaces of admin2@acme.test (admin): admin manages only worker, readonly users",
      ),
  },
  {
    name: "Voluum admin changing a role",
    actor: "admin@acme.test",
    want: (s) => (user(s, "bob@acme.test").role = "readonly"),
    rules: ["actor/cannot-manage-roles"],
  },
  {
    name: "owner demotion",
    want: (s) => (user(s, "owner@acme.test").role = "admin"),
    rules: ["actor/cannot-manage-admins", "guard/owner-immutable", "guard/self-lockout"],
  },
  {
    name: "a declaration naming a different owner",
    want: (s) => {
      user(s, "owner@acme.test").role = "admin";
      user(s, "admin@acme.test").role = "owner";
    },
    rules: ["actor/cannot-manage-admins", "guard/owner-immutable", "guard/self-lockout"],
    check: (p) =>
      expect(p.refusals.map((v) => v.message)).toContain(
        "the declaration names admin@acme.test as owner but the account's owner is owner@acme.test; tracker-access never changes the owner",
      ),
  },
  {
    name: "actor removing itself",
    actor: "admin@acme.test",
    want: (s) => dropUser(s, "admin@acme.test"),
    rules: ["actor/cannot-manage-admins", "guard/self-lockout"],
  },
  {
    name: "actor shrinking its own workspaces",
    actor: "admin@acme.test",
    seed: (s) => (s.users[1].workspaces = ["eu-team", "us-team"]),
    want: (s) => (user(s, "admin@acme.test").workspaces = ["eu-team"]),
    rules: ["actor/cannot-manage-admins", "guard/self-lockout"],
  },
  {
    name: "a worker's key manages nothing",
    actor: "bob@acme.test",
    want: (s) => s.workspaces!.push("apac-team"),
    rules: ["actor/cannot-manage-workspaces"],
  },
];

describe("actor rules and guards", () => testCases(cases));

describe("guard/max-removals", () => {
  const many = (seed: SandboxSeed) => {
    for (let i = 1; i <= 5; i++) seed.users.push({ email: `w${i}@acme.test`, role: "worker", workspaces: ["eu-team"] });
  };
  const removeThree = (spec: DeclarationSpec) => {
    for (const email of ["w1@acme.test", "w2@acme.test", "w3@acme.test"]) dropUser(spec, email);
  };

  it("refuses removing 30% with the numbers in the message", () => {
    const result = run({ name: "", seed: many, want: removeThree });
    expect(result.refusals).toEqual([
      expect.objectContaining({
        rule: "guard/max-removals",
        file: "acme.yaml",
        line: 1,
        message: "cannot remove 3 users or 0.300 of acme (exceeds limit of 0.250); pass --allow-removals 3",
      }),
    ]);
  });

  it("passes with an override naming the exact number", () => {
    expect(run({ name: "", seed: many, want: removeThree, options: { allowRemovals: 3 } }).refusals).toEqual([]);
  });

  it("still refuses with a wrong number", () => {
    const result = run({ name: "", seed: many, want: removeThree, options: { allowRemovals: 2 } });
    expect(result.refusals.map((v) => v.message)).toEqual([
      "cannot remove 3 users or 0.300 of acme (exceeds limit of 0.250) (--allow-removals 2 does not match); pass --allow-removals 3",
    ]);
  });

  it("lets a share under the limit through without an override", () => {
    expect(run({ name: "", seed: many, want: (s) => dropUser(s, "w1@acme.test") }).refusals).toEqual([]);
  });
});
