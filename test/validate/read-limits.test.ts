/**
 * Bounded reads: a file the fast parse declines (an explicit `? key`, a syntax error, an empty item) is read by
 * the `yaml` library only up to MAX_FULL_PARSE_BYTES, and the fast parse records at most MAX_NODES nodes. Before
 * these bounds a 60 MiB file with one `? key` line or one syntax error at its end ran `yaml` out of heap (exit 134
 * after ~46 s, issue 9). The refusals are checked on small files by lowering the limits; bench/read-limits.ts
 * measures time and memory at the real sizes.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { MAX_NODES } from "../../src/declaration/fast-parse.ts";
import { loadDeclaration } from "../../src/declaration/load.ts";
import {
  MAX_FILE_BYTES,
  MAX_FULL_PARSE_BYTES,
  parseDeclarationFile,
  READ_LIMITS,
  type ReadLimits,
} from "../../src/declaration/read-file.ts";
import { checkSchema, MAX_SCHEMA_ERRORS } from "../../src/declaration/schema-check.ts";

const HEAD =
  "apiVersion: tracker-access/v1\ntracker: voluum\naccount: acme\nusers:\n  - email: owner@acme.test\n    role: owner\n";
const users = (n: number) =>
  Array.from({ length: n }, (_, i) => `  - email: user${i}@acme.test\n    role: worker\n    workspaces: [eu]\n`).join(
    "",
  );
const encode = (text: string) => new TextEncoder().encode(text);
const small: ReadLimits = { ...READ_LIMITS, maxFullParseBytes: 4096 };

describe("files the fast parse declines", () => {
  const body = users(100); // about 6 KB
  const explicitKey = `? apiVersion\n: tracker-access/v1\ntracker: voluum\naccount: acme\nusers:\n${body}`;
  const syntaxErrorAtEnd = `${HEAD}${body}workspaces: [eu\n`;

  it("are read by `yaml` under the limit, every syntax error reported", () => {
    expect(parseDeclarationFile("k.yaml", encode(explicitKey)).violations).toEqual([]);
    const parsed = parseDeclarationFile("e.yaml", encode(syntaxErrorAtEnd));
    expect(parsed.violations.length).toBeGreaterThan(0);
    expect(parsed.violations.every((v) => v.rule === "yaml/syntax")).toBe(true);
  });

  it("over the limit, with an explicit key: one line naming the size, the limit and why", () => {
    const parsed = parseDeclarationFile("big.yaml", encode(explicitKey), small);
    expect(parsed.data).toBeUndefined();
    expect(parsed.violations).toEqual([
      expect.objectContaining({ rule: "yaml/syntax", file: "big.yaml", line: 1, column: 1 }),
    ]);
    expect(parsed.violations[0].message).toBe(
      "file is 0.0 MiB and holds an explicit `? key` entry, which only the full YAML parser reads, and it reads files of at most 0.0 MiB (beyond that it can run out of memory); rewrite it in plain `key: value` form or split the file",
    );
  });

  it("over the limit, with a syntax error: js-yaml's first error at its line and column", () => {
    const parsed = parseDeclarationFile("big.yaml", encode(syntaxErrorAtEnd), small);
    expect(parsed.violations).toHaveLength(1);
    // Line 307 opens `[eu` and never closes it: js-yaml stops where the file ends.
    expect(parsed.violations[0]).toMatchObject({ rule: "yaml/syntax", line: 308, column: 1 });
    expect(parsed.violations[0].message).toBe(
      "unexpected end of the stream within a flow collection (the first syntax error only: a file over 0.0 MiB is read by the fast parser alone)",
    );
  });

  it("over the limit, with an empty list item: refused, naming it", () => {
    const parsed = parseDeclarationFile("big.yaml", encode(`${HEAD}  -\n${body}`), small);
    expect(parsed.violations).toHaveLength(1);
    expect(parsed.violations[0].message).toMatch(/holds an empty sequence item/);
  });

  it("over the limit, with two documents: the one-document rule", () => {
    const parsed = parseDeclarationFile("big.yaml", encode(`${HEAD}${body}---\na: 1\n`), small);
    expect(parsed.violations.map((v) => [v.line, v.message])).toEqual([
      [1, "a declaration file holds one YAML document; split the documents after `---` into separate files"],
    ]);
  });

  it("refuses a default-limit file over 1 MiB with an explicit key in one line, before the fallback parser runs", () => {
    const text = `? apiVersion\n: tracker-access/v1\ntracker: voluum\nusers:\n${users(20_000)}`;
    expect(text.length).toBeGreaterThan(MAX_FULL_PARSE_BYTES);
    const parsed = parseDeclarationFile("big.yaml", encode(text));
    expect(parsed.violations).toHaveLength(1);
    expect(parsed.violations[0].message).toMatch(/^file is 1\.\d MiB and holds an explicit `\? key` entry/);
  }, 30_000);
});

describe("the node budget", () => {
  it("refuses a file with more nodes than the budget, whatever its size", () => {
    const dense = `${HEAD}workspaces: [${"a,".repeat(5000)}a]\n`;
    const parsed = parseDeclarationFile("dense.yaml", encode(dense), { ...READ_LIMITS, maxNodes: 1000 });
    expect(parsed.violations).toHaveLength(1);
    expect(parsed.violations[0]).toMatchObject({ rule: "yaml/syntax", line: 1, column: 1 });
    expect(parsed.violations[0].message).toBe(
      "file has more than 1,000 YAML nodes; a declaration file may hold at most 1,000 (keys, values and list items), which bounds the memory reading it takes",
    );
    expect(parseDeclarationFile("dense.yaml", encode(dense)).violations).toEqual([]);
  });

  it("leaves room for a 64 MiB declaration of users and elements (about 9 characters a node)", () => {
    expect(MAX_NODES * 9).toBeGreaterThan(MAX_FILE_BYTES);
  });
});

describe("the schema check of long lists", () => {
  it("checks a list of tens of thousands of bad items in chunks, with exact paths and lines, up to the cap", () => {
    // Before, one Ajv call joined every item's errors onto all before: 60,000 bad items took minutes.
    const items = Array.from({ length: 60_000 }, (_, i) =>
      i === 1234 ? "  - email: x@acme.test\n    role: worker\n    extra: 1\n" : "  - a\n",
    );
    const text = `${HEAD}${items.join("")}`;
    const parsed = parseDeclarationFile("long.yaml", encode(text));
    expect(parsed.violations).toEqual([]);
    const violations = checkSchema(parsed.data, parsed.positions);
    // The check stops at the chunk that reaches MAX_SCHEMA_ERRORS, reports that many, and says so in one last violation.
    expect(violations).toHaveLength(MAX_SCHEMA_ERRORS + 1);
    expect(violations.at(-1)?.message).toBe(
      `the schema check of this file stopped after ${MAX_SCHEMA_ERRORS} errors; fix these and validate again`,
    );
    // Line 7 holds users[1] (the header's owner is users[0]); the one mapping among them spans three lines.
    const at = (path: string) => violations.find((v) => v.path === path);
    expect(at("/users/1")).toMatchObject({ line: 7, column: 5, message: "`users[1]` must be a mapping" });
    expect(at("/users/1235/extra")).toMatchObject({ line: 1243, column: 5 });
    expect(at("/users/4999")).toMatchObject({ line: 5007, column: 5 });
    expect(at("/users/60000")).toBeUndefined();
    expect(at("/users/0")).toBeUndefined();
  }, 60_000);

  it("a file below the cap gets every error", () => {
    const text = `${HEAD}${"  - a\n".repeat(MAX_SCHEMA_ERRORS - 1)}`;
    const parsed = parseDeclarationFile("below.yaml", encode(text));
    const violations = checkSchema(parsed.data, parsed.positions);
    expect(violations).toHaveLength(MAX_SCHEMA_ERRORS - 1);
    expect(violations.some((v) => v.message.includes("stopped after"))).toBe(false);
  }, 60_000);
});

describe("a file with hundreds of thousands of violations", () => {
  it("answers a bounded list, not a RangeError from spreading them into one call nor gigabytes of errors", async () => {
    const dir = mkdtempSync(join(tmpdir(), "tracker-access-many-"));
    try {
      const file = join(dir, "many.yaml");
      writeFileSync(file, `${HEAD}${"  - a\n".repeat(200_000)}`);
      const { violations } = await loadDeclaration([file]);
      expect(violations).toHaveLength(MAX_SCHEMA_ERRORS + 1);
      expect(violations.at(-1)?.message).toContain("stopped after");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
