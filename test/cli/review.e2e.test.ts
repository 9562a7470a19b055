/**
 * `tracker-access review` end to end in all four formats, and the html page rendered in headless Chromium: the
 * matrix cells carry the access level's colour as the browser computes it, e-mails are shown, and user data
 * that looks like markup stays text. Chromium is required when CI is set; elsewhere the browser test is skipped
 * with a message when it is missing.
 */
import { execFile } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { delimiter, join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ACCESS_COLOURS, SETTINGS_COLOURS } from "../../src/cli/render/review-html.ts";
import { runCli } from "./run-cli.ts";

const DECLARATION = "examples/demo/acme-team.yaml";
const XSS_EMAIL = "<img/src=x/onerror=alert(1)>@evil.test";
const XSS_WORKSPACE = "<script>alert(2)</script>";

let tmp: string;
beforeAll(() => {
  tmp = mkdtempSync(join(tmpdir(), "tracker-access-review-"));
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** `#1971c2` → `rgb(25, 113, 194)`, as getComputedStyle reports colours. */
function rgb(hex: string): string {
  const n = Number.parseInt(hex.slice(1), 16);
  return `rgb(${(n >> 16) & 255}, ${(n >> 8) & 255}, ${n & 255})`;
}

/** The chromium executable: /usr/bin/chromium, or `chromium` / `chromium-browser` on PATH. */
function findChromium(): string | undefined {
  const dirs = ["/usr/bin", ...(process.env.PATH ?? "").split(delimiter)];
  for (const dir of dirs) {
    for (const name of ["chromium", "chromium-browser"]) if (existsSync(join(dir, name))) return join(dir, name);
  }
  return undefined;
}

describe("review formats", { timeout: 60_000 }, () => {
  it("markdown: the users × workspaces matrix, settings and hidden columns", async () => {
    const { code, stdout } = await runCli(["review", DECLARATION]);
    expect(code).toBe(0);
    expect(stdout).toContain("### Access review: Acme Media (Voluum)");
    expect(stdout).toContain("| User | Role | public | eu-team | us-team | apac-team |");
    expect(stdout).toContain("| bob@acme.test | worker | use (none: campaign) | create | none | create |");
    expect(stdout).toContain("| client@brand.test | cost, profit, roi |");
  });

  it("csv: one row per user and permission, RFC 4180", async () => {
    const { code, stdout } = await runCli(["review", DECLARATION, "--format", "csv"]);
    expect(code).toBe(0);
    const rows = stdout.trimEnd().split("\r\n");
    expect(rows[0]).toBe("email,role,scope,workspace,item,access");
    expect(rows).toContain("bob@acme.test,worker,element,apac-team,campaign,create");
    expect(rows).toContain("client@brand.test,readonly,hidden-column,,roi,hidden");
    expect(rows).toContain("alice@acme.test,admin,setting,,payment-details,none");
  });

  it("json: the effective permissions with the profile's labels", async () => {
    const { code, stdout } = await runCli(["review", DECLARATION, "--format", "json"]);
    expect(code).toBe(0);
    const document = JSON.parse(stdout);
    expect(document).toMatchObject({ format: "tracker-access/review/v1", tracker: "voluum", account: "Acme Media" });
    expect(document.workspaces).toEqual(["public", "eu-team", "us-team", "apac-team"]);
    const priya = document.users.find((u: { email: string }) => u.email === "priya@acme.test");
    expect(priya.workspaces.find((w: { workspace: string }) => w.workspace === "eu-team")).toMatchObject({
      visible: false,
    });
  });

  it("html: a self-contained page, written with --out", async () => {
    const file = join(tmp, "review.html");
    const { code, stderr } = await runCli(["review", DECLARATION, "--format", "html", "--out", file]);
    expect(code).toBe(0);
    expect(stderr).toContain("wrote");
    const html = readFileSync(file, "utf8");
    expect(html.startsWith("<!doctype html>")).toBe(true);
    expect(html).not.toMatch(/<script|<link|src=["']?http|url\(/i);
    expect(html).toContain('data-user="bob@acme.test" data-workspace="apac-team" data-access="create"');
  });
});

describe("review html in headless Chromium", { timeout: 120_000 }, () => {
  const chromium = findChromium();
  const required = Boolean(process.env.CI);
  if (chromium === undefined && !required) {
    console.warn("review html: chromium not found; skipping the browser test (apt-get install chromium to run it)");
  }

  it.skipIf(chromium === undefined && !required)(
    "renders the colour-coded matrix, e-mails as text, no injected markup",
    async () => {
      if (chromium === undefined) throw new Error("chromium is required when CI is set (apt-get install chromium)");
      // A declaration whose user data looks like markup.
      const declaration = join(tmp, "xss.yaml");
      writeFileSync(
        declaration,
        [
          "apiVersion: tracker-access/v1",
          "tracker: voluum",
          'account: "Acme <b>Media</b>"',
          "workspaces: [{ name: eu-team }, { name: '" + XSS_WORKSPACE + "' }]",
          "users:",
          "  - { email: owner@acme.test, role: owner }",
          "  - { email: bob@acme.test, role: worker, workspaces: [eu-team] }",
          `  - { email: '${XSS_EMAIL}', role: readonly, workspaces: ['${XSS_WORKSPACE}'], hiddenColumns: [cost] }`,
          "",
        ].join("\n"),
      );
      const page = join(tmp, "xss.html");
      const review = await runCli(["review", declaration, "--format", "html", "--out", page]);
      expect(review.stderr).toContain("wrote");
      expect(review.code).toBe(0);

      // A probe copy records what the browser computed for every cell; the page itself has no script.
      const probe = join(tmp, "probe.html");
      const script =
        "<script>for (const td of document.querySelectorAll('td.cell, td.setting'))" +
        " td.setAttribute('data-bg', getComputedStyle(td).backgroundColor);" +
        " document.body.setAttribute('data-cells', String(document.querySelectorAll('td.cell').length));</script>";
      writeFileSync(probe, readFileSync(page, "utf8").replace("</body>", `${script}</body>`));
      const profile = join(tmp, "chromium-profile");
      const flags = [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        `--user-data-dir=${profile}`,
      ];
      const run = promisify(execFile);
      const { stdout: dom } = await run(chromium, [...flags, "--dump-dom", `file://${probe}`], {
        timeout: 60_000,
        maxBuffer: 16 << 20,
      });

      // Every cell: 3 users × (public + 2 workspaces), each with its level's colour.
      expect(dom).toContain('data-cells="9"');
      const cells = [
        ...dom.matchAll(
          /<td class="cell access-(\w+)" data-user="([^"]*)" data-workspace="([^"]*)"[^>]*data-bg="([^"]*)"/g,
        ),
      ];
      expect(cells).toHaveLength(9);
      for (const [, level, , , background] of cells) {
        expect(background).toBe(rgb(ACCESS_COLOURS[level as keyof typeof ACCESS_COLOURS].background));
      }
      const cell = (user: string, workspace: string) => cells.find(([, , u, w]) => u === user && w === workspace)?.[1];
      expect(cell("owner@acme.test", "eu-team")).toBe("create");
      expect(cell("bob@acme.test", "eu-team")).toBe("create");
      expect(cell("bob@acme.test", "public")).toBe("use");
      expect(cell("bob@acme.test", "&lt;script&gt;alert(2)&lt;/script&gt;")).toBe("none");
      const settings = [...dom.matchAll(/<td class="setting settings-(\w+)"[^>]*data-bg="([^"]*)"/g)];
      expect(settings.length).toBeGreaterThan(0);
      for (const [, level, background] of settings) {
        expect(background).toBe(rgb(SETTINGS_COLOURS[level as keyof typeof SETTINGS_COLOURS].background));
      }

      // User data is text: e-mails readable, no element made of it.
      expect(dom).toContain("bob@acme.test");
      expect(dom).toContain("&lt;img/src=x/onerror=alert(1)&gt;@evil.test");
      expect(dom).not.toMatch(/<img|<b>Media/);
      expect(dom.match(/<script/g)).toHaveLength(1); // only the probe

      // A screenshot of the page as a person sees it.
      const png = join(tmp, "review.png");
      await run(chromium, [...flags, `--screenshot=${png}`, "--window-size=1400,900", `file://${page}`], {
        timeout: 60_000,
      });
      const bytes = readFileSync(png);
      expect(bytes.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
      expect(bytes.length).toBeGreaterThan(10_000);
    },
  );
});
