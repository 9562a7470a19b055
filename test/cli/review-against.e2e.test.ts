/**
 * The quarterly access review end to end, with the real CLI: last quarter's `review --format json` is saved,
 * the declaration changes (bob moves from eu-team to us-team, priya leaves, zed joins, the client sees profit
 * again but no longer revenue, alice and the owner swap roles), and `review --against` lists who gained and who
 * lost which access, user by user, in markdown, CSV, JSON and HTML (cells marked on the matrix). A file that is
 * not a saved review is one line naming it, exit 1. And the review of the account as it is: a sandbox's account
 * dumped and reviewed, changed out of band, dumped and reviewed again against the first.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addToWorkspaceOutOfBand } from "../../src/demo/out-of-band.ts";
import { startSandbox } from "../../src/sandbox/server.ts";
import { apiEnv, ROOT, runCli } from "./run-cli.ts";

const DECLARATION = "examples/demo/acme-team.yaml";

let tmp: string;
let previous: string;
let now: string;

/** The demo declaration with this quarter's changes. */
function changedDeclaration(): string {
  const text = readFileSync(join(ROOT, DECLARATION), "utf8");
  const edits: Array<[string, string]> = [
    ["    workspaces: [eu-team, apac-team]", "    workspaces: [us-team]"],
    ["  - email: priya@acme.test\n", "  - email: zed@acme.test\n"],
    ["    hiddenColumns: [cost, profit, roi]", "    hiddenColumns: [cost, roi, revenue]"],
    ["  - email: owner@acme.test\n    role: owner", "  - email: owner@acme.test\n    role: admin"],
    ["  - email: alice@acme.test\n    role: admin", "  - email: alice@acme.test\n    role: owner"],
  ];
  return edits.reduce((out, [from, to]) => {
    if (!out.includes(from)) throw new Error(`the demo declaration has no ${JSON.stringify(from)}`);
    return out.replace(from, to);
  }, text);
}

beforeAll(async () => {
  tmp = mkdtempSync(join(tmpdir(), "tracker-access-review-against-"));
  previous = join(tmp, "2026-q3.json");
  now = join(tmp, "access.yaml");
  const saved = await runCli(["review", DECLARATION, "--format", "json", "--out", previous]);
  if (saved.code !== 0) throw new Error(saved.stderr);
  writeFileSync(now, changedDeclaration());
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe("review --against a saved review", { timeout: 60_000 }, () => {
  it("the saved JSON names its format: what --against checks", () => {
    expect(JSON.parse(readFileSync(previous, "utf8")).format).toBe("tracker-access/review/v1");
  });

  it("markdown: a section listing gains and losses user by user", async () => {
    const { code, stdout } = await runCli(["review", now, "--against", previous]);
    expect(code).toBe(0);
    const section = stdout.slice(stdout.indexOf("#### Changes since the last review"));
    expect(section).toContain(`Since the review in ${previous}: 6 users changed, 4 gained access, 4 lost access.`);
    expect(section).toContain(
      "| bob@acme.test | gained | us-team: workspace none → visible; campaign, offer, lander, flow, traffic-source, affiliate-network none → create |",
    );
    expect(section).toContain("| bob@acme.test | lost | eu-team: workspace visible → none;");
    expect(section).toContain("| zed@acme.test | added (worker) | |");
    expect(section).toContain("| priya@acme.test | removed (was worker) | |");
    expect(section).toContain("| client@brand.test | gained | columns: profit hidden → shown |");
    expect(section).toContain("| client@brand.test | lost | columns: revenue shown → hidden |");
    expect(section).toContain("| alice@acme.test | role admin → owner | |");
  });

  it("csv: previous and change columns, a role row per added, removed or re-roled user", async () => {
    const { code, stdout } = await runCli(["review", now, "--against", previous, "--format", "csv"]);
    expect(code).toBe(0);
    const rows = stdout.trimEnd().split("\r\n");
    expect(rows[0]).toBe("email,role,scope,workspace,item,access,previous,change");
    expect(rows).toContain("bob@acme.test,worker,element,us-team,campaign,create,none,gained");
    expect(rows).toContain("bob@acme.test,worker,element,eu-team,campaign,none,create,lost");
    expect(rows).toContain("bob@acme.test,worker,element,public,offer,use,use,");
    expect(rows).toContain("priya@acme.test,worker,role,,role,,worker,removed");
    expect(rows).toContain("priya@acme.test,worker,element,apac-team,campaign,none,create,lost");
    expect(rows).toContain("zed@acme.test,worker,role,,role,worker,,added");
    expect(rows).toContain("client@brand.test,readonly,hidden-column,,profit,shown,hidden,gained");
    expect(rows).toContain("alice@acme.test,owner,role,,role,owner,admin,changed");
  });

  it("json: the changes beside the review, and such a review is itself a valid --against", async () => {
    const { code, stdout } = await runCli(["review", now, "--against", previous, "--format", "json"]);
    expect(code).toBe(0);
    const document = JSON.parse(stdout);
    expect(document.format).toBe("tracker-access/review/v1");
    expect(document.changes).toMatchObject({
      against: previous,
      previous: { tracker: "voluum", account: "Acme Media" },
    });
    const bob = document.changes.users.find((u: { email: string }) => u.email === "bob@acme.test");
    expect(bob.gained).toContainEqual({
      scope: "element",
      workspace: "us-team",
      item: "flow",
      before: "none",
      after: "create",
    });
    expect(bob.lost).toContainEqual({
      scope: "workspace",
      workspace: "apac-team",
      item: "visible",
      before: "visible",
      after: "none",
    });
    const again = join(tmp, "with-changes.json");
    writeFileSync(again, stdout);
    const next = await runCli(["review", now, "--against", again, "--format", "json"]);
    expect(next.code).toBe(0);
    expect(JSON.parse(next.stdout).changes.users).toEqual([]);
  });

  it("html: gains and losses marked on the matrix, removed users struck through, a section of changes", async () => {
    const { code, stdout } = await runCli(["review", now, "--against", previous, "--format", "html"]);
    expect(code).toBe(0);
    const cell = (email: string, workspace: string) =>
      new RegExp(`<td class="[^"]*" data-change="([a-z-]+)" data-user="${email}" data-workspace="${workspace}"`).exec(
        stdout,
      )?.[1];
    expect(cell("bob@acme.test", "us-team")).toBe("gained");
    expect(cell("bob@acme.test", "eu-team")).toBe("lost");
    expect(cell("bob@acme.test", "public")).toBeUndefined();
    expect(cell("priya@acme.test", "apac-team")).toBe("lost");
    expect(stdout).toMatch(
      /<tr class="removed"><th scope="row">priya@acme\.test <span class="role">\(removed \(was worker\)\)/,
    );
    expect(stdout).toContain('<span class="marker">▲</span>create');
    expect(stdout).toContain("<h2>Changes since the last review</h2>");
    expect(stdout).toContain('<li class="lost">lost columns: revenue shown → hidden</li>');
  });

  it("without --against the review is unchanged: no change column, no section", async () => {
    const csv = await runCli(["review", now, "--format", "csv"]);
    expect(csv.stdout.split("\r\n")[0]).toBe("email,role,scope,workspace,item,access");
    const json = JSON.parse((await runCli(["review", now, "--format", "json"])).stdout);
    expect(json.changes).toBeUndefined();
  });

  it("a file that is not a saved review: one line naming it, exit 1", async () => {
    const plan = join(tmp, "plan.json");
    writeFileSync(plan, JSON.stringify({ format: "tracker-access/plan/v1", operations: [] }));
    const wrong = await runCli(["review", now, "--against", plan]);
    expect(wrong.code).toBe(1);
    expect(wrong.stdout).toBe("");
    expect(wrong.stderr).toBe(
      `tracker-access review: ${plan}: not a tracker-access review JSON (format is "tracker-access/plan/v1", expected "tracker-access/review/v1"); --against takes a saved \`review --format json\`\n`,
    );
    const text = join(tmp, "notes.txt");
    writeFileSync(text, "last quarter: all fine\n");
    const notJson = await runCli(["review", now, "--against", text, "--format", "json"]);
    expect(notJson.code).toBe(1);
    expect(JSON.parse(notJson.stdout).error.message).toContain(`${text}: not a tracker-access review JSON (not JSON)`);
    const clicky = join(tmp, "clicky.json");
    writeFileSync(clicky, (await runCli(["review", "examples/clicky-agency.yaml", "--format", "json"])).stdout);
    const other = await runCli(["review", now, "--against", clicky]);
    expect(other.code).toBe(1);
    expect(other.stderr).toContain(`${clicky}: a review of a clicky account; this declaration is for voluum`);
  });
});

describe("the account as it is, quarter over quarter", { timeout: 120_000 }, () => {
  it("dump → review json; a change in the tracker's UI; dump → review --against shows the gain", async () => {
    const sandbox = await startSandbox({ seed: join(ROOT, "examples/sandbox/voluum-acme.seed.yaml"), log: () => {} });
    try {
      const key = sandbox.apiKeys["owner@acme.test"];
      const env = apiEnv(sandbox.url, key);
      const dumpAndReview = async (name: string, args: string[] = []) => {
        const file = join(tmp, `${name}.yaml`);
        expect((await runCli(["dump", "--out", file], env)).code).toBe(0);
        return runCli(["review", file, "--format", "json", ...args]);
      };
      const q3 = join(tmp, "live-q3.json");
      writeFileSync(q3, (await dumpAndReview("live-q3")).stdout);
      expect((await addToWorkspaceOutOfBand(sandbox.url, key, "bob@acme.test", "us-team"))?.status).toBe(200);
      const q4 = await dumpAndReview("live-q4", ["--against", q3]);
      expect(q4.code).toBe(0);
      const changes = JSON.parse(q4.stdout).changes.users;
      expect(changes.map((u: { email: string }) => u.email)).toEqual(["bob@acme.test"]);
      expect(changes[0].gained[0]).toEqual({
        scope: "workspace",
        workspace: "us-team",
        item: "visible",
        before: "none",
        after: "visible",
      });
      expect(changes[0].lost).toEqual([]);
    } finally {
      await sandbox.close();
    }
  });
});
