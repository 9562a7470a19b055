/**
 * The review page with 50 workspace columns (PeerClick-sized accounts): the matrix scrolls sideways inside its own
 * box while the user column stays in view (CSS position: sticky). Rendered in headless Chromium; a probe copy of
 * the page scrolls the matrix to its right end and records where the user column and the first workspace column
 * are.
 */
import { execFile } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { delimiter, join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runMain } from "./in-process.ts";

let tmp: string;
beforeAll(() => {
  tmp = mkdtempSync(join(tmpdir(), "review-sticky-"));
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function findChromium(): string | undefined {
  for (const dir of ["/usr/bin", ...(process.env.PATH ?? "").split(delimiter)]) {
    for (const name of ["chromium", "chromium-browser"]) if (existsSync(join(dir, name))) return join(dir, name);
  }
  return undefined;
}

const PROBE = `<script>
const box = document.querySelector(".scroll");
const user = box.querySelector("tbody th[scope=row]");
const first = box.querySelectorAll("thead th")[1];
const before = { user: user.getBoundingClientRect().left, first: first.getBoundingClientRect().left };
box.scrollLeft = box.scrollWidth;
const after = { user: user.getBoundingClientRect().left, first: first.getBoundingClientRect().left };
document.body.setAttribute("data-probe", JSON.stringify({
  scrollable: box.scrollWidth > box.clientWidth, scrolled: box.scrollLeft,
  boxLeft: box.getBoundingClientRect().left, before, after }));
</script>`;

describe("review html with 50 workspaces", { timeout: 120_000 }, () => {
  const chromium = findChromium();
  it.skipIf(chromium === undefined && !process.env.CI)(
    "keeps the user column in view while the workspaces scroll",
    async () => {
      if (chromium === undefined) throw new Error("chromium is required when CI is set (apt-get install chromium)");
      const names = Array.from({ length: 50 }, (_, i) => `workspace-${String(i + 1).padStart(2, "0")}`);
      const declaration = join(tmp, "wide.yaml");
      writeFileSync(
        declaration,
        [
          "apiVersion: tracker-access/v1",
          "tracker: voluum",
          "account: Wide",
          `workspaces: [${names.map((n) => `{ name: ${n} }`).join(", ")}]`,
          "users:",
          "  - { email: owner@wide.test, role: owner }",
          `  - { email: a-long-address-of-a-worker@wide.test, role: worker, workspaces: [${names.slice(0, 25).join(", ")}] }`,
          "",
        ].join("\n"),
      );
      const page = join(tmp, "wide.html");
      expect((await runMain(["review", declaration, "--format", "html", "--out", page])).code).toBe(0);
      const probe = join(tmp, "probe.html");
      writeFileSync(probe, readFileSync(page, "utf8").replace("</body>", `${PROBE}</body>`));
      const flags = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--window-size=1000,800"];
      const run = promisify(execFile);
      const { stdout: dom } = await run(
        chromium,
        [...flags, `--user-data-dir=${join(tmp, "profile")}`, "--dump-dom", `file://${probe}`],
        { timeout: 60_000, maxBuffer: 16 << 20 },
      );
      const raw = /data-probe="([^"]*)"/.exec(dom)?.[1] ?? "{}";
      const seen = JSON.parse(raw.replaceAll("&quot;", '"'));
      expect(seen.scrollable).toBe(true);
      expect(seen.scrolled).toBeGreaterThan(1000);
      // the first workspace column went out of view; the user column stayed at the box's left edge
      expect(seen.after.first).toBeLessThan(seen.before.first - 1000);
      expect(Math.abs(seen.after.user - seen.before.user)).toBeLessThan(1);
      expect(Math.abs(seen.after.user - seen.boxLeft)).toBeLessThan(2);
    },
  );
});
