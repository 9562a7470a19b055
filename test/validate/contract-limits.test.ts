/**
 * One source for the limits: schemas/tracker-api.yaml (the contract) says how long an e-mail or a workspace name
 * may be and which characters it may hold; schemas/access.schema.json (what editors and `validate` check a
 * declaration against) and schemas/sandbox-seed.schema.json copy those limits, each copy naming its source with
 * `x-api` (the seed schema: the table below). These tests hold every copy equal to its source, so a declaration
 * that validates clean is never refused by the API for a length or a character.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { listProfiles, loadProfile } from "../../src/policy/profile-loader.ts";
import { workspaceNameProblem } from "../../src/policy/workspace-names.ts";
import { hasUnprintable } from "../../src/violations/single-line.ts";

type Schema = Record<string, unknown>;
const schemas = join(import.meta.dirname, "..", "..", "schemas");
const contract = parse(readFileSync(join(schemas, "tracker-api.yaml"), "utf8")) as Schema;
const access = JSON.parse(readFileSync(join(schemas, "access.schema.json"), "utf8")) as Schema;
const seed = JSON.parse(readFileSync(join(schemas, "sandbox-seed.schema.json"), "utf8")) as Schema;

/** The node at a JSON pointer (`#/components/schemas/Email`). */
function at(document: Schema, pointer: string): Schema {
  let node: unknown = document;
  for (const segment of pointer.replace(/^#?\//, "").split("/")) node = (node as Schema)[segment];
  expect(node, pointer).toBeDefined();
  return node as Schema;
}

/** `keyword` of `node`, or of the schema its `$ref` (within `document`) names. */
function effective(document: Schema, node: Schema, keyword: string): unknown {
  if (keyword in node) return node[keyword];
  return typeof node.$ref === "string" ? effective(document, at(document, node.$ref), keyword) : undefined;
}

interface Copy {
  where: string;
  node: Schema;
  source: string;
  copies: string[];
}

/** Every node of `document` that carries an `x-api` annotation. */
function annotatedCopies(document: Schema, where = "#"): Copy[] {
  const found: Copy[] = [];
  for (const [key, value] of Object.entries(document)) {
    if (typeof value !== "object" || value === null) continue;
    const node = value as Schema;
    const api = node["x-api"] as { schema: string; copies: string[] } | undefined;
    if (api !== undefined) found.push({ where: `${where}/${key}`, node, source: api.schema, copies: api.copies });
    found.push(...annotatedCopies(node, `${where}/${key}`));
  }
  return found;
}

const accessCopies = annotatedCopies(access);
const seedCopies: Copy[] = [
  ["#/properties/workspaces/items/properties/name", "#/components/schemas/WorkspaceName"],
  ["#/properties/users/items/properties/email", "#/components/schemas/Email"],
].map(([where, source]) => {
  const node = at(seed, where);
  const copies = ["minLength", "maxLength", "pattern"].filter((k) => k in at(contract, source));
  return { where, node, source, copies };
});

describe("the declaration and seed schemas copy the contract's limits", () => {
  it.each([...accessCopies.map((c) => ["access", c] as const), ...seedCopies.map((c) => ["seed", c] as const)])(
    "%s schema %#",
    (name, copy) => {
      const document = name === "access" ? access : seed;
      const source = at(contract, copy.source);
      for (const keyword of copy.copies) {
        expect(source[keyword], `${copy.source} has no ${keyword}`).toBeDefined();
        expect(effective(document, copy.node, keyword), `${copy.where} ${keyword} (from ${copy.source})`).toEqual(
          source[keyword],
        );
      }
    },
  );

  it("every value a declaration sends to the API carries the contract's limits", () => {
    const copied = (where: string, keyword: string) =>
      accessCopies.some((c) => c.where === where && c.copies.includes(keyword));
    const user = "#/$defs/user/properties";
    expect(copied(`${user}/email`, "maxLength") && copied(`${user}/email`, "pattern")).toBe(true);
    expect(copied("#/$defs/workspace/properties/name", "maxLength")).toBe(true);
    expect(copied("#/$defs/workspace/properties/name", "pattern")).toBe(true);
    expect(copied(`${user}/workspaces/anyOf/1`, "maxItems")).toBe(true);
    expect(copied(`${user}/hiddenColumns`, "maxItems")).toBe(true);
    expect(copied("#/$defs/elementRef/properties/id", "maxLength")).toBe(true);
    // every other name (roles, kinds, columns, element names, workspace references) holds the character rule
    expect(copied("#/$defs/name", "pattern")).toBe(true);
    // a membership is a name, or `{ name, until }` whose name is a #/$defs/name
    expect(copied("#/$defs/membership/anyOf/0", "pattern")).toBe(true);
    // UserInvite and UserUpdate take the same lists
    for (const list of ["workspaces", "hiddenColumns"]) {
      const invite = at(contract, `#/components/schemas/UserInvite/properties/${list}`);
      expect(at(contract, `#/components/schemas/UserUpdate/properties/${list}`).maxItems).toBe(invite.maxItems);
    }
  });

  it("roles, element kinds and columns come from the profiles, and every profile's fit the contract", () => {
    // A declared role, kind or column must be one of the profile's (role/unsupported, element/unsupported-kind,
    // columns/unknown): the profiles, not the declaration schema, hold them to the contract's patterns.
    const role = new RegExp(at(contract, "#/components/schemas/Role").pattern as string, "u");
    const kind = new RegExp(at(contract, "#/components/schemas/ElementKind").pattern as string, "u");
    const maxColumns = at(contract, "#/components/schemas/UserInvite/properties/hiddenColumns").maxItems as number;
    for (const tracker of listProfiles()) {
      const profile = loadProfile(tracker);
      expect(profile, tracker).toBeDefined();
      if (profile === undefined) continue;
      for (const r of profile.roles) expect(r.name, `${tracker} role`).toMatch(role);
      for (const k of profile.elementKinds) expect(k.name, `${tracker} kind`).toMatch(kind);
      expect(profile.columns.length).toBeLessThanOrEqual(maxColumns);
    }
  });
});

describe("one character rule for the contract, the declaration schema and the code", () => {
  const name = new RegExp(at(contract, "#/components/schemas/WorkspaceName").pattern as string, "u");
  const email = new RegExp(at(contract, "#/components/schemas/Email").pattern as string, "u");
  const declaredName = new RegExp(at(access, "#/$defs/name").pattern as string, "u");
  const declaredEmail = new RegExp(at(access, "#/$defs/user/properties/email").pattern as string, "u");

  it("refuses exactly the same code points, every one of U+0000 to U+10FFFF", () => {
    const disagree: string[] = [];
    let refused = 0;
    for (let code = 0; code <= 0x10ffff; code += 1) {
      const char = String.fromCodePoint(code); // U+D800..U+DFFF: a lone surrogate
      const code4 = `U+${code.toString(16).padStart(4, "0")}`;
      const bad = hasUnprintable(char);
      if (bad) refused += 1;
      const verdicts = [
        !name.test(`a${char}b`),
        !declaredName.test(`a${char}b`),
        workspaceNameProblem(`a${char}b`) !== undefined,
      ];
      if (verdicts.some((v) => v !== bad)) disagree.push(`${code4} name`);
      if (/[\s@]/u.test(char)) continue; // an e-mail refuses spaces and a second @ besides
      if (!email.test(`a${char}@acme.test`) !== bad || !declaredEmail.test(`a${char}@acme.test`) !== bad) {
        disagree.push(`${code4} email`);
      }
    }
    expect(disagree).toEqual([]);
    // Cc 65 + Cs 2048 + Zl 1 + Zp 1 + Cf (170 in Unicode 17, Node 24): a sanity check, not a pin on the version
    expect(refused).toBeGreaterThan(2_250);
    expect(refused).toBeLessThan(2_400);
  });

  it.each([
    ["zero-width space", "pub\u200blic"],
    ["word joiner", "\u2060*"],
    ["zero-width joiner", "eu\u200d-team"],
    ["right-to-left override", "eu\u202e-team"],
    ["byte-order mark", "eu\ufeffteam"],
    ["soft hyphen", "eu\u00adteam"],
    ["tag character", "eu\u{e0041}team"],
    ["NUL", "eu\u0000team"],
    ["ESC", "eu\u001b[2Jteam"],
    ["NEL", "eu\u0085team"],
    ["line separator", "eu\u2028team"],
    ["paragraph separator", "eu\u2029team"],
    ["lone surrogate", "eu\ud800team"],
  ])("a %s is refused", (_, text) => {
    expect(name.test(text)).toBe(false);
    expect(declaredName.test(text)).toBe(false);
    expect(workspaceNameProblem(text)).toMatch(/^the name holds U\+[0-9A-F]{4,5}, /);
  });

  it.each(["Équipe Nord 🚀", "営業チーム", "shop.example", "فريق", "אצווה"])("%s is a name", (text) => {
    expect(name.test(text) && declaredName.test(text)).toBe(true);
    expect(workspaceNameProblem(text)).toBeUndefined();
  });
});
