/**
 * Renderings of plans (text, markdown, json) and the splitting of long markdown plans into comments. The golden
 * renderings are cases under golden/ (render-golden.test.ts).
 */
import { describe, expect, it } from "vitest";
import { COMMENT_LIMIT, splitMarkdown } from "../../src/cli/render/markdown-chunks.ts";
import { renderPlanJson } from "../../src/cli/render/plan-json.ts";
import { renderPlanMarkdown } from "../../src/cli/render/plan-markdown.ts";
import { renderPlanText } from "../../src/cli/render/plan-text.ts";
import { emptyPlan, everyOperationPlan, largePlan } from "./fixtures/plans.ts";

const context = { tracker: "voluum", account: "Acme Media" };

describe("plan renderings", () => {
  it("markdown of a small plan is one comment", () => {
    expect(renderPlanMarkdown(everyOperationPlan, context)).toHaveLength(1);
  });

  it("says so when there is nothing to change", () => {
    expect(renderPlanText(emptyPlan, context)).toContain("No changes. The account matches the declaration.");
    expect(renderPlanMarkdown(emptyPlan, context)[0]).toContain("No changes.");
    expect(JSON.parse(renderPlanJson(emptyPlan, context))).toMatchObject({ changes: false, refused: false });
  });

  it("json keeps the planner's operations verbatim", () => {
    const document = JSON.parse(renderPlanJson(everyOperationPlan, context));
    expect(document.operations).toEqual(everyOperationPlan.operations);
    expect(document.summary).toEqual({ add: 2, change: 6, remove: 3, operations: 11 });
  });

  it("keeps every change on one line when a live name holds a line break or a bidirectional control", () => {
    const plan = structuredClone(everyOperationPlan);
    plan.unmanagedElements = [
      { elementId: "el-30", kind: "offer", name: "Legacy\nOffer", workspace: "public" },
      { elementId: "el-31", kind: "lander", name: "Lander\u202e", workspace: "public" },
    ];
    const text = renderPlanText(plan, context);
    expect(text).toContain('  offer "Legacy\\nOffer" in public\n');
    expect(text).toContain('  lander "Lander\\u{202e}" in public\n');
    expect(text).not.toContain("\u202e");
  });

  it("escapes user data in markdown", () => {
    const md = renderPlanMarkdown(everyOperationPlan, context)[0];
    expect(md).toContain("Summer \\| Lander &lt;b&gt;");
    expect(md).not.toContain("<b>");
  });
});

describe("markdown splitting", () => {
  it("splits a plan of 5,000 operations into comments below 65,000 characters, every line once", () => {
    const plan = largePlan(5000);
    const parts = renderPlanMarkdown(plan, context);
    expect(parts.length).toBeGreaterThan(1);
    for (const [i, part] of parts.entries()) {
      expect(part.length).toBeLessThan(COMMENT_LIMIT);
      expect(part.startsWith(`<!-- tracker-access plan part ${i + 1}/${parts.length} -->\n`)).toBe(true);
      expect(part).toContain(`**tracker-access plan, part ${i + 1}/${parts.length}**`);
      // Each part continuing the users table repeats its header, so each is a valid table on its own.
      const lines = part.split("\n");
      for (const [j, line] of lines.entries()) {
        if (line.startsWith("| `")) expect(lines.slice(0, j).some((l) => l.startsWith("| | User |"))).toBe(true);
      }
    }
    // Parts are filled: the first holds the start of the table, not just the title; continued parts say so on
    // the heading line, with a blank line before the table.
    expect(parts[0].split("\n").filter((line) => line.startsWith("| `")).length).toBeGreaterThan(100);
    for (const part of parts.slice(1)) expect(part).toMatch(/\n#### Users \(5000\) \(continued\)\n\n\| \| User \|/);
    const rows = parts.flatMap((p) => p.split("\n")).filter((line) => line.startsWith("| `"));
    expect(rows).toHaveLength(5000);
    const emails = rows.map((row) => row.split(" | ")[1]);
    const expected = Array.from({ length: 5000 }, (_, i) => `user-${String(i).padStart(5, "0")}@example.test`);
    expect(emails).toEqual(expected);
  });

  it("never splits inside a line, and keeps small tables whole", () => {
    const blocks = [
      { kind: "lines" as const, lines: ["# title", "", "intro"] },
      ...Array.from({ length: 30 }, (_, t) => ({
        kind: "table" as const,
        caption: [`#### table ${t}`, ""],
        header: ["| a | b |", "|---|---|"] as [string, string],
        rows: Array.from({ length: 20 }, (_, r) => `| ${t}-${r} | ${"x".repeat(40)} |`),
      })),
    ];
    const parts = splitMarkdown(blocks, { label: "report", limit: 20_000 });
    expect(parts.length).toBeGreaterThan(1);
    for (const part of parts) {
      expect(part.length).toBeLessThan(20_000);
      // No table starts in one part and continues in the next: each caption's 20 rows are in one part.
      for (let t = 0; t < 30; t++) {
        if (part.includes(`#### table ${t}\n`)) expect(part.split(`| ${t}-`).length - 1).toBe(20);
      }
    }
  });

  it("cuts an over-long line before a character above U+FFFF, never between its two halves", () => {
    const [part] = splitMarkdown([{ kind: "lines", lines: [`${"x".repeat(7998)}${"🚀".repeat(10)}`] }], {
      label: "report",
    });
    expect(part).not.toMatch(/\p{Cs}/u);
    expect(part).toContain(`${"x".repeat(7998)}…`);
  });

  it("gives one part with only a marker when the report fits", () => {
    const parts = splitMarkdown([{ kind: "lines", lines: ["hello"] }], { label: "report" });
    expect(parts).toEqual(["<!-- report part 1/1 -->\nhello\n"]);
  });
});
