/**
 * `explain` and `who-can` as text: the answer on the first line, then the chain of reasons, one numbered line
 * each ending with its source (`file:line:col`, or the live account's resource), and under a profile rule the
 * documents it cites with the comment that says why. Every name goes through `singleLine`: e-mails, workspace
 * and element names are user data.
 */

import type { AccessSummary } from "../../policy/access-summary.ts";
import {
  type ElementExplanation,
  type ExplanationStep,
  elementWords,
  isLiveOrigin,
  type Origin,
  type SettingExplanation,
  type WorkspaceExplanation,
} from "../../policy/explanation.ts";
import type { WhoCan } from "../../policy/who-can.ts";
import { singleLine } from "../../violations/single-line.ts";

/** Whom an answer is for: the declaration's files or the live account, and the account's label. */
export interface AnswerContext {
  basis: "declaration" | "live";
  account: string;
}

/** `examples/demo/acme-team.yaml:22:11` or `live account: /v1/users/u-3`. */
export function originInWords(origin: Origin): string {
  return isLiveOrigin(origin) ? `live account ${origin.live}` : `${origin.file}:${origin.line}:${origin.column}`;
}

/** The numbered chain of reasons, indented. */
export function stepLines(steps: ExplanationStep[], indent = "  "): string[] {
  const lines: string[] = [];
  steps.forEach((step, i) => {
    lines.push(`${indent}${i + 1}. ${singleLine(step.says)} (${singleLine(originInWords(step.source))})`);
    lines.push(...citationLines(step, `${indent}   `));
  });
  return lines;
}

/** `cites seed 001 (seeds/001_….txt): "the comment"` under a profile rule; nothing for other steps. */
function citationLines(step: ExplanationStep, indent: string): string[] {
  const cited = (step.citations ?? []).map((c) => (c.document === c.name ? c.name : `${c.name} (${c.document})`));
  if (cited.length === 0 && step.comment === undefined) return [];
  const head = cited.length > 0 ? `cites ${cited.join(", ")}` : "reason";
  return [`${indent}${head}${step.comment !== undefined ? `: ${singleLine(step.comment)}` : ""}`];
}

function from(context: AnswerContext): string {
  return context.basis === "live" ? "in the live account" : "as declared";
}

/** An element explanation as text. */
export function renderElementText(e: ElementExplanation, context: AnswerContext): string {
  const head = `${singleLine(e.email)} has ${e.access} on ${singleLine(elementWords(e.element))} in ${singleLine(e.element.workspace)} (${from(context)}), because:`;
  return [head, ...stepLines(e.steps), ""].join("\n");
}

/** A workspace explanation as text. */
export function renderWorkspaceText(e: WorkspaceExplanation, context: AnswerContext): string {
  const levels = Object.entries(e.elements).map(([kind, level]) => `${kind} ${level}`);
  const access = e.visible ? (levels.length > 0 ? levels.join(", ") : "visible") : "nothing (not visible)";
  const head = `${singleLine(e.email)} in ${singleLine(e.workspace)} (${from(context)}): ${access}, because:`;
  return [head, ...stepLines(e.steps), ""].join("\n");
}

/** A settings explanation as text. */
export function renderSettingText(e: SettingExplanation, context: AnswerContext): string {
  const head = `${singleLine(e.email)} has ${e.access} on settings section ${singleLine(e.setting)} (${from(context)}), because:`;
  return [head, ...stepLines(e.steps), ""].join("\n");
}

/** A user's whole access as text: the role, then each workspace, the settings and the hidden columns. */
export function renderSummaryText(s: AccessSummary, context: AnswerContext): string {
  const lines = [`${singleLine(s.email)} (${s.role}), ${from(context)} in ${singleLine(context.account)}:`];
  lines.push(...stepLines(s.steps));
  for (const w of s.workspaces) {
    const levels = Object.entries(w.elements).map(([kind, level]) => `${kind} ${level}`);
    const access = w.visible ? (levels.length > 0 ? levels.join(", ") : "visible") : "not visible";
    lines.push(`${singleLine(w.workspace)}: ${access}`, ...stepLines(w.steps));
  }
  lines.push("settings:", ...stepLines([s.settingsStep]));
  if (s.hiddenColumnsStep !== undefined) lines.push("hidden columns:", ...stepLines([s.hiddenColumnsStep]));
  lines.push("");
  return lines.join("\n");
}

/** who-can as text: one block per user with the access, its reasons, and a count. */
export function renderWhoCanText(
  answer: WhoCan,
  element: ElementExplanation["element"],
  context: AnswerContext,
): string {
  const subject = `${singleLine(elementWords(element))} in ${singleLine(element.workspace)}`;
  const count = answer.users.length;
  const lines = [
    `${count} ${count === 1 ? "user has" : "users have"} at least ${answer.atLeast} on ${subject} (${from(context)})${count > 0 ? ":" : "."}`,
  ];
  for (const e of answer.users) lines.push(`${singleLine(e.email)} (${e.role}): ${e.access}`, ...stepLines(e.steps));
  lines.push("");
  return lines.join("\n");
}
