/**
 * Violation messages stay on one line whatever the user wrote: a multi-line plain scalar, a tab or a
 * bidirectional override inside a value is echoed as an escape, never as the character itself.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { checkDeclaration } from "../../src/policy/check-declaration.ts";
import { singleLine } from "../../src/violations/single-line.ts";

const scratch = mkdtempSync(join(tmpdir(), "tracker-access-single-line-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe("singleLine", () => {
  it("escapes line breaks, tabs, controls and bidirectional overrides", () => {
    expect(singleLine("a\nb\r\nc\td")).toBe("a\\nb\\r\\nc\\td");
    expect(singleLine("x\u0000y\u007fz\u0085")).toBe("x\\u{0000}y\\u{007f}z\\u{0085}");
    expect(singleLine("admin\u202enimda\u2028")).toBe("admin\\u{202e}nimda\\u{2028}");
  });

  it("leaves printable text, accents and emoji alone", () => {
    const text = "équipe `média` 🚀 — ok";
    expect(singleLine(text)).toBe(text);
  });
});

describe("a value spanning lines", () => {
  // Found by the property test: a role written as a plain scalar that continues on the next lines.
  const declaration = [
    "apiVersion: tracker-access/v1",
    "tracker: clicky",
    "account: prop-account",
    "workspaces:",
    "  - name: s",
    "  - name: p",
    "users:",
    "  - email: owner@prop.test",
    "    role: owner",
    "  - email: user1@prop.test",
    "    role: viewonly",
    " ",
    "      - s",
    "      - p",
    "",
  ].join("\n");

  it("is reported on one line with the break escaped, at the value's line", async () => {
    const file = join(scratch, "multi-line-role.yaml");
    writeFileSync(file, declaration);
    const { violations } = await checkDeclaration([file]);
    // a name may not hold a line break (the contract's character rule): refused by the schema, at the value
    const role = violations.find((v) => v.path === "/users/1/role");
    expect(role).toMatchObject({ rule: "schema/invalid", file, line: 11, column: 11 });
    expect(role?.message).toContain("`users[1].role` holds U+000A, a control character, at character 9");
    for (const v of violations) expect(v.message).not.toMatch(/[\n\r]/);
  });
});
