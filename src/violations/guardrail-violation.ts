/**
 * Builds the violations of a team's own guardrails (`guardrail/<id>`): the one place a guardrail's severity, from
 * its rule in the guardrails file, meets its rule id. violation-at.ts does the same for the fixed rule table.
 */

import type { GuardrailRuleId } from "./rules.ts";
import { singleLine } from "./single-line.ts";
import type { SourcePosition } from "./source-position.ts";
import type { Severity, Violation } from "./violation.ts";

/** The rule id of the guardrail `id`. */
export function guardrailRuleId(id: string): GuardrailRuleId {
  return `guardrail/${id}`;
}

/** Whether `rule` is a guardrail's rule id rather than one of RULES. */
export function isGuardrailRule(rule: string): rule is GuardrailRuleId {
  return rule.startsWith("guardrail/");
}

/** A violation of the guardrail `id` with `severity` at `at`, `message` kept on one line. */
export function guardrailViolationAt(id: string, severity: Severity, at: SourcePosition, message: string): Violation {
  return {
    rule: guardrailRuleId(id),
    severity,
    file: at.file,
    line: at.line,
    column: at.column,
    path: at.path,
    message: singleLine(message),
  };
}
