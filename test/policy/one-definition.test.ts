/**
 * One definition each: the `public` workspace name and the `*` all-workspaces marker (declaration/model.ts), the
 * e-mail key (`emailKey`, the only Unicode normalisation), and a user's canonical access (`canonicalAccess`, the
 * only place hidden columns are sorted into it). The source is scanned for code that spells them again; comments
 * and the API's own id (`PUBLIC_WORKSPACE_ID`, tracker/resources.ts) are not code that interprets a declaration.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";
import { canonicalAccess } from "../../src/declaration/canonical-access.ts";
import { ALL_WORKSPACES, emailKey } from "../../src/declaration/model.ts";

const SRC = join(import.meta.dirname, "..", "..", "src");

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sources(path);
    return entry.name.endsWith(".ts") ? [path] : [];
  });
}

/** `file:line: text` of every code line (comments dropped) matching `pattern`, outside `allowed` files. */
function spelledAgain(pattern: RegExp, allowed: string[]): string[] {
  return sources(SRC).flatMap((file) => {
    const name = relative(SRC, file);
    if (allowed.includes(name)) return [];
    return readFileSync(file, "utf8")
      .split("\n")
      .map((line, i) => ({ code: line.replace(/\/\/.*$/, ""), i }))
      .filter(({ code }) => !/^\s*(\*|\/\*\*)/.test(code) && pattern.test(code))
      .map(({ code, i }) => `${name}:${i + 1}: ${code.trim()}`);
  });
}

describe("one definition each", () => {
  it("of `public` and `*`: no code compares with or types the literals but declaration/model.ts", () => {
    const literal =
      /[=!]==\s*"(\*|public)"|"(\*|public)"\s*[=!]==|\|\s*"\*"|"\*"\s*\||workspace:\s*"public"|=\s*"public";/;
    // frame-positions.ts reads YAML's alias indicator `*`, declaration/glob.ts a glob's wildcard: neither is the marker.
    const allowed = [
      "declaration/model.ts",
      "tracker/resources.ts",
      "declaration/frame-positions.ts",
      "declaration/glob.ts",
    ];
    expect(spelledAgain(literal, allowed)).toEqual([]);
  });

  it("of the e-mail key: emailKey is the only normalisation", () => {
    expect(spelledAgain(/\.normalize\(/, ["declaration/model.ts"])).toEqual([]);
    expect(spelledAgain(/email[\w.]*\.(toLowerCase|toLocaleLowerCase)\(/i, [])).toEqual([]);
    expect(emailKey(" Zoe\u0308@Example.TEST ")).toBe(emailKey("zo\u00eb@example.test"));
  });

  it("of a user's canonical access: only canonicalAccess sorts hidden columns into it", () => {
    expect(spelledAgain(/sortedNames\([^)]*hiddenColumns/, ["declaration/canonical-access.ts"])).toEqual([]);
    expect(canonicalAccess("readonly", ["w2", "w1", "w2"], ["roi", "cost"])).toEqual({
      role: "readonly",
      workspaces: ["w1", "w2"],
      hiddenColumns: ["cost", "roi"],
    });
    expect(canonicalAccess("admin", ALL_WORKSPACES)).toEqual({ role: "admin", workspaces: "*", hiddenColumns: [] });
  });
});
