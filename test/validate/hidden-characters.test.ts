/**
 * Characters that hide text: a lone CR, NEL, LS, PS, VT, FF, NUL and the other characters YAML 1.2 does not
 * print. Before the reader refused them, a lone CR inside a comment hid the rest of the physical line from the
 * `yaml` parser while editors showed new lines there, so a user declared after it vanished and `plan` removed
 * them (issue 9). Each is now a `yaml/syntax` violation at its own line and column, wherever it is written.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { MAX_REPORTED_HIDDEN } from "../../src/declaration/hidden-characters.ts";
import { parseDeclarationFile } from "../../src/declaration/read-file.ts";
import { checkDeclaration } from "../../src/policy/check-declaration.ts";
import { runMain } from "../cli/in-process.ts";

const scratch = mkdtempSync(join(tmpdir(), "tracker-access-hidden-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const HEAD = "apiVersion: tracker-access/v1\ntracker: voluum\naccount: acme\nworkspaces:\n  - name: eu-team\nusers:\n";
const OWNER = "  - email: owner@acme.test\n    role: owner\n";

/** The issue's example: bob is written after a comment, on the same physical line, behind `separator`. */
function issueExample(separator: string): string {
  const tail = ["  - email: bob@acme.test", "    role: worker", "    workspaces: [eu-team]"].join(separator);
  return `${HEAD}${OWNER}  - email: alice@acme.test\n    role: admin\n  # the EU team${separator}${tail}\n`;
}

// Line 11 of the example holds the comment; `  # the EU team` is 15 characters, so the separator is column 16.
const SEPARATOR_AT = { line: 11, column: 16 };

/** Line and column (1-based, counting LF only) of the first `character` in `text`. */
function placeOf(text: string, character: string) {
  const index = text.indexOf(character);
  const before = text.slice(0, index);
  return { line: before.split("\n").length, column: index - before.lastIndexOf("\n") };
}

const HIDDEN: Array<[string, string]> = [
  ["a lone CR", "\r"],
  ["NEL (U+0085)", "\u0085"],
  ["LS (U+2028)", "\u2028"],
  ["PS (U+2029)", "\u2029"],
  ["VT (U+000B)", "\v"],
  ["FF (U+000C)", "\f"],
  ["NUL", "\0"],
  ["ESC", "\x1b"],
  ["DEL", "\x7f"],
  ["a C1 control (U+009B)", "\u009b"],
  ["the non-character U+FFFE", "\uFFFE"],
];

const read = (text: string) => parseDeclarationFile("hidden.yaml", new TextEncoder().encode(text));

describe("the issue's example: a user written after a comment and a hidden line break", () => {
  it.each(HIDDEN)("is refused at the character, never read without bob (%s)", async (_name, separator) => {
    const file = join(scratch, "team.yaml");
    writeFileSync(file, issueExample(separator));
    const result = await checkDeclaration([file]);
    expect(result.declaration).toBeUndefined();
    expect(result.violations[0]).toMatchObject({ rule: "yaml/syntax", file, ...SEPARATOR_AT });

    const cli = await runMain(["validate", file]);
    expect(cli.code).toBe(1);
    expect(cli.stdout).toContain(`${file}:11:16: `);
    expect(cli.stdout).toContain("(yaml/syntax)");
    expect(cli.stdout).not.toContain(separator);
  });

  it("reads bob when the line breaks are LF or CRLF", async () => {
    for (const separator of ["\n", "\r\n"]) {
      const file = join(scratch, "team.yaml");
      writeFileSync(file, issueExample(separator));
      const result = await checkDeclaration([file]);
      expect(result.violations).toEqual([]);
      expect(result.declaration?.users.map((u) => u.email)).toContain("bob@acme.test");
    }
  });
});

describe("each hidden character, wherever it is written", () => {
  const places: Array<[string, (c: string) => string]> = [
    ["in a comment", (c) => `${HEAD}${OWNER}  # note${c}more\n`],
    ["in a plain value", (c) => `${HEAD}  - email: owner@acme.test${c}x\n    role: owner\n`],
    ["in a quoted value", (c) => `${HEAD}  - email: "owner@acme.test${c}"\n    role: owner\n`],
    ["in a key", (c) => `${HEAD}  - em${c}ail: owner@acme.test\n    role: owner\n`],
    // Before an LF a CR is a CRLF line end, read by everyone alike: the CR case puts it before a space.
    ["at the end of a line", (c) => `${HEAD}${OWNER.replace("owner\n", `owner${c}${c === "\r" ? " " : ""}\n`)}`],
  ];
  for (const [name, character] of HIDDEN) {
    it.each(places)(`refuses ${name} %s at its line and column`, (_place, build) => {
      const text = build(character);
      const parsed = read(text);
      expect(parsed.data).toBeUndefined();
      expect(parsed.violations).toHaveLength(1);
      expect(parsed.violations[0]).toMatchObject({
        rule: "yaml/syntax",
        file: "hidden.yaml",
        ...placeOf(text, character),
      });
      expect(parsed.violations[0].message).not.toContain(character);
    });
  }

  it("names the character and says why", () => {
    expect(read(`${HEAD}  # a\u2028b\n`).violations[0].message).toBe(
      "hidden character U+2028 (line separator, LS): editors show a line break here, YAML 1.2 reads none; remove it, or write it as an escape in double quotes",
    );
    expect(read(`${HEAD}  # a\rb\n`).violations[0].message).toMatch(/^a carriage return \(CR\) without a line feed/);
    expect(read(`${HEAD}  # a\0b\n`).violations[0].message).toMatch(
      /^hidden character U\+0000 \(NUL\): not a printable character in YAML 1\.2/,
    );
  });

  it("accepts tabs, CRLF line ends, a BOM and escapes of the same characters in double quotes", () => {
    const text = `\uFEFF${HEAD}${OWNER}\t# tab\r\n  - email: "a\\u2028\\x85\\0\\r@acme.test"\r\n    role: admin\n`;
    const parsed = read(text);
    expect(parsed.violations).toEqual([]);
  });

  it(`reports the first ${MAX_REPORTED_HIDDEN} one by one and counts the rest`, () => {
    const parsed = read(`${HEAD}${"  # \0\n".repeat(MAX_REPORTED_HIDDEN + 5)}`);
    expect(parsed.violations).toHaveLength(MAX_REPORTED_HIDDEN + 1);
    expect(parsed.violations[MAX_REPORTED_HIDDEN]).toMatchObject({ line: 7 + MAX_REPORTED_HIDDEN, column: 5 });
    expect(parsed.violations[0]).toMatchObject({ line: 7, column: 5 });
    expect(parsed.violations[MAX_REPORTED_HIDDEN].message).toMatch(/^5 more hidden or control characters/);
  });
});
