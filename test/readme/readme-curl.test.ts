/**
 * The README's curl walkthrough of the sandbox runs as written (against a sandbox on a free port instead of
 * 8787), so the documentation cannot drift from the API.
 */
import { execFile } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningSandbox, startSandbox } from "../../src/sandbox/server.ts";

const ROOT = join(import.meta.dirname, "..", "..");
let sandbox: RunningSandbox;

beforeAll(async () => {
  sandbox = await startSandbox({ seed: join(ROOT, "examples/sandbox/voluum-acme.seed.yaml"), log: () => {} });
});
afterAll(async () => sandbox?.close());

/** The shell lines of the README's sandbox block that talk to the API (curl and the etag lookup). */
function readmeCurlLines(): string[] {
  const readme = readFileSync(join(ROOT, "README.md"), "utf8");
  const block = readme.split("```sh").find((b) => b.includes("sandbox --db acme.db"));
  if (block === undefined) throw new Error("README has no sandbox block");
  const lines = block
    .slice(0, block.indexOf("```"))
    .replace(/\\\n\s*/g, "")
    .split("\n");
  return lines.filter((line) => line.startsWith("curl ") || line.startsWith("etag="));
}

describe("the README's sandbox walkthrough", () => {
  it("answers as the README says", async () => {
    const lines = readmeCurlLines();
    expect(lines.length).toBeGreaterThanOrEqual(5);
    const script = lines.map((line) => `${line.replaceAll("http://127.0.0.1:8787", sandbox.url)}; echo`).join("\n");
    // Asynchronous: the sandbox serves from this very process.
    const { stdout: output } = await promisify(execFile)("bash", ["-c", script], { encoding: "utf8" });
    expect(output).toContain('{"userId":"u-1","email":"owner@acme.test","role":"owner","accountId":"acme"}');
    expect(output).toContain("HTTP/1.1 401 Unauthorized");
    expect(output).toContain("application/problem+json");
    expect(output).toMatch(/"email":"client@brand.test","role":"readonly".*"hiddenColumns":\["cost","roi"\]/);
  });
});
