/**
 * Every example in examples/ is a clean declaration: no errors and no warnings. Each file, and each directory
 * (read as one declaration), names the schema on line 1 so that editors check it too.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";
import { checkDeclaration } from "../../src/policy/check-declaration.ts";
import { formatViolation } from "../../src/violations/violation.ts";

/** The examples' time-bound grants are judged at a fixed time, well before their `until`s. */
const CLOCK = { now: new Date("2026-06-01T00:00:00Z"), expiresSoonDays: 7 };

const examplesDir = join(import.meta.dirname, "..", "..", "examples");
const schemaLine = /^# yaml-language-server: \$schema=(\.\.\/)+schemas\/access\.schema\.json$/;

/**
 * Whether a file is a declaration (other tools' examples, such as sandbox fixtures, may share the folder; a
 * guardrails file sits beside its declaration, test/guardrails/examples.test.ts checks those).
 */
function isDeclaration(file: string): boolean {
  if (!/\.ya?ml$/.test(file)) return false;
  const text = readFileSync(file, "utf8");
  if (/^kind: Guardrails$/m.test(text)) return false;
  return schemaLine.test(text.split("\n")[0]) || /^apiVersion: tracker-access\//m.test(text);
}

const examples = readdirSync(examplesDir, { withFileTypes: true })
  .filter((e) =>
    e.isDirectory()
      ? readdirSync(join(examplesDir, e.name)).some((name) => isDeclaration(join(examplesDir, e.name, name)))
      : isDeclaration(join(examplesDir, e.name)),
  )
  .map((e) => relative(process.cwd(), join(examplesDir, e.name)))
  .sort();

describe("examples", () => {
  it("has at least one example per tracker, one of them a directory", async () => {
    const trackers = new Set<string>();
    for (const example of examples) trackers.add((await checkDeclaration([example])).declaration?.tracker ?? "");
    expect([...trackers].sort()).toEqual(["clickflare", "clicky", "peerclick", "voluum"]);
    expect(examples.some((e) => !e.endsWith(".yaml"))).toBe(true);
  });

  for (const example of examples) {
    it(`${example} validates clean`, async () => {
      const { violations, declaration, files } = await checkDeclaration([example], CLOCK);
      expect(violations.map(formatViolation)).toEqual([]);
      expect(declaration).toBeDefined();
      for (const file of files) {
        expect(readFileSync(file, "utf8").split("\n")[0]).toMatch(schemaLine);
      }
    });
  }

  it("peerclick-near-limit sits just below PeerClick's workspace limit", async () => {
    const { declaration, profile } = await checkDeclaration([join(examplesDir, "peerclick-near-limit.yaml")]);
    const limit = profile?.privateWorkspaceLimit ?? 0;
    expect(declaration?.workspaces.length).toBeGreaterThanOrEqual(48);
    expect(declaration?.workspaces.length).toBeLessThanOrEqual(limit);
  });
});
