/**
 * Refusals on the real Pulumi engine (test/pulumi/real-engine.ts), a stack per test: a declaration error fails
 * `pulumi preview` with `file:line:col: message (rule)` (the path as the stack config wrote it, relative to the
 * project root, although the engine runs the program and the provider in src/pulumi/), and each guard and actor
 * rule refuses `pulumi preview` and `pulumi up` before anything is written.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { readLiveAccount } from "../../src/reconcile/live-account.ts";
import type { SandboxSeed } from "../../src/sandbox/seed.ts";
import { type RunningSandbox, startSandbox } from "../../src/sandbox/server.ts";
import { createTrackerClient } from "../../src/tracker/http-client.ts";
import {
  accountState,
  describeWithPulumi,
  type EngineStack,
  PROJECT_DIR,
  startEngineStack,
  writeDeclaration,
} from "./real-engine.ts";

const NORTHWIND = "examples/sandbox/voluum-team.seed.yaml";
const OWNER = "owner@kestrel.test";
const ADMIN = "admin@kestrel.test";

/** Kestrel's account: the declared three, two extra users (one a pending invitation), an extra workspace. */
const KESTREL: SandboxSeed = {
  account: { id: "kestrel", name: "Kestrel Media", profile: "voluum" },
  workspaces: [{ name: "eu-team" }, { name: "old-team" }],
  users: [
    { email: OWNER, role: "owner", apiKey: "sk-sandbox-kestrel-owner" },
    { email: ADMIN, role: "admin", apiKey: "sk-sandbox-kestrel-admin" },
    { email: "bo@kestrel.test", role: "worker", workspaces: ["eu-team"] },
    { email: "cy@kestrel.test", role: "worker", workspaces: ["old-team"] },
    {
      email: "di@brand.test",
      role: "readonly",
      workspaces: ["eu-team"],
      status: "invited",
      invitationExpiresAt: "2099-01-01T00:00:00Z",
    },
  ],
  elements: [{ kind: "campaign", name: "EU Push", workspace: "eu-team" }],
};
const TEAM = [
  `{ email: ${OWNER}, role: owner }`,
  `{ email: ${ADMIN}, role: admin }`,
  "{ email: bo@kestrel.test, role: worker, workspaces: [eu-team] }",
];

/** A declaration of Kestrel's account with `users` (lines of YAML) and `workspaces`. */
function kestrel(users: string[], workspaces: string[]): string {
  const text = [
    "apiVersion: tracker-access/v1",
    "tracker: voluum",
    "account: kestrel",
    ...(workspaces.length > 0 ? ["workspaces:", ...workspaces.map((w) => `  - name: ${w}`)] : []),
    "users:",
    ...users.map((u) => `  - ${u}`),
    "",
  ].join("\n");
  return writeDeclaration("kestrel.yaml", text);
}

/** The 1-based number of the first line of `file` containing `text`. */
function lineOf(file: string, text: string): number {
  const lines = readFileSync(join(PROJECT_DIR, file), "utf8").split("\n");
  return lines.findIndex((l) => l.includes(text)) + 1;
}

const regexpEscape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

describeWithPulumi("refusals on the real Pulumi engine", () => {
  let sandbox: RunningSandbox;
  let before: unknown;
  const open: EngineStack[] = [];
  /**
   * `pulumi preview` of a new stack (and `pulumi up` with `up`) must fail before anything is written: the refusals
   * are the AccessPolicy's Check, which both run first.
   */
  const refused = async (declaration: string, keyOwner: string, config: Record<string, string> = {}, up = false) => {
    const stack = await startEngineStack(KESTREL, declaration, keyOwner, { sandbox, config });
    open.push(stack);
    const preview = await stack.preview();
    expect(preview.ok, preview.output).toBe(false);
    if (up) {
      const applied = await stack.up();
      expect(applied.ok, applied.output).toBe(false);
      expect(applied.output).toContain("(guard/max-removals)");
    }
    expect(accountState(await stack.live())).toEqual(before);
    expect(stack.transcript().length, "a key-free transcript must not be an empty one").toBeGreaterThan(0);
    expect(stack.transcript()).not.toContain(stack.key);
    return preview.output;
  };
  beforeAll(async () => {
    sandbox = await startSandbox({ seed: KESTREL, log: () => {} });
    const owner = createTrackerClient({ baseUrl: sandbox.url, apiKey: sandbox.apiKeys[OWNER] });
    before = accountState(await readLiveAccount(owner));
  });
  afterAll(async () => {
    for (const stack of open) await stack.close();
    await sandbox?.close();
  });

  it("a declaration error fails preview with file:line:col: message (rule), the path as configured", async () => {
    const file = "test/pulumi/fixtures/invalid-role.yaml";
    const stack = await startEngineStack(NORTHWIND, file, "maria.keller@northwind.test");
    open.push(stack);
    const preview = await stack.preview();
    expect(preview.ok).toBe(false);
    const at = `${regexpEscape(file)}:${lineOf(file, "superuser")}:\\d+: [^\\n]*\\(role/unsupported\\)`;
    expect(preview.output).toMatch(new RegExp(at));
    expect(preview.output).toMatch(new RegExp(`${regexpEscape(file)}:${lineOf(file, "ines.ortega")}:\\d+: `));
    expect(preview.output.length, "a key-free transcript must not be an empty one").toBeGreaterThan(0);
    expect(preview.output).not.toContain(stack.key);
  });

  it("guard/max-removals: more than 25% undeclared users, preview and up refuse naming the override", async () => {
    const declaration = kestrel(TEAM, ["eu-team"]);
    const output = await refused(declaration, OWNER, {}, true);
    expect(output).toContain(`${declaration}:1:1: cannot remove 2 users`);
    expect(output).toContain("(guard/max-removals)");
  });

  it("guard/self-lockout: the declaration leaves out the API key's owner", async () => {
    const declaration = kestrel([TEAM[0], TEAM[2]], ["eu-team"]);
    const output = await refused(declaration, ADMIN, { allowRemovals: "3" });
    expect(output).toContain(`the plan would remove ${ADMIN}, the API key's owner (guard/self-lockout)`);
  });

  it("guard/owner-immutable: the declaration leaves out the owner", async () => {
    const declaration = kestrel([`{ email: ${ADMIN}, role: owner }`, TEAM[2]], ["eu-team"]);
    const output = await refused(declaration, OWNER, { allowRemovals: "3" });
    expect(output).toMatch(
      new RegExp(`the owner ${regexpEscape(OWNER)} is never removed.*\\(guard/owner-immutable\\)`),
    );
  });

  it("actor rules: an admin's key may not make a worker an admin", async () => {
    const declaration = kestrel(
      [
        TEAM[0],
        TEAM[1],
        "{ email: bo@kestrel.test, role: admin }",
        "{ email: cy@kestrel.test, role: worker, workspaces: [old-team] }",
      ],
      ["eu-team", "old-team"],
    );
    const output = await refused(declaration, ADMIN, { allowRemovals: "1" });
    expect(output).toMatch(new RegExp(`${regexpEscape(declaration)}:10:\\d+: [^\\n]*\\(actor/cannot-manage-admins\\)`));
  });
});
