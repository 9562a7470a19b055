/**
 * Name globs of element selectors: what matches (case-insensitive, `*` any run, `?` one character, `\` escapes),
 * what is malformed, and the schema's `glob` pattern agreeing with the matcher on which globs are well-formed.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { compileGlob, escapeGlob, globProblem } from "../../src/declaration/glob.ts";

const schema = JSON.parse(readFileSync(join(import.meta.dirname, "../../schemas/access.schema.json"), "utf8"));
const schemaGlob = new RegExp(schema.$defs.glob.pattern, "u");

/** A reference matcher: the glob as a regular expression (fine for short test strings). */
function reference(glob: string, name: string): boolean {
  let source = "";
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i];
    if (c === "\\") source += glob[++i].replace(/[*?\\]/, (x) => `\\${x}`);
    else if (c === "*") source += ".*";
    else if (c === "?") source += ".";
    else source += c.replace(/[.+^${}()|[\]]/g, (x) => `\\${x}`);
  }
  return new RegExp(`^${source}$`, "isu").test(name);
}

describe("element name globs", () => {
  it("match case-insensitively: * any run, ? one character", () => {
    const eu = compileGlob("EU *");
    expect(eu.matches("EU Nutra 1")).toBe(true);
    expect(eu.matches("eu sweeps")).toBe(true);
    expect(eu.matches("EU ")).toBe(true);
    expect(eu.matches("EUR Nutra")).toBe(false);
    expect(eu.matches("The EU Push")).toBe(false);
    expect(compileGlob("EU - ?? - *").matches("EU - DE - Nutra")).toBe(true);
    expect(compileGlob("EU - ?? - *").matches("EU - D - Nutra")).toBe(false);
    expect(compileGlob("*Nutra*").matches("EU - Nutra - Vela")).toBe(true);
    expect(compileGlob("Zoë ?").matches("ZOË 🚀")).toBe(true); // one character, not one UTF-16 unit
    expect(compileGlob("Summer Push").matches("summer push")).toBe(true);
  });

  it("take \\ as an escape of *, ? and \\ only", () => {
    expect(() => compileGlob(String.raw`50\% off`)).toThrow(/escapes `%`/);
    expect(compileGlob(String.raw`50% off \*`).matches("50% OFF *")).toBe(true);
    expect(compileGlob(String.raw`50% off \*`).matches("50% off all")).toBe(false);
  });

  it("name a malformed glob's problem", () => {
    expect(globProblem("")).toBe("is empty");
    expect(globProblem(String.raw`EU \ `.trimEnd())).toMatch(/lone `\\`/);
    expect(globProblem(String.raw`EU \x`)).toMatch(/escapes `x`/);
    expect(globProblem(String.raw`EU \* \? \\ *`)).toBeUndefined();
    expect(compileGlob(String.raw`EU \* \? \\ *`).matches(String.raw`eu * ? \ anything`)).toBe(true);
    expect(compileGlob(String.raw`EU \*`).matches("EU x")).toBe(false);
  });

  it("agree with a regular-expression reference and with the schema's pattern", () => {
    const text = fc.string({ unit: fc.constantFrom("a", "B", "b", "*", "?", "\\", " ", "é"), maxLength: 8 });
    fc.assert(
      fc.property(text, text, (glob, name) => {
        const wellFormed = globProblem(glob) === undefined;
        expect(glob.length > 0 && schemaGlob.test(glob)).toBe(wellFormed);
        if (wellFormed) expect(compileGlob(glob).matches(name)).toBe(reference(glob, name));
      }),
      { numRuns: 2000 },
    );
  });

  it("escape a literal name into a glob matching exactly it", () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom("a", "*", "?", "\\", "x"), minLength: 1 }), (name) => {
        expect(compileGlob(escapeGlob(name)).matches(name)).toBe(true);
        expect(compileGlob(escapeGlob(name)).matches(`${name}x`)).toBe(false);
      }),
    );
  });
});
