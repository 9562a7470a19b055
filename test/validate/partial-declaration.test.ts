/**
 * All violations of a run, not the first one: syntax and schema errors do not hide the rule violations of
 * the rest of the declaration, and what they leave out causes no follow-on noise (a missing owner, unknown
 * workspaces or elements that the skipped entries may have declared). A partial declaration is never
 * returned for applying.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { checkDeclaration } from "../../src/policy/check-declaration.ts";

const scratch = mkdtempSync(join(tmpdir(), "tracker-access-partial-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const HEADER = "apiVersion: tracker-access/v1\ntracker: voluum\n";
let count = 0;

async function check(files: Record<string, string>) {
  const dir = join(scratch, `d${count++}`);
  mkdirSync(dir);
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  const result = await checkDeclaration([dir]);
  return { ...result, rules: result.violations.map((v) => v.rule) };
}

describe("partial declarations", () => {
  it("a file with a syntax error hides nothing in the other files, and adds no owner or account noise", async () => {
    const result = await check({
      "a.yaml": `${HEADER}account: acme\nworkspaces: [{ name: eu-team }]\nusers: [ { email: x@acme.test, role: [`,
      "b.yaml": `${HEADER}users:\n  - { email: bob@acme.test, role: worker, workspaces: [eu-team] }\n  - { email: ann@acme.test, role: superuser }\n`,
    });
    expect([...new Set(result.rules)]).toEqual(["yaml/syntax", "role/unsupported"]);
    expect(result.declaration).toBeUndefined();
  });

  it("a skipped user entry may be the owner: no owner/exactly-one; a present second owner is still reported", async () => {
    const skippedOwner = await check({
      "a.yaml": `${HEADER}account: acme\nusers:\n  - { email: owner@acme.test, role: owner, shoe: 42 }\n  - { email: ann@acme.test, role: superuser }\n`,
    });
    expect(skippedOwner.rules).toEqual(["schema/invalid", "role/unsupported"]);
    expect(skippedOwner.declaration).toBeUndefined();

    const twoOwners = await check({
      "a.yaml": `${HEADER}account: acme\nusers:\n  - { email: bad, role: owner }\n  - { email: o1@acme.test, role: owner }\n  - { email: o2@acme.test, role: owner }\n`,
    });
    expect(twoOwners.rules).toEqual(["schema/invalid", "owner/exactly-one"]);
  });

  it("a misspelt top-level list keeps the file's other entries but reports nothing they may have supplied", async () => {
    const result = await check({
      "a.yaml": `${HEADER}account: acme\nworkspace: [{ name: eu-team }]\nusers:\n  - { email: owner@acme.test, role: owner }\n  - { email: bob@acme.test, role: worker, workspaces: [eu-team] }\n  - { email: BOB@acme.test, role: worker, workspaces: [eu-team] }\n`,
    });
    expect(result.rules).toEqual(["schema/invalid", "ref/duplicate"]);
  });

  it("a file whose header is invalid contributes nothing; the other files are still checked", async () => {
    const result = await check({
      "a.yaml": `apiVersion: tracker-access/v2\ntracker: voluum\nusers: [{ email: owner@acme.test, role: owner }]\n`,
      "b.yaml": `${HEADER}account: acme\nusers: [{ email: ann@acme.test, role: superuser }]\n`,
    });
    expect(result.rules).toEqual(["schema/invalid", "role/unsupported"]);
  });

  it("references to a skipped workspace or element are not unknown; to anything else they are", async () => {
    const result = await check({
      "a.yaml": `${HEADER}account: acme
workspaces:
  - { name: eu-team, colour: blue }
users:
  - { email: owner@acme.test, role: owner }
  - { email: bob@acme.test, role: worker, workspaces: [eu-team, us-team] }
elements:
  - { kind: offer, name: Summer, workspace: public, colour: blue }
  - { kind: campaign, name: Push, workspace: eu-team, uses: [{ kind: offer, name: Summer }, { kind: offer, name: Winter }] }
`,
    });
    expect(result.violations.map((v) => [v.rule, v.path])).toEqual([
      ["schema/invalid", "/workspaces/0/colour"],
      ["ref/unknown-workspace", "/users/1/workspaces/1"],
      ["schema/invalid", "/elements/0/colour"],
      ["ref/unknown-element", "/elements/1/uses/1"],
    ]);
  });

  it("a declaration read in full is returned as before", async () => {
    const result = await check({
      "a.yaml": `${HEADER}account: acme\nusers: [{ email: owner@acme.test, role: owner }]\n`,
    });
    expect(result.violations).toEqual([]);
    expect(result.declaration?.users).toHaveLength(1);
  });
});
