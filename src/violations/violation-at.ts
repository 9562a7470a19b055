/**
 * Builds violations: the one place a rule id meets its severity from the rule table, so no check can report
 * a rule with the wrong severity.
 */

import { RULES, type RuleId } from "./rules.ts";
import { singleLine } from "./single-line.ts";
import type { SourcePosition } from "./source-position.ts";
import type { Violation } from "./violation.ts";

/** A violation of `rule` at `at`, with the rule's severity from RULES and `message` kept on one line. */
export function violationAt(rule: RuleId, at: SourcePosition, message: string): Violation {
  return {
    rule,
    severity: RULES[rule].severity,
    file: at.file,
    line: at.line,
    column: at.column,
    path: at.path,
    message: singleLine(message),
  };
}
