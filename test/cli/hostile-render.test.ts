/**
 * Every renderer on hostile live data (fixtures/hostile.ts): no control, format or separator character survives
 * raw in any output, no name adds a line, breaks a markdown table, injects markdown or HTML, or runs as a
 * spreadsheet formula, and the JSON documents keep the exact data.
 */
import { describe, expect, it } from "vitest";
import { renderApplyText } from "../../src/cli/render/apply-text.ts";
import { describeDifference } from "../../src/cli/render/describe-change.ts";
import { renderDriftJson } from "../../src/cli/render/drift-json.ts";
import { renderDriftMarkdown } from "../../src/cli/render/drift-markdown.ts";
import { renderDriftText } from "../../src/cli/render/drift-text.ts";
import { csvCell, escapeHtml, jsonDocument, mdText } from "../../src/cli/render/escape.ts";
import { renderPlanJson } from "../../src/cli/render/plan-json.ts";
import { renderPlanMarkdown } from "../../src/cli/render/plan-markdown.ts";
import { renderPlanText } from "../../src/cli/render/plan-text.ts";
import { renderReviewCsv } from "../../src/cli/render/review-csv.ts";
import { renderReviewHtml } from "../../src/cli/render/review-html.ts";
import { type ReviewInput, renderReviewJson } from "../../src/cli/render/review-json.ts";
import { renderReviewMarkdown } from "../../src/cli/render/review-markdown.ts";
import { loadProfile } from "../../src/policy/profile-loader.ts";
import { hasUnprintable } from "../../src/violations/single-line.ts";
import {
  ATTACKS,
  DANGEROUS,
  EVERY_DANGEROUS_SHOWN,
  hostileAccount,
  hostileApply,
  hostileDrift,
  hostilePlan,
  hostileUsers,
  hostileWorkspaces,
} from "./fixtures/hostile.ts";

const profile = loadProfile("voluum")!;
const context = (benign: boolean) => ({ tracker: "voluum", account: hostileAccount(benign) });
const review = (benign: boolean): ReviewInput => ({
  context: context(benign),
  profile,
  workspaces: hostileWorkspaces(benign),
  users: hostileUsers(
    profile.elementKinds.map((k) => k.name),
    profile.settingsSections.map((s) => s.name),
    benign,
  ),
});

type Kind = "text" | "markdown" | "html" | "csv" | "json";
const RENDERERS: Array<{ name: string; kind: Kind; render: (benign: boolean) => string }> = [
  { name: "plan text", kind: "text", render: (b) => renderPlanText(hostilePlan(b), context(b)) },
  { name: "plan markdown", kind: "markdown", render: (b) => renderPlanMarkdown(hostilePlan(b), context(b)).join("") },
  { name: "plan json", kind: "json", render: (b) => renderPlanJson(hostilePlan(b), context(b)) },
  { name: "drift text", kind: "text", render: (b) => renderDriftText(hostileDrift(b), context(b)) },
  {
    name: "drift markdown",
    kind: "markdown",
    render: (b) => renderDriftMarkdown(hostileDrift(b), context(b)).join(""),
  },
  { name: "drift json", kind: "json", render: (b) => renderDriftJson(hostileDrift(b), context(b)) },
  { name: "apply text", kind: "text", render: (b) => renderApplyText(hostileApply(b)) },
  { name: "review markdown", kind: "markdown", render: (b) => renderReviewMarkdown(review(b)) },
  { name: "review csv", kind: "csv", render: (b) => renderReviewCsv(review(b)) },
  { name: "review html", kind: "html", render: (b) => renderReviewHtml(review(b)) },
  { name: "review json", kind: "json", render: (b) => renderReviewJson(review(b)) },
];

/** The output without its own line ends (LF; CRLF for CSV), which are the only line breaks it may hold. */
const withoutLineEnds = (output: string, kind: Kind) => output.split(kind === "csv" ? "\r\n" : "\n").join("");
const lineCount = (output: string, kind: Kind) => output.split(kind === "csv" ? "\r\n" : "\n").length;

/** How `shown` (a text report's escape) reads in a markdown source: backslashes and brackets escaped. */
const inMarkdown = (shown: string) => shown.replace(/[\\[\]]/g, "\\$&");

/** The number of `|` in a markdown line that a backslash does not escape. */
const unescapedPipes = (line: string) => [...line.matchAll(/(?<!\\)(?:\\\\)*\|/g)].length;

/** An RFC 4180 parser: rows of cells, CRLF between rows; throws on anything else. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let i = 0;
  while (i < text.length) {
    let cell = "";
    if (text[i] === '"') {
      for (i++; ; i++) {
        if (i >= text.length) throw new Error("unterminated quote");
        if (text[i] !== '"') cell += text[i];
        else if (text[i + 1] === '"') {
          cell += '"';
          i++;
        } else break;
      }
      i++;
    } else {
      while (i < text.length && !/[,\r\n"]/.test(text[i])) cell += text[i++];
      if (text[i] === '"') throw new Error(`a quote inside an unquoted cell at ${i}`);
    }
    row.push(cell);
    if (text[i] === ",") i++;
    else if (text.startsWith("\r\n", i)) {
      rows.push(row);
      row = [];
      i += 2;
    } else if (i < text.length) throw new Error(`a bare line break at ${i}`);
  }
  if (row.length > 0) rows.push(row);
  return rows;
}

describe("every renderer on hostile names", () => {
  it("the fixture holds every dangerous character, and the one definition covers each", () => {
    for (const [name, c] of DANGEROUS) expect(hasUnprintable(`a${c}b`), name).toBe(true);
    for (const benign of ["équipe", "média 🚀", "ok — fine", "Zoë", "naïve"])
      expect(hasUnprintable(benign)).toBe(false);
  });

  for (const { name, kind, render } of RENDERERS) {
    describe(name, () => {
      const output = render(false);

      it("prints no control, format or separator character raw", () => {
        const rest = withoutLineEnds(output, kind);
        for (const [char, c] of DANGEROUS) expect(rest.includes(c), `${name}: raw ${char}`).toBe(false);
        expect(rest).not.toMatch(/[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Cs}]/u);
      });

      it("has exactly the lines it has with benign names", () => {
        expect(lineCount(output, kind)).toBe(lineCount(render(true), kind));
      });

      if (kind !== "json") {
        it("shows each character as the text report does", () => {
          expect(output).toContain(kind === "markdown" ? inMarkdown(EVERY_DANGEROUS_SHOWN) : EVERY_DANGEROUS_SHOWN);
        });
      }
    });
  }

  it("the text plan shows a zero-width space and a word joiner escaped", () => {
    const plan = hostilePlan(true);
    plan.unmanagedElements = [
      { elementId: "el-1", kind: "offer", name: "pub\u200blic\u2060", workspace: "eu\u200b-team" },
    ];
    expect(renderPlanText(plan, context(true))).toContain('offer "pub\\u{200b}lic\\u{2060}" in eu\\u{200b}-team\n');
  });
});

describe("markdown: a name cannot break a table or inject markup", () => {
  for (const { name, kind, render } of RENDERERS.filter((r) => r.kind === "markdown")) {
    const lines = render(false).split("\n");

    it(`${name}: every table row has its header's cells`, () => {
      let cells = -1;
      let rows = 0;
      for (const [i, line] of lines.entries()) {
        if (!line.startsWith("|")) cells = -1;
        else if (/^\|(---\|)+$/.test(lines[i + 1] ?? "")) cells = unescapedPipes(line);
        else if (cells >= 0 && !/^\|(---\|)+$/.test(line)) {
          expect(unescapedPipes(line), `${kind} row ${i + 1}: ${line}`).toBe(cells);
          rows++;
        }
      }
      expect(rows).toBeGreaterThan(5);
    });

    it(`${name}: no HTML, link, code span or block from the data`, () => {
      for (const line of lines) {
        if (line.startsWith("<!-- tracker-access")) continue;
        expect(line).not.toMatch(/<[a-zA-Z/!?]/);
        expect(line).not.toMatch(/(?<!\\)(?:\\\\)*[[\]]/);
        // The only code spans are the change symbols the plan itself writes.
        expect(line.replace(/`[+~-]`/g, "")).not.toMatch(/(?<!\\)(?:\\\\)*`/);
        // A list item (an unmanaged user, a refusal) cannot open a heading, a quote or a nested list.
        if (line.startsWith("- ")) expect(line.slice(2)).not.toMatch(/^\s*(#|>|[-+*=]|\d+[.)])/);
      }
      expect(lines.join("\n")).toContain("&lt;img src=x onerror=alert(1)&gt;");
    });
  }
});

describe("html: every name is text", () => {
  const html = renderReviewHtml(review(false));
  const tags = [...html.matchAll(/<\/?([a-zA-Z][a-zA-Z0-9]*)([^>]*)>/g)];

  it("only the page's own elements, every attribute quoted", () => {
    const own = "html head meta title style body h1 h2 p span div table thead tbody tr th td details summary".split(
      " ",
    );
    for (const [tag, element, attributes] of tags) {
      expect(own, tag).toContain(element.toLowerCase());
      expect(attributes, tag).toMatch(/^(\s+[a-z-]+(="[^"<>]*")?)*\s*\/?$/);
    }
    expect(html).toContain("&lt;img src=x onerror=alert(1)&gt;");
    expect(html).toContain("tick`code`");
  });
});

describe("csv: formulas neutralised, quoted per RFC 4180", () => {
  const rows = parseCsv(renderReviewCsv(review(false)));

  it("parses back into rows of six cells, one row per permission", () => {
    expect(rows.length).toBe(parseCsv(renderReviewCsv(review(true))).length);
    for (const row of rows) expect(row).toHaveLength(6);
  });

  it("no cell starts as a formula (= + - @ tab CR, full-width, after spaces)", () => {
    for (const row of rows) {
      for (const cell of row) expect(cell, cell).not.toMatch(/^(?:[\t\r]|\s*[=+\-@\uff1d\uff0b\uff0d\uff20])/u);
    }
    const emails = [...new Set(rows.slice(1).map((row) => row[0]))];
    for (const attack of ["=HYPERLINK", "+1+1", "-2+3", "@SUM", " =1+1", "\uff1d1+1"]) {
      expect(
        emails.some((e) => e.startsWith(`'${attack}`)),
        attack,
      ).toBe(true);
    }
    // A leading tab or CR is shown escaped, as the text report shows it, which no spreadsheet runs.
    for (const shown of ["\\t=1+1", "\\r=1+1"])
      expect(
        emails.some((e) => e.startsWith(shown)),
        shown,
      ).toBe(true);
  });

  it("a semicolon, used as the separator in some locales, is inside quotes", () => {
    const text = renderReviewCsv(review(false));
    expect(text).toContain(`"a;=1+1,b`);
    expect(text.split("\r\n").every((line) => !/^[^"]*;/.test(line))).toBe(true);
  });
});

describe("json: the exact data", () => {
  it("plan", () => {
    const plan = hostilePlan(false);
    const document = JSON.parse(renderPlanJson(plan, context(false)));
    expect(document.account).toBe(hostileAccount(false));
    expect(document.operations).toEqual(plan.operations);
    expect(document.unmanagedElements).toEqual(plan.unmanagedElements);
    expect(document.refusals).toEqual(plan.refusals);
  });

  it("drift", () => {
    const report = hostileDrift(false);
    const document = JSON.parse(renderDriftJson(report, context(false)));
    // The data verbatim, each difference with its one line for people.
    expect(document.differences).toEqual(report.differences.map((d) => ({ ...d, description: describeDifference(d) })));
    expect(document.expiredInvitations).toEqual(report.expiredInvitations);
  });

  it("review", () => {
    const input = review(false);
    const document = JSON.parse(renderReviewJson(input));
    expect(document.users).toEqual(input.users);
    expect(document.workspaces).toEqual(input.workspaces);
    expect(ATTACKS.every((a) => input.users.some((u) => u.email.startsWith(a)))).toBe(true);
  });
});

describe("the escapers, one per output kind", () => {
  it("markdown shows what the text report shows, inert", () => {
    expect(mdText("a\nb\u202ec")).toBe("a\\\\nb\\\\u{202e}c");
    expect(mdText("x | `y` <b> & [z](u) *w* _v_ ~t~")).toBe(
      "x \\| \\`y\\` &lt;b&gt; &amp; \\[z\\](u) \\*w\\* \\_v\\_ \\~t\\~",
    );
    expect(["# h", "- i", "+ i", "= i", "1. i", "2) i", " > q"].map(mdText)).toEqual([
      "\\# h",
      "\\- i",
      "\\+ i",
      "\\= i",
      "1\\. i",
      "2\\) i",
      " &gt; q",
    ]);
    expect(mdText("eu-team, équipe 🚀")).toBe("eu-team, équipe 🚀");
  });

  it("html: entities, and invisible characters shown", () => {
    expect(escapeHtml(`<a href='x'>&"\u200b\u0000`)).toBe("&lt;a href=&#39;x&#39;&gt;&amp;&quot;\\u{200b}\\u{0000}");
  });

  it("csv: OWASP's formula starts prefixed, RFC 4180 quoting, a semicolon quoted", () => {
    expect(["=1", "+1", "-1", "@a", " =1", "\uff20a"].map(csvCell)).toEqual([
      "'=1",
      "'+1",
      "'-1",
      "'@a",
      "' =1",
      "'\uff20a",
    ]);
    expect(csvCell("\t=1")).toBe("\\t=1");
    expect(csvCell('a,"b"')).toBe('"a,""b"""');
    expect(csvCell("a;b")).toBe('"a;b"');
    expect(csvCell("plain-name@x.test")).toBe("plain-name@x.test");
  });

  it("json: the same data back, nothing invisible raw", () => {
    const data = { name: `a${DANGEROUS.map(([, c]) => c).join("")}\ud800z` };
    const text = jsonDocument(data);
    expect(JSON.parse(text)).toEqual(data);
    expect(text).toContain("\\u202e");
    expect(text).toContain("\\udb40\\udc41");
    expect(text.replace(/\n/g, "")).not.toMatch(/[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Cs}]/u);
  });
});
