/**
 * The guardrails the live account breaks, as `drift --guardrails FILE` adds them to its report: a section after
 * the text and markdown reports, a `guardrails` list in the JSON document. Nothing is added without the option.
 */

import { formatViolation, type Violation } from "../../violations/violation.ts";
import { jsonDocument, mdText } from "./escape.ts";
import { violationJson } from "./validate-report.ts";

/** The heading of the section. */
export function guardrailsHeading(broken: Violation[]): string {
  return `Guardrails broken in the account (${broken.length})`;
}

/** The text section: a heading and one `file:line:col: message (guardrail/<id>)` line per violation. */
export function guardrailsText(broken: Violation[]): string {
  if (broken.length === 0) return "";
  return `\n${guardrailsHeading(broken)}:\n${broken.map((v) => `  ${formatViolation(v)}`).join("\n")}\n`;
}

/** The markdown section, for the last comment part. */
export function guardrailsMarkdown(broken: Violation[]): string {
  if (broken.length === 0) return "";
  return `\n#### ${guardrailsHeading(broken)}\n\n${broken.map((v) => `- ${mdText(formatViolation(v))}`).join("\n")}\n`;
}

/** The JSON document `json` with `guardrails`: every violation, with the fields validate's JSON gives them. */
export function withGuardrailsJson(json: string, broken: Violation[]): string {
  const document = JSON.parse(json) as Record<string, unknown>;
  document.guardrails = broken.map(violationJson);
  return jsonDocument(document);
}
