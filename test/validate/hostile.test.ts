/**
 * Large and hostile inputs: a multi-megabyte declaration (generated here) with violations at known lines,
 * tens of thousands of violations at once, files over the size cap, deep nesting, legitimate anchor reuse,
 * BOM and CRLF line endings. Speed (against plain `yaml.parse` of the same text) is measured by
 * bench/validate.ts, not asserted here.
 */
import { mkdtempSync, rmSync, truncateSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { MAX_ALIAS_EXPANSION } from "../../src/declaration/alias-expansion.ts";
import { loadDeclaration } from "../../src/declaration/load.ts";
import { MAX_FILE_BYTES, parseDeclarationFile } from "../../src/declaration/read-file.ts";
import { checkDeclaration } from "../../src/policy/check-declaration.ts";

const scratch = mkdtempSync(join(tmpdir(), "tracker-access-hostile-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** A large Voluum declaration; `mark` records the 1-based line of named entries for the assertions. */
function largeDeclaration(users: number, elements: number, badWorkspaceEvery = 0) {
  const lines = ["apiVersion: tracker-access/v1", "tracker: voluum", "account: big", "workspaces:"];
  const marks: Record<string, number> = {};
  for (let w = 0; w < 40; w++) lines.push(`  - name: team-${w}`);
  lines.push("users:", "  - email: owner@big.test", "    role: owner");
  for (let u = 0; u < users; u++) {
    const role = u === 1234 ? "manager" : "worker";
    if (u === 1234) marks.badRole = lines.length + 2;
    lines.push(`  - email: user${u}@big.test`, `    role: ${role}`, `    workspaces: [team-${u % 40}]`);
  }
  lines.push("elements:");
  for (let e = 0; e < elements; e++) {
    const bad = e === 23456 || (badWorkspaceEvery > 0 && e % badWorkspaceEvery === 0);
    if (e === 23456) marks.badWorkspace = lines.length + 3;
    const workspace = bad ? "nowhere" : e % 2 === 0 ? "public" : `team-${e % 40}`;
    lines.push("  - kind: offer", `    name: Offer ${e}`, `    workspace: ${workspace}`);
  }
  return { text: `${lines.join("\n")}\n`, marks };
}

describe("large declarations", () => {
  it("checks a multi-megabyte file with exact positions", async () => {
    const { text, marks } = largeDeclaration(3_000, 30_000);
    expect(text.length).toBeGreaterThan(2_000_000);
    const file = join(scratch, "large.yaml");
    writeFileSync(file, text);

    const result = await checkDeclaration([file]);
    expect(result.violations.map((v) => [v.rule, v.line, v.column])).toEqual([
      ["role/unsupported", marks.badRole, 11],
      ["ref/unknown-workspace", marks.badWorkspace, 16],
    ]);
    expect(result.declaration?.elements).toHaveLength(30_000);
  }, 60_000);

  it("positions tens of thousands of violations without re-parsing", async () => {
    const { text } = largeDeclaration(100, 40_000, 2);
    const file = join(scratch, "many-violations.yaml");
    writeFileSync(file, text);
    const result = await checkDeclaration([file]);
    const unknown = result.violations.filter((v) => v.rule === "ref/unknown-workspace");
    expect(unknown).toHaveLength(20_000);
    // Header 4 lines, 40 workspaces, `users:` and the owner 3, 100 users 300, `elements:` 1: element e's
    // workspace value is on line 348 + 3e + 3, column 16.
    expect(unknown.slice(0, 2).map((v) => [v.line, v.column, v.path])).toEqual([
      [351, 16, "/elements/0/workspace"],
      [357, 16, "/elements/2/workspace"],
    ]);
  }, 60_000);
});

describe("hostile files", () => {
  it("refuses a file over the size cap without reading it", async () => {
    const file = join(scratch, "huge.yaml");
    writeFileSync(file, "");
    truncateSync(file, MAX_FILE_BYTES + 1); // sparse: no disk space used
    const { violations, declaration } = await loadDeclaration([file]);
    expect(declaration).toBeUndefined();
    expect(violations).toHaveLength(1);
    expect(violations[0]).toMatchObject({ rule: "yaml/syntax", line: 1, column: 1 });
    expect(violations[0].message).toBe("file is 64.0 MiB; a declaration file may be at most 64.0 MiB");
    const inMemory = parseDeclarationFile("huge.yaml", new Uint8Array(MAX_FILE_BYTES + 1));
    expect(inMemory.violations.map((v) => v.rule)).toEqual(["yaml/syntax"]);
  });

  it("reports deep nesting as a syntax violation", () => {
    const text = `apiVersion: ${"[".repeat(50_000)}${"]".repeat(50_000)}\n`;
    const parsed = parseDeclarationFile("deep.yaml", new TextEncoder().encode(text));
    expect(parsed.data).toBeUndefined();
    expect(parsed.violations[0]).toMatchObject({ rule: "yaml/syntax", message: "the document is nested too deeply" });
  });

  it("allows an anchor reused by many users, each user getting its own copy", async () => {
    const users = Array.from(
      { length: 500 },
      (_, i) =>
        `  - email: client${i}@brand.test\n    role: readonly\n    workspaces: *clients\n    hiddenColumns: *money`,
    );
    const text = [
      "apiVersion: tracker-access/v1",
      "tracker: voluum",
      "account: acme",
      "workspaces:",
      "  - name: clients",
      "users:",
      "  - email: owner@acme.test",
      "    role: owner",
      "    hiddenColumns: &money [cost, profit, roi]",
      "  - email: lead@acme.test",
      "    role: readonly",
      "    workspaces: &clients [clients]",
      ...users,
    ].join("\n");
    const file = join(scratch, "anchors.yaml");
    writeFileSync(file, text);
    const { violations } = await checkDeclaration([file]);
    // The owner hides columns (not a read-only user); every aliased use is otherwise fine.
    expect(violations.map((v) => [v.rule, v.line])).toEqual([["columns/readonly-only", 9]]);
    // 500 users x (1 + 3) values copied out of the two anchors: far below the expansion budget.
    expect(MAX_ALIAS_EXPANSION).toBeGreaterThan(500 * 4);
  });

  it("refuses an alias inside its own anchor (a value that would contain itself)", () => {
    const text = "apiVersion: tracker-access/v1\nloop: &loop [a, *loop]\n";
    const parsed = parseDeclarationFile("cycle.yaml", new TextEncoder().encode(text));
    expect(parsed.data).toBeUndefined();
    expect(parsed.violations).toMatchObject([
      {
        rule: "yaml/syntax",
        line: 1,
        column: 1,
        message: "an alias is used inside its own anchor: the value would contain itself",
      },
    ]);
  });

  it("refuses a chain of thousands of anchors, each used inside the next, without throwing", () => {
    const lines = ["20000: &a0 [x]"];
    for (let i = 1; i < 20_000; i++) lines.push(`${20_000 - i}: &a${i} [*a${i - 1}]`);
    const parsed = parseDeclarationFile("chain.yaml", new TextEncoder().encode(`${lines.join("\n")}\n`));
    expect(parsed.data).toBeUndefined();
    expect(parsed.violations).toHaveLength(1);
    expect(parsed.violations[0]).toMatchObject({ rule: "yaml/syntax", line: 1, column: 1 });
    expect(parsed.violations[0].message).toMatch(/^aliases (nest too deeply|expand too far)/);
  });

  it("gives every aliased use its own copy, and keeps a `__proto__` key as data", () => {
    const text = "a: &x {__proto__: {polluted: true}, list: [1]}\nb: *x\n";
    const parsed = parseDeclarationFile("proto.yaml", new TextEncoder().encode(text));
    expect(parsed.violations).toEqual([]);
    const data = parsed.data as Record<string, Record<string, unknown>>;
    expect(data.a).not.toBe(data.b);
    expect(data.a.list).not.toBe(data.b.list);
    expect(Object.keys(data.b)).toEqual(["__proto__", "list"]);
    expect(Object.getPrototypeOf(data.b)).toBe(Object.prototype);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it("reads a BOM and CRLF line endings with the right positions", async () => {
    const text =
      "\uFEFFapiVersion: tracker-access/v1\r\ntracker: voluum\r\naccount: acme\r\nusers:\r\n  - email: owner@acme.test\r\n    role: boss\r\n";
    const file = join(scratch, "crlf.yaml");
    writeFileSync(file, text);
    const { violations } = await checkDeclaration([file]);
    expect(violations.map((v) => [v.rule, v.line, v.column])).toEqual([
      ["owner/exactly-one", 5, 3],
      ["role/unsupported", 6, 11],
    ]);
  });
});
