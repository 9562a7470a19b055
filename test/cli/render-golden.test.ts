/**
 * Golden renderings (test/golden.ts, the suite's one golden mechanism): every folder under golden/ is a case,
 * its options.json naming what is rendered (`render`: plan, drift or apply), the format (through the commands'
 * one output-format table), the input (fixtures/render-inputs.ts) and the account context; its expected.*
 * file is the output, a file snapshot (`vitest -u` rewrites it; under CI a mismatch or a missing file fails).
 */
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { OUTPUT_FORMATS, rendererFor } from "../../src/cli/output-formats.ts";
import { renderApplyText } from "../../src/cli/render/apply-text.ts";
import type { ReportContext } from "../../src/cli/render/describe-change.ts";
import type { DriftReport } from "../../src/reconcile/drift.ts";
import type { ApplyResult, Plan } from "../../src/reconcile/operations.ts";
import { expectGolden, goldenCases } from "../golden.ts";
import { RENDER_INPUTS } from "./fixtures/render-inputs.ts";

/** A renderer case's options.json. */
interface RenderCaseOptions {
  render: "plan" | "drift" | "apply";
  format?: string;
  input: keyof typeof RENDER_INPUTS;
  context?: ReportContext;
}

const GOLDEN_DIR = join(import.meta.dirname, "golden");

/** The output a case's options ask for. */
function rendered(options: RenderCaseOptions): string {
  const input = RENDER_INPUTS[options.input];
  const context = options.context as ReportContext;
  switch (options.render) {
    case "plan":
      return rendererFor(OUTPUT_FORMATS.plan, options.format)({ plan: input as Plan, context });
    case "drift":
      return rendererFor(OUTPUT_FORMATS.drift, options.format)({ report: input as DriftReport, context });
    case "apply":
      return renderApplyText(input as ApplyResult);
  }
}

describe("golden renderings", () => {
  const cases = goldenCases<RenderCaseOptions>(GOLDEN_DIR, { optionsRequired: true });

  it("every case holds its options and exactly one expected output", () => {
    expect(cases.length).toBeGreaterThan(0);
    for (const golden of cases) {
      const expected = readdirSync(golden.dir).filter((file) => file.startsWith("expected."));
      expect(expected, golden.name).toHaveLength(1);
    }
  });

  for (const golden of cases) {
    it(golden.name, async () => {
      const [expected] = readdirSync(golden.dir).filter((file) => file.startsWith("expected."));
      await expectGolden(rendered(golden.options), golden.file(expected ?? "expected.txt"));
    });
  }
});
