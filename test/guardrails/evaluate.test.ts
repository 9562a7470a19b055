/**
 * The guardrail judgement on users built in the test: the selection rules (no `when` selects everyone;
 * conditions are all required) and an `until` no file can bring this far (one the schema refuses first).
 * `untilWithinDays` on declared `until`s, the user's and a membership's, is judged from files by the golden
 * cases (test/validate/cases/guardrail-require-until*). Pure: no file, no server.
 */
import { describe, expect, it } from "vitest";
import type { GuardrailRule, Guardrails } from "../../src/declaration/guardrails-model.ts";
import { evaluateGuardrails, type GuardrailSubject } from "../../src/policy/guardrails-evaluate.ts";
import { formatViolation } from "../../src/violations/violation.ts";

const NOW = new Date("2026-03-01T00:00:00Z");

function rule(id: string, when: GuardrailRule["when"], require: GuardrailRule["require"]): GuardrailRule {
  return {
    id,
    severity: "error",
    when,
    require,
    at: { file: "g.yaml", line: 5, column: 5, path: "/rules/0" },
    keys: {},
  };
}

function user(email: string, role: string, extra: Partial<GuardrailSubject> = {}, line = 10): GuardrailSubject {
  return {
    email,
    role,
    workspaces: ["eu"],
    hiddenColumns: [],
    at: { file: "d.yaml", line, column: 5, path: "" },
    ...extra,
  };
}

const judge = (rules: GuardrailRule[], users: GuardrailSubject[]) =>
  evaluateGuardrails({ file: "g.yaml", rules } satisfies Guardrails, users, { workspaces: ["eu", "us"], now: NOW }).map(
    formatViolation,
  );

describe("untilWithinDays", () => {
  const timeBound = rule("time-bound", { emailDomain: "*.contractor.test".split(",") }, { untilWithinDays: 30 });

  it("refuses an `until` that is not a date", () => {
    expect(judge([timeBound], [user("c@x.contractor.test", "worker", { until: "next spring" }, 12)])).toEqual([
      "d.yaml:12:5: c@x.contractor.test (worker) has `until: next spring`, which is not a date; access must end within 30 days (rule at g.yaml:5) (guardrail/time-bound)",
    ]);
  });
});

describe("selection", () => {
  it("without `when` selects every user; with several conditions, only users meeting all", () => {
    const everyone = rule("nobody-hides-nothing", {}, { notRole: ["admin"] });
    const both = rule("eu-readonly", { role: ["readonly"], workspace: ["e*"] }, { hiddenColumns: ["cost"] });
    expect(
      judge(
        [everyone, both],
        [
          user("a@acme.test", "admin", {}, 10),
          user("r@acme.test", "readonly", { workspaces: ["us"] }, 11),
          user("s@acme.test", "readonly", { workspaces: "*" }, 12),
        ],
      ),
    ).toEqual([
      "d.yaml:10:5: a@acme.test has role admin, which this rule forbids (rule at g.yaml:5) (guardrail/nobody-hides-nothing)",
      "d.yaml:12:5: s@acme.test (readonly) does not hide cost (rule at g.yaml:5) (guardrail/eu-readonly)",
    ]);
  });

  it("globs ignore case, match `?` as one character and nothing else as a pattern", () => {
    const domain = rule("agency-only", {}, { emailDomain: ["acme.test", "?u.acme.test"] });
    expect(
      judge(
        [domain],
        [
          user("A@ACME.TEST", "admin", {}, 10),
          user("b@eu.acme.test", "admin", {}, 11),
          user("c@acmextest", "admin", {}, 12),
        ],
      ),
    ).toEqual([
      "d.yaml:12:5: c@acmextest (admin) has e-mail domain acmextest, not acme.test or ?u.acme.test (rule at g.yaml:5) (guardrail/agency-only)",
    ]);
  });
});
