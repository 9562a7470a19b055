/**
 * The renderers of drift reports, apply results and access reviews on fixed inputs (their golden renderings are
 * cases under golden/, render-golden.test.ts), their escaping of user data, and the argument rules every tracker
 * command shares.
 */
import { describe, expect, it } from "vitest";
import { rejectKeyArguments, resolveApiOptions } from "../../src/cli/api-options.ts";
import { APPLY_USAGE } from "../../src/cli/apply-command.ts";
import { parseArguments } from "../../src/cli/arguments.ts";
import { DRIFT_USAGE } from "../../src/cli/drift-command.ts";
import { DUMP_USAGE } from "../../src/cli/dump-command.ts";
import { PLAN_USAGE } from "../../src/cli/plan-command.ts";
import { renderDriftJson } from "../../src/cli/render/drift-json.ts";
import { renderDriftMarkdown } from "../../src/cli/render/drift-markdown.ts";
import { renderDriftText } from "../../src/cli/render/drift-text.ts";
import { csvCell, escapeHtml } from "../../src/cli/render/escape.ts";
import { renderReviewCsv } from "../../src/cli/render/review-csv.ts";
import { renderReviewHtml } from "../../src/cli/render/review-html.ts";
import type { ReviewInput } from "../../src/cli/render/review-json.ts";
import { renderReviewMarkdown } from "../../src/cli/render/review-markdown.ts";
import { loadProfile } from "../../src/policy/profile-loader.ts";
import type { DriftReport } from "../../src/reconcile/drift.ts";
import { everyOperationDrift } from "./fixtures/render-inputs.ts";

const context = { tracker: "voluum", account: "Acme Media" };

const drift = everyOperationDrift;

describe("drift renderings", () => {
  it("markdown of a small report is one comment", () => {
    expect(renderDriftMarkdown(drift, context)).toHaveLength(1);
  });

  it("json names the unmanaged users", () => {
    const document = JSON.parse(renderDriftJson(drift, context));
    expect(document.drift).toBe(true);
    expect(document.unmanagedUsers.map((u: { email: string }) => u.email)).toEqual([
      "eve@acme.test",
      "frank@acme.test",
    ]);
    expect(document.differences).toHaveLength(drift.differences.length);
  });

  it("in sync", () => {
    const inSync: DriftReport = {
      inSync: true,
      differences: [],
      unmanagedElements: [],
      expiredInvitations: [],
      unacceptedInvitations: [],
      refusals: [],
    };
    expect(renderDriftText(inSync, context)).toBe(
      "tracker-access drift for Acme Media (voluum): in sync\n\nIn sync: the account matches the declaration.\n",
    );
  });
});

describe("review renderers escape user data", () => {
  const profile = loadProfile("voluum")!;
  const elements = Object.fromEntries(profile.elementKinds.map((k) => [k.name, "use" as const]));
  const input: ReviewInput = {
    context: { tracker: "voluum", account: 'Acme "<Media>"' },
    profile,
    workspaces: ["public", "<script>x</script>"],
    users: [
      {
        email: '=HYPERLINK("http://evil")@x.test',
        role: "readonly",
        workspaces: [
          { workspace: "public", visible: true, elements },
          { workspace: "<script>x</script>", visible: true, elements },
        ],
        settings: {},
        hiddenColumns: ["cost"],
      },
    ],
  };

  it("html: no markup from the data", () => {
    const html = renderReviewHtml(input);
    expect(html).not.toContain("<script>");
    expect(html).toContain("&lt;script&gt;x&lt;/script&gt;");
    expect(html).toContain("Acme &quot;&lt;Media&gt;&quot;");
    expect(escapeHtml(`<a href='x'>&"`)).toBe("&lt;a href=&#39;x&#39;&gt;&amp;&quot;");
  });

  it("csv: quoted, and formulas neutralized", () => {
    expect(csvCell("plain")).toBe("plain");
    expect(csvCell('a,"b"')).toBe('"a,""b"""');
    expect(csvCell("=1+1")).toBe("'=1+1");
    expect(csvCell("@SUM(A1)")).toBe("'@SUM(A1)");
    const rows = renderReviewCsv(input).split("\r\n");
    expect(rows[1]).toBe(`"'=HYPERLINK(""http://evil"")@x.test",readonly,workspace,public,visible,visible`);
    expect(rows[2]).toBe(`"'=HYPERLINK(""http://evil"")@x.test",readonly,element,public,campaign,use`);
  });

  it("markdown: table cells cannot break the table or inject html", () => {
    const md = renderReviewMarkdown(input);
    expect(md).toContain("&lt;script&gt;x&lt;/script&gt;");
    expect(md).not.toContain("<script>");
  });
});

describe("arguments shared by the tracker commands", () => {
  const spec = {
    values: ["api", "format"],
    flags: ["yes"],
    choices: { format: ["text", "json"] },
    positional: "required" as const,
  };

  it("parses values, flags and paths", () => {
    const parsed = parseArguments(["a.yaml", "--format=json", "--yes", "--api", "http://x", "--", "--b.yaml"], spec);
    expect(parsed).toEqual({
      positional: ["a.yaml", "--b.yaml"],
      values: { format: "json", api: "http://x" },
      flags: new Set(["yes"]),
    });
  });

  it("takes --api as an alias of --api-url, the documented name, in both spellings", () => {
    const withUrl = { ...spec, values: ["api-url", "format"] };
    for (const args of [
      ["a.yaml", "--api", "http://x"],
      ["a.yaml", "--api=http://x"],
      ["a.yaml", "--api-url", "http://x"],
    ]) {
      expect((parseArguments(args, withUrl) as { values: Record<string, string> }).values).toEqual({
        "api-url": "http://x",
      });
    }
    expect(() => parseArguments(["a.yaml", "--api"], withUrl)).toThrow("--api needs a value");
  });

  it("the help of every tracker command names --api-url and its alias", () => {
    for (const help of [PLAN_USAGE, DRIFT_USAGE, APPLY_USAGE, DUMP_USAGE]) {
      expect(help).toContain("[--api-url URL]");
      expect(help).toContain(
        "--api-url URL       the tracker API (--api is accepted too); else TRACKER_ACCESS_API_URL",
      );
    }
  });

  it("rejects unknown options, bad choices and missing paths", () => {
    expect(() => parseArguments(["a.yaml", "--force"], spec)).toThrow("unknown option --force");
    expect(() => parseArguments(["a.yaml", "--format", "xml"], spec)).toThrow("--format must be text, json, not xml");
    expect(() => parseArguments(["--yes"], spec)).toThrow("give at least one declaration file or directory");
    expect(parseArguments(["--help"], spec)).toBe("help");
  });

  it("refuses a key given as an argument without repeating it", () => {
    for (const args of [["--api-key", "sk-1"], ["--key=sk-1"], ["--token", "sk-1"]]) {
      expect(() => rejectKeyArguments(args)).toThrow(/read only from the TRACKER_ACCESS_API_KEY environment variable$/);
      try {
        rejectKeyArguments(args);
      } catch (error) {
        expect((error as Error).message).not.toContain("sk-1");
      }
    }
  });

  it("resolves the URL from --api first, then the environment; the key only from the environment", () => {
    const env = { TRACKER_ACCESS_API_URL: "http://env.test/", TRACKER_ACCESS_API_KEY: " sk-env-0123456789 " };
    expect(resolveApiOptions(undefined, env)).toEqual({ baseUrl: "http://env.test", apiKey: "sk-env-0123456789" });
    expect(resolveApiOptions("https://flag.test", env).baseUrl).toBe("https://flag.test");
    expect(() => resolveApiOptions(undefined, { TRACKER_ACCESS_API_KEY: "k" })).toThrow("no tracker API URL");
    expect(() => resolveApiOptions("http://x.test", {})).toThrow("no API key: set TRACKER_ACCESS_API_KEY");
    expect(() => resolveApiOptions("ftp://x.test", env)).toThrow("must be http or https");
    expect(() => resolveApiOptions("http://user:pw@x.test", env)).toThrow("may not carry credentials");
  });
});
