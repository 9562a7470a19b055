/**
 * The access review of a tracker without element kinds (Clicky: sites only), in all four formats from the real
 * CLI: markdown's matrix, the html page's cells and the csv's workspace rows say for every user × site exactly
 * what the JSON says (visible or none), the owner and the all-sites user included.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { runCli } from "./run-cli.ts";

const DECLARATION = "examples/clicky-agency.yaml";

interface ReviewJson {
  workspaces: string[];
  users: Array<{ email: string; role: string; workspaces: Array<{ workspace: string; visible: boolean }> }>;
}

let expected: Map<string, string>;
let json: ReviewJson;

/** "email site" → "visible" | "none", from the JSON review. */
function fromJson(document: ReviewJson): Map<string, string> {
  const cells = new Map<string, string>();
  for (const u of document.users)
    for (const w of u.workspaces) cells.set(`${u.email} ${w.workspace}`, w.visible ? "visible" : "none");
  return cells;
}

beforeAll(async () => {
  const outcome = await runCli(["review", DECLARATION, "--format", "json"]);
  expect(outcome.code).toBe(0);
  json = JSON.parse(outcome.stdout) as ReviewJson;
  expected = fromJson(json);
}, 30_000);

describe("review of Clicky's sites", { timeout: 30_000 }, () => {
  it("the JSON has sites the owner and the all-sites user see, and sites others do not", () => {
    const owner = json.users.find((u) => u.role === "owner");
    expect(owner?.workspaces.every((w) => w.visible)).toBe(true);
    expect([...expected.values()]).toContain("none");
    expect(expected.size).toBe(json.users.length * json.workspaces.length);
  });

  it("markdown: the matrix says what the JSON says", async () => {
    const { code, stdout } = await runCli(["review", DECLARATION, "--format", "markdown"]);
    expect(code).toBe(0);
    const lines = stdout.split("\n");
    const header = lines.findIndex((l) => l.startsWith("| User | Role |"));
    const sites = lines[header]
      .split("|")
      .slice(3, -1)
      .map((c) => c.trim());
    expect(sites).toEqual(json.workspaces);
    const cells = new Map<string, string>();
    for (const line of lines.slice(header + 2)) {
      if (!line.startsWith("| ")) break;
      const [email, , ...levels] = line
        .split("|")
        .slice(1, -1)
        .map((c) => c.trim());
      for (const [i, level] of levels.entries()) cells.set(`${email} ${sites[i]}`, level);
    }
    expect(cells).toEqual(expected);
  });

  it("html: every cell's data-access says what the JSON says", async () => {
    const { code, stdout } = await runCli(["review", DECLARATION, "--format", "html"]);
    expect(code).toBe(0);
    const cells = new Map<string, string>();
    for (const m of stdout.matchAll(/data-user="([^"]+)" data-workspace="([^"]+)" data-access="([^"]+)"/g)) {
      cells.set(`${m[1]} ${m[2]}`, m[3]);
    }
    expect(cells).toEqual(expected);
    expect(stdout).toContain(".access-visible{");
  });

  it("csv: one workspace row per user × site, saying what the JSON says", async () => {
    const { code, stdout } = await runCli(["review", DECLARATION, "--format", "csv"]);
    expect(code).toBe(0);
    const cells = new Map<string, string>();
    for (const row of stdout.trimEnd().split("\r\n").slice(1)) {
      const [email, , scope, workspace, item, access] = row.split(",");
      if (scope === "workspace" && item === "visible") cells.set(`${email} ${workspace}`, access);
    }
    expect(cells).toEqual(expected);
  });
});
