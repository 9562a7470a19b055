/**
 * The one output-format table of every command: for each command that takes `--format`, the format names, the
 * default, and the renderer each name selects; and the one error for a name the command does not know. The
 * commands take their `--format` choices and their renderer from here and nowhere else.
 */

import type { AcceptedFile } from "../reconcile/accept-drift.ts";
import type { DriftReport } from "../reconcile/drift.ts";
import type { Plan } from "../reconcile/operations.ts";
import type { Violation } from "../violations/violation.ts";
import { unknownChoice } from "./arguments.ts";
import { UsageError } from "./command.ts";
import { type OutputStyle, styled, summaryOnly } from "./output-style.ts";
import { type ReportContext, summarizePlan, summaryInWords } from "./render/describe-change.ts";
import {
  guardrailsHeading,
  guardrailsMarkdown,
  guardrailsText,
  withGuardrailsJson,
} from "./render/drift-guardrails.ts";
import { renderDriftJson } from "./render/drift-json.ts";
import { renderDriftMarkdown } from "./render/drift-markdown.ts";
import { renderDriftPatch } from "./render/drift-patch.ts";
import { renderDriftText } from "./render/drift-text.ts";
import { withPlanDigest } from "./render/plan-digest.ts";
import { renderPlanJson } from "./render/plan-json.ts";
import { renderPlanMarkdown } from "./render/plan-markdown.ts";
import { NO_CHANGES, NO_CHANGES_REFUSED, renderPlanText } from "./render/plan-text.ts";
import { renderReviewCsv } from "./render/review-csv.ts";
import { renderReviewHtml } from "./render/review-html.ts";
import { type ReviewInput, renderReviewJson } from "./render/review-json.ts";
import { renderReviewMarkdown } from "./render/review-markdown.ts";
import { renderValidateJson, renderValidateText, type ValidateResult } from "./render/validate-report.ts";

/**
 * Renders a command's result in one format. `style` (colour, `--quiet`) applies to text; without it, text is
 * plain. Markdown is the comment parts joined, each starting with its part marker.
 */
export type Renderer<Input> = (input: Input, style?: OutputStyle) => string;

/** The formats of one command: name → renderer, and the one used without `--format`. */
export interface FormatTable<Input> {
  default: string;
  renderers: Readonly<Record<string, Renderer<Input>>>;
}

/** A plan and the account it is for. */
export interface PlanOutput {
  plan: Plan;
  context: ReportContext;
  /** The saved plan's short digest, which markdown ends with (plan-digest.ts). */
  digest?: string;
}

/** A drift report and the account it is about; with `--guardrails`, the account's breaches of them. */
export interface DriftOutput {
  report: DriftReport;
  context: ReportContext;
  guardrails?: Violation[];
  /** `--format patch` only: the declaration files edited to describe the account (reconcile/accept-drift.ts). */
  accepted?: AcceptedFile[];
}

/** The plan in one line: `Plan: 2 to add, 1 to change, 0 to remove.`, or that nothing changes (`--quiet`). */
export function planSummaryLine(plan: Plan): string {
  if (plan.operations.length === 0) return plan.refusals.length > 0 ? NO_CHANGES_REFUSED : NO_CHANGES;
  const verdict = plan.refusals.length > 0 ? " Refused: nothing will be applied." : "";
  return `Plan: ${summaryInWords(summarizePlan(plan))}.${verdict}`;
}

/** Every command's formats. */
export const OUTPUT_FORMATS = {
  validate: {
    default: "text",
    renderers: { text: renderValidateText, json: renderValidateJson },
  } satisfies FormatTable<ValidateResult>,
  plan: {
    default: "text",
    renderers: {
      text: ({ plan, context }, style) => {
        if (style?.quiet) return `${planSummaryLine(plan)}\n`;
        const text = renderPlanText(plan, context);
        return style === undefined ? text : styled(style, text);
      },
      markdown: ({ plan, context, digest }) => withPlanDigest(renderPlanMarkdown(plan, context), digest).join("\n"),
      json: ({ plan, context }) => renderPlanJson(plan, context),
    },
  } satisfies FormatTable<PlanOutput>,
  drift: {
    default: "text",
    renderers: {
      text: ({ report, context, guardrails = [] }, style) => {
        const text = renderDriftText(report, context);
        if (style?.quiet) {
          return summaryOnly(text) + (guardrails.length > 0 ? `${guardrailsHeading(guardrails)}.\n` : "");
        }
        const full = text + guardrailsText(guardrails);
        return style === undefined ? full : styled(style, full);
      },
      markdown: ({ report, context, guardrails = [] }) =>
        renderDriftMarkdown(report, context).join("\n") + guardrailsMarkdown(guardrails),
      json: ({ report, context, guardrails }) => {
        const json = renderDriftJson(report, context);
        return guardrails === undefined ? json : withGuardrailsJson(json, guardrails);
      },
      patch: ({ accepted = [] }) => renderDriftPatch(accepted, process.cwd()),
    },
  } satisfies FormatTable<DriftOutput>,
  review: {
    default: "markdown",
    renderers: { markdown: renderReviewMarkdown, csv: renderReviewCsv, json: renderReviewJson, html: renderReviewHtml },
  } satisfies FormatTable<ReviewInput>,
} as const;

/** A command with an output format. */
export type FormattedCommand = keyof typeof OUTPUT_FORMATS;

/** The format names of a table, in the order `--help` and the error list them. */
export function formatNames(table: { renderers: object }): string[] {
  return Object.keys(table.renderers);
}

/** The error for a `--format` the command does not have: `--format must be text, markdown, json, not xml`. */
export function unknownFormat(table: { renderers: object }, value: string | undefined): UsageError {
  return new UsageError(unknownChoice("format", formatNames(table), value ?? "nothing"));
}

/** The renderer of `format` (the table's default when absent); throws unknownFormat for a name it lacks. */
export function rendererFor<Input>(table: FormatTable<Input>, format: string | undefined): Renderer<Input> {
  const name = format ?? table.default;
  if (!Object.hasOwn(table.renderers, name)) throw unknownFormat(table, name);
  return table.renderers[name];
}
