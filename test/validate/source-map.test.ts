/**
 * Positions of JSON pointers in a parsed file: found on demand from the parser's node ranges, for values,
 * keys, missing paths (the deepest ancestor) and aliases (where the alias is written).
 */
import { describe, expect, it } from "vitest";
import { parseDeclarationFile } from "../../src/declaration/read-file.ts";
import { escapePointer } from "../../src/declaration/source-map.ts";

const text = [
  "apiVersion: tracker-access/v1", // 1
  "tracker: voluum", // 2
  "workspaces:", // 3
  "  - name: eu-team", // 4
  "users:", // 5
  "  - email: bob@acme.test", // 6
  "    role: worker", // 7
  "    workspaces: &teams [eu-team, us-team]", // 8
  "  - { email: eve@acme.test, role: readonly, workspaces: *teams }", // 9
  "  - email: x@acme.test", // 10
  "    role:", // 11
  "",
].join("\n");
const { positions, violations } = parseDeclarationFile("p.yaml", new TextEncoder().encode(text));
/** Line and 1-based column of the first `needle` on `line`. */
const find = (line: number, needle: string) => [line, text.split("\n")[line - 1].indexOf(needle) + 1];
const lineCol = (path: string) => {
  const p = positions.at(path);
  return [p.line, p.column];
};

describe("file positions", () => {
  it("parses the sample cleanly", () => {
    expect(violations).toEqual([]);
  });

  it("finds values in block and flow collections", () => {
    expect(lineCol("")).toEqual([1, 1]);
    expect(lineCol("/tracker")).toEqual([2, 10]);
    expect(lineCol("/workspaces/0")).toEqual([4, 5]);
    expect(lineCol("/users/0/workspaces/1")).toEqual(find(8, "us-team"));
    expect(lineCol("/users/1")).toEqual(find(9, "{"));
    expect(lineCol("/users/1/role")).toEqual(find(9, "readonly"));
  });

  it("stops at an alias: where the user wrote the value", () => {
    expect(lineCol("/users/1/workspaces/0")).toEqual(find(9, "*teams"));
  });

  it("falls back to the deepest node that exists", () => {
    expect(lineCol("/users/0/hiddenColumns/3")).toEqual([6, 5]);
    expect(lineCol("/elements/7")).toEqual([1, 1]);
    // An empty value sits right after its key's colon.
    expect(lineCol("/users/2/role")).toEqual([11, 10]);
  });

  it("finds a key itself, and keeps the pointer it was asked for", () => {
    expect(positions.keyAt("/users/0", "role")).toMatchObject({ line: 7, column: 5, path: "/users/0/role" });
    expect(positions.at("/users/0/role").path).toBe("/users/0/role");
  });

  it("escapes pointer segments per RFC 6901", () => {
    expect(escapePointer("a/b~c")).toBe("a~1b~0c");
  });
});
