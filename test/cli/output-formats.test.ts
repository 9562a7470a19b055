/**
 * The one output-format table (src/cli/output-formats.ts): every command's help lists exactly its formats, an
 * unknown format is the same one-line error in every command, before any file or tracker is read, and every
 * format of every command renders through the table.
 */
import { describe, expect, it } from "vitest";
import { DRIFT_USAGE } from "../../src/cli/drift-command.ts";
import { formatNames, OUTPUT_FORMATS, rendererFor } from "../../src/cli/output-formats.ts";
import { PLAN_USAGE } from "../../src/cli/plan-command.ts";
import { renderPlanText } from "../../src/cli/render/plan-text.ts";
import { REVIEW_USAGE } from "../../src/cli/review-command.ts";
import { VALIDATE_USAGE } from "../../src/cli/validate-command.ts";
import { everyOperationPlan } from "./fixtures/plans.ts";
import { runMain } from "./in-process.ts";

const USAGE = { validate: VALIDATE_USAGE, plan: PLAN_USAGE, drift: DRIFT_USAGE, review: REVIEW_USAGE };
const context = { tracker: "voluum", account: "Acme Media" };

describe("the output-format table", () => {
  it("holds every command that takes --format, with the formats its help names", () => {
    expect(Object.keys(OUTPUT_FORMATS).sort()).toEqual(Object.keys(USAGE).sort());
    for (const [command, usage] of Object.entries(USAGE)) {
      const listed = /\[--format ([a-z|]+)\]/.exec(usage)?.[1];
      expect(listed, command).toBe(formatNames(OUTPUT_FORMATS[command as keyof typeof OUTPUT_FORMATS]).join("|"));
    }
  });

  it.each(Object.keys(USAGE))(
    "%s: an unknown format is one line naming the allowed ones, before anything is read",
    async (command) => {
      const table = OUTPUT_FORMATS[command as keyof typeof OUTPUT_FORMATS];
      const outcome = await runMain([command, "no-such-file.yaml", "--format", "xml"]);
      expect(outcome.code).not.toBe(0);
      expect(outcome.stderr).toBe(
        `tracker-access ${command}: --format must be ${formatNames(table).join(", ")}, not xml (see --help)\n`,
      );
    },
  );

  it("selects the default without --format, and refuses a name it lacks", () => {
    const render = rendererFor(OUTPUT_FORMATS.plan, undefined);
    expect(render({ plan: everyOperationPlan, context })).toBe(renderPlanText(everyOperationPlan, context));
    expect(() => rendererFor(OUTPUT_FORMATS.review, "text")).toThrow(
      "--format must be markdown, csv, json, html, not text",
    );
  });
});
