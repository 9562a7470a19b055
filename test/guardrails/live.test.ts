/**
 * The live account judged by guardrails (reconcile/guardrails.ts), as `drift --guardrails` does: a declared user
 * at the declaration's entry, an undeclared one (a pending invitation too) at the declaration's first line, every
 * message saying it is the account's; a live user's access ending at its declared `until` (the API's users carry
 * none); and a plan refused for the declaration's broken error guardrails.
 */
import { describe, expect, it } from "vitest";
import type { GuardrailRule, Guardrails } from "../../src/declaration/guardrails-model.ts";
import type { Declaration } from "../../src/declaration/model.ts";
import { loadProfile } from "../../src/policy/profile-loader.ts";
import { liveGuardrailViolations, withGuardrailRefusals } from "../../src/reconcile/guardrails.ts";
import type { LiveAccount } from "../../src/reconcile/live-account.ts";
import type { Plan } from "../../src/reconcile/operations.ts";
import { guardrailViolationAt } from "../../src/violations/guardrail-violation.ts";
import { formatViolation } from "../../src/violations/violation.ts";

const profile = loadProfile("voluum");
if (profile === undefined) throw new Error("no voluum profile");

const rule: GuardrailRule = {
  id: "brand-people-in-their-workspace",
  severity: "error",
  when: { emailDomain: ["vela.test"] },
  require: { workspaces: ["brand-vela*"] },
  at: { file: "guardrails.yaml", line: 5, column: 5, path: "/rules/0" },
  keys: {},
};
const guardrails: Guardrails = { file: "guardrails.yaml", rules: [rule] };

const declaration: Declaration = {
  apiVersion: "tracker-access/v1",
  tracker: "voluum",
  account: "acme",
  files: ["access.yaml"],
  workspaces: [],
  users: [
    {
      email: "Anna@Vela.test",
      role: "readonly",
      workspaces: ["brand-vela-eu"],
      hiddenColumns: [],
      at: { file: "access.yaml", line: 9, column: 5, path: "/users/1" },
    },
  ],
  elements: [],
};

const user = (id: string, email: string, workspaces: string[], status = "active") => ({
  id,
  email,
  role: "readonly",
  status,
  workspaces,
  allWorkspaces: false,
  hiddenColumns: [],
});

const have = {
  account: { id: "acme", name: "Acme", profile: "voluum" },
  actor: { email: "owner@acme.test", role: "owner" },
  workspaces: [
    { id: "w1", name: "brand-vela-eu" },
    { id: "w2", name: "eu-team" },
  ],
  users: [user("u1", "anna@vela.test", ["w1", "w2"]), user("u2", "ben@vela.test", ["w2"], "invited")],
  elements: [],
} as unknown as LiveAccount;

describe("guardrails on the live account", () => {
  it("reports declared users at their entry, undeclared ones at the declaration's first line", () => {
    expect(liveGuardrailViolations(guardrails, have, profile, declaration).map(formatViolation)).toEqual([
      "access.yaml:1:1: in the account: ben@vela.test (readonly) is a member of eu-team, outside brand-vela* (rule at guardrails.yaml:5) (guardrail/brand-people-in-their-workspace)",
      "access.yaml:9:5: in the account: anna@vela.test (readonly) is a member of eu-team, outside brand-vela* (rule at guardrails.yaml:5) (guardrail/brand-people-in-their-workspace)",
    ]);
  });
});

describe("untilWithinDays on the live account", () => {
  const timeBound: GuardrailRule = {
    ...rule,
    id: "vela-time-bound",
    require: { untilWithinDays: 30 },
    at: { ...rule.at, line: 9 },
  };
  const until = (text: string, line: number) => ({
    until: text,
    endsAt: Date.parse(text),
    at: { file: "access.yaml", line, column: 12, path: "" },
  });
  const timeBoundDeclaration: Declaration = {
    ...declaration,
    users: [{ ...declaration.users[0], until: until("2026-01-20T00:00:00Z", 12) }],
  };

  it("the API keeps no end: a declared user's access ends at its declared `until`, an undeclared one's never", () => {
    const judged = liveGuardrailViolations(
      { file: "guardrails.yaml", rules: [timeBound] },
      have,
      profile,
      timeBoundDeclaration,
      new Date("2026-01-01T00:00:00Z"),
    );
    expect(judged.map(formatViolation)).toEqual([
      "access.yaml:1:1: in the account: ben@vela.test (readonly) has no `until`; access must end within 30 days (rule at guardrails.yaml:9) (guardrail/vela-time-bound)",
    ]);
  });
});

describe("withGuardrailRefusals", () => {
  const empty: Plan = { operations: [], unmanagedElements: [], expiredInvitations: [], refusals: [] };
  it("adds the refusals, and leaves a plan without any as it is", () => {
    const at = { file: "access.yaml", line: 9, column: 5, path: "" };
    const refusal = guardrailViolationAt("few-admins", "error", at, "too many admins");
    expect(withGuardrailRefusals(empty, [])).toBe(empty);
    expect(withGuardrailRefusals(empty, [refusal]).refusals).toEqual([refusal]);
    expect(empty.refusals).toEqual([]);
  });
});
