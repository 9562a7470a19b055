/**
 * Property tests of the whole check (`checkDeclaration` on files written to a temporary directory):
 * declarations built to obey a profile pass clean; near-valid and garbage inputs never throw and always give
 * sorted, de-duplicated violations of known rules at real positions.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { afterAll, describe, expect, it } from "vitest";
import { stringify } from "yaml";
import { checkDeclaration } from "../../src/policy/check-declaration.ts";
import type { Profile } from "../../src/policy/profile.ts";
import { listProfiles, loadProfile } from "../../src/policy/profile-loader.ts";
import { RULES } from "../../src/violations/rules.ts";
import { formatViolation, sortViolations, type Violation } from "../../src/violations/violation.ts";
import { runs } from "../property-settings.ts";

const scratch = mkdtempSync(join(tmpdir(), "tracker-access-properties-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));
let runId = 0;

/** Writes each file's content into a fresh directory and checks the directory as one declaration. */
async function checkFiles(contents: Array<string | Uint8Array>) {
  const dir = join(scratch, `run-${runId++}`);
  mkdirSync(dir);
  for (const [i, content] of contents.entries()) writeFileSync(join(dir, `part-${i}.yaml`), content);
  return checkDeclaration([dir]);
}

function expectWellFormed(violations: Violation[], files: string[]): void {
  expect(sortViolations(violations)).toEqual(violations);
  for (const v of violations) {
    expect(Object.hasOwn(RULES, v.rule), v.rule).toBe(true);
    expect(v.severity).toBe(RULES[v.rule as keyof typeof RULES].severity);
    expect(files).toContain(v.file);
    expect(v.line).toBeGreaterThanOrEqual(1);
    expect(v.column).toBeGreaterThanOrEqual(1);
    expect(v.message).not.toContain("\n");
  }
}

// A declaration that obeys its profile by construction.
const profiles = listProfiles().map((t) => loadProfile(t) as Profile);
const validDeclaration = fc.constantFrom(...profiles).chain((profile) => {
  const limit = Math.min(profile.privateWorkspaceLimit ?? 8, 8);
  return fc
    .uniqueArray(fc.stringMatching(/^[a-z][a-z0-9.-]{0,11}$/), { minLength: 1, maxLength: limit })
    .filter((names) => !names.includes("public"))
    .chain((workspaces) => {
      const others = profile.roles.filter((r) => r.name !== profile.ownerRole);
      const user = fc.record({
        role: fc.constantFrom(...others),
        workspaces: fc.subarray(workspaces, { minLength: 1 }),
        all: fc.boolean(),
        hidden: fc.subarray(profile.columns.map((c) => c.name)),
      });
      const kinds = profile.elementKinds;
      const element =
        kinds.length === 0
          ? fc.constant(undefined)
          : fc.record({
              kind: fc.constantFrom(...kinds),
              workspace: fc.constantFrom("public", ...workspaces),
              uses: fc.array(fc.nat(), { maxLength: 3 }),
            });
      return fc.record({
        profile: fc.constant(profile),
        workspaces: fc.constant(workspaces),
        users: fc.array(user, { maxLength: 8 }),
        elements: fc.array(element, { maxLength: 12 }),
      });
    });
});

type ValidInput = typeof validDeclaration extends fc.Arbitrary<infer T> ? T : never;

function renderValid({ profile, workspaces, users, elements }: ValidInput): Record<string, unknown> {
  const declaredUsers: Array<Record<string, unknown>> = [{ email: "owner@prop.test", role: profile.ownerRole }];
  users.forEach((u, i) => {
    const entry: Record<string, unknown> = { email: `user${i}@prop.test`, role: u.role.name };
    if (!u.role.implicitAccess) entry.workspaces = u.all && profile.allWorkspacesGrant ? "*" : u.workspaces;
    if (profile.hiddenColumnRoles.includes(u.role.name) && u.hidden.length > 0) entry.hiddenColumns = u.hidden;
    declaredUsers.push(entry);
  });
  const declaredElements: Array<Record<string, unknown>> = [];
  elements.forEach((e, i) => {
    if (e === undefined) return;
    const workspace = e.workspace === "public" && !e.kind.allowedInPublic ? workspaces[0] : e.workspace;
    // A funnel may use earlier elements in the same workspace or in public.
    const usable = declaredElements.filter((d) => d.workspace === workspace || d.workspace === "public");
    const uses = [...new Set(e.uses.map((n) => usable[n % Math.max(usable.length, 1)]).filter((d) => d !== undefined))];
    const entry: Record<string, unknown> = { kind: e.kind.name, name: `Element ${i}`, workspace };
    if (uses.length > 0) entry.uses = uses.map((d) => ({ kind: d.kind, name: d.name }));
    declaredElements.push(entry);
  });
  return {
    apiVersion: "tracker-access/v1",
    tracker: profile.tracker,
    account: "prop-account",
    workspaces: workspaces.map((name) => ({ name })),
    users: declaredUsers,
    ...(declaredElements.length > 0 ? { elements: declaredElements } : {}),
  };
}

// Near-valid declarations: every field drawn from pools mixing good and bad values.
const pick = <T>(...values: T[]) => fc.constantFrom(...values);
const workspaceName = pick("eu-team", "us-team", "public", "*", "shop.acme.test", "apac");
const elementRef = fc.record(
  { kind: pick("campaign", "offer", "lander", "flow", "banner"), name: pick("A", "B", "C"), id: pick("1", "2") },
  { requiredKeys: ["kind"] },
);
const nearValid = fc.record(
  {
    apiVersion: pick("tracker-access/v1", "tracker-access/v1", "v0"),
    tracker: pick("voluum", "clickflare", "peerclick", "clicky", "redtrack"),
    account: pick("acme", "acme", "other"),
    workspaces: fc.array(fc.record({ name: workspaceName }), { maxLength: 5 }),
    users: fc.array(
      fc.record(
        {
          email: pick("a@x.test", "A@X.test", "b@x.test", "c@y.test", "not-an-email"),
          role: pick("owner", "admin", "worker", "readonly", "user", "viewonly", "manager"),
          workspaces: fc.oneof(pick("*"), fc.uniqueArray(workspaceName, { maxLength: 3 })),
          hiddenColumns: fc.uniqueArray(pick("cost", "revenue", "profit", "roi", "margin"), { maxLength: 3 }),
        },
        { requiredKeys: ["email", "role"] },
      ),
      { maxLength: 6 },
    ),
    elements: fc.array(
      fc.record(
        {
          kind: pick("campaign", "offer", "lander", "flow", "banner", "tag-manager-container"),
          name: pick("A", "B", "C"),
          id: pick("1", "2"),
          workspace: workspaceName,
          uses: fc.array(elementRef, { maxLength: 3 }),
        },
        { requiredKeys: ["kind", "workspace"] },
      ),
      { maxLength: 6 },
    ),
  },
  { requiredKeys: ["apiVersion", "tracker"] },
);

// Garbage: random text, random bytes, random YAML data, valid files with a slice cut out or any characters put in.
const garbage = fc.oneof(
  fc.string({ maxLength: 200 }),
  fc.uint8Array({ maxLength: 200 }),
  fc.anything().map((value) => stringify(value ?? null)),
  fc.tuple(validDeclaration, fc.nat(), fc.nat({ max: 40 })).map(([input, at, length]) => {
    const text = stringify(renderValid(input));
    const start = at % text.length;
    return text.slice(0, start) + text.slice(start + length);
  }),
  fc
    .tuple(validDeclaration, fc.nat(), fc.string({ unit: "binary", minLength: 1, maxLength: 3 }))
    .map(([input, at, inserted]) => {
      const text = stringify(renderValid(input));
      const start = at % text.length;
      return text.slice(0, start) + inserted + text.slice(start);
    }),
);

describe("validation properties", () => {
  it("passes declarations built to obey their profile, on every tracker", async () => {
    await fc.assert(
      fc.asyncProperty(validDeclaration, async (input) => {
        const { violations } = await checkFiles([stringify(renderValid(input))]);
        expect(violations.map(formatViolation)).toEqual([]);
      }),
      { numRuns: runs(150) },
    );
  });

  it("reports near-valid declarations, split over 1-3 files, without throwing", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(nearValid, { minLength: 1, maxLength: 3 }), async (parts) => {
        const { violations, files } = await checkFiles(parts.map((p) => stringify(p)));
        expectWellFormed(violations, files);
      }),
      { numRuns: runs(200) },
    );
  });

  // Characters that split lines differently in an editor and in the parser, or that YAML 1.2 cannot print.
  const hiddenCharacter = fc.constantFrom(
    "\r",
    "\u0085",
    "\u2028",
    "\u2029",
    "\v",
    "\f",
    "\0",
    "\x01",
    "\x1b",
    "\x7f",
    "\x9b",
    "\uFFFE",
  );

  it("never reads a declaration with a hidden character: refused at the character, or a CRLF read as before", async () => {
    await fc.assert(
      fc.asyncProperty(validDeclaration, fc.nat(), hiddenCharacter, async (input, at, character) => {
        const text = stringify(renderValid(input));
        const index = at % (text.length + 1);
        const changed = text.slice(0, index) + character + text.slice(index);
        const { violations, declaration } = await checkFiles([changed]);
        if (character === "\r" && changed[index + 1] === "\n") {
          expect(violations.map(formatViolation)).toEqual([]);
          expect(declaration?.users.length).toBe((renderValid(input).users as unknown[]).length);
          return;
        }
        const before = changed.slice(0, index);
        const line = before.split("\n").length;
        const column = index - before.lastIndexOf("\n");
        expect(declaration).toBeUndefined();
        expect(violations).toEqual([expect.objectContaining({ rule: "yaml/syntax", line, column })]);
      }),
      { numRuns: runs(150) },
    );
  });

  it("reports garbage as violations, never as exceptions", async () => {
    await fc.assert(
      fc.asyncProperty(garbage, async (content) => {
        const { violations, files } = await checkFiles([content]);
        expectWellFormed(violations, files);
      }),
      { numRuns: runs(200) },
    );
  });
});
