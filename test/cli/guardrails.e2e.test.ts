/**
 * `--guardrails FILE` through the real executable against a sandbox tracker: a broken error guardrail refuses
 * plan and apply (exit 1, the refusal named in the plan and on stderr, nothing written); a broken warning
 * guardrail is printed and the plan goes on (exit 0); drift judges the live account by the same rules; validate
 * fails on an error guardrail. Bluepeak's example account (examples/clickflare-agency, its sandbox seed).
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readLiveAccount } from "../../src/reconcile/live-account.ts";
import { type RunningSandbox, startSandbox } from "../../src/sandbox/server.ts";
import { createTrackerClient } from "../../src/tracker/http-client.ts";
import { apiEnv, ROOT, runCli } from "./run-cli.ts";

const DECLARATION = "examples/clickflare-agency";
const EXAMPLE_GUARDRAILS = "examples/clickflare-agency.guardrails.yaml";
const OWNER = "lena.fischer@bluepeak.test";
const HEADER = ["apiVersion: tracker-access/v1", "kind: Guardrails", "rules:"];

let sandbox: RunningSandbox;
let tmp: string;
let env: Record<string, string>;

/** Writes a guardrails file of `rules` (YAML lines) and returns its path. */
function guardrails(name: string, rules: string[]): string {
  const file = join(tmp, name);
  writeFileSync(file, [...HEADER, ...rules, ""].join("\n"));
  return file;
}

const ONE_ADMIN = ["  - id: one-admin", "    when: { role: admin }", "    require: { atMost: 1 }"];
const TIME_BOUND = [
  "  - id: clients-time-bound",
  "    severity: warning",
  "    when: { role: readonly }",
  "    require: { untilWithinDays: 92 }",
];
const PRIYA = `${DECLARATION}/00-account.yaml:16:5: priya.nair@bluepeak.test is user 2 of 2 users with role admin; at most 1 allowed`;

async function accountState(): Promise<unknown> {
  const client = createTrackerClient({ baseUrl: sandbox.url, apiKey: sandbox.apiKeys[OWNER] });
  const have = await readLiveAccount(client);
  return { users: have.users, workspaces: have.workspaces, elements: have.elements };
}

beforeAll(async () => {
  sandbox = await startSandbox({ seed: join(ROOT, "examples/sandbox/clickflare-agency.seed.yaml"), log: () => {} });
  env = apiEnv(sandbox.url, sandbox.apiKeys[OWNER]);
  tmp = mkdtempSync(join(tmpdir(), "guardrails-e2e-"));
});

afterAll(async () => {
  await sandbox?.close();
  rmSync(tmp, { recursive: true, force: true });
});

describe("plan and apply --guardrails", () => {
  it("an error guardrail refuses the plan: exit 1, named in the plan and on stderr", async () => {
    const file = guardrails("one-admin.yaml", ONE_ADMIN);
    const plan = await runCli(["plan", DECLARATION, "--guardrails", file], env);
    expect(plan.code).toBe(1);
    expect(plan.stdout).toContain("Refused (1): this plan will not be applied");
    expect(plan.stdout).toContain("(guardrail/one-admin)");
    expect(plan.stderr).toContain(`${PRIYA} (rule at ${file}:4) (guardrail/one-admin)`);

    const json = await runCli(["plan", DECLARATION, "--guardrails", file, "--format", "json"], env);
    expect(json.code).toBe(1);
    const document = JSON.parse(json.stdout) as { refused: boolean; refusals: Array<{ rule: string }> };
    expect(document.refused).toBe(true);
    expect(document.refusals.map((r) => r.rule)).toEqual(["guardrail/one-admin"]);
  });

  it("apply refuses it too and writes nothing", async () => {
    const before = await accountState();
    const file = guardrails("one-admin-apply.yaml", ONE_ADMIN);
    const apply = await runCli(["apply", DECLARATION, "--guardrails", file, "--yes"], env);
    expect(apply.code).toBe(1);
    expect(apply.stderr).toContain("(guardrail/one-admin)");
    expect(apply.stderr).toContain("the plan is refused; nothing was applied");
    expect(await accountState()).toEqual(before);
  });

  it("a warning guardrail is printed and the plan goes on: exit 0, the same plan as without it", async () => {
    const file = guardrails("time-bound.yaml", TIME_BOUND);
    const plan = await runCli(["plan", DECLARATION, "--guardrails", file], env);
    expect(plan.code).toBe(0);
    expect(plan.stderr).toContain(
      `${DECLARATION}/team-nutra.yaml:18:5: warning: growth@greenleaf-nutrition.test (readonly) has no \`until\`; access must end within 92 days (rule at ${file}:4) (guardrail/clients-time-bound)`,
    );
    expect(plan.stderr).toContain("partners@shieldvpn.test (readonly) has no `until`");
    expect(plan.stdout).not.toContain("Refused");
    const without = await runCli(["plan", DECLARATION], env);
    expect(plan.stdout).toEqual(without.stdout);
  });

  it("a mistake in the guardrails file is a declaration error at its line: exit 1, nothing sent", async () => {
    const file = guardrails("typo.yaml", [
      "  - id: one-admin",
      "    when: { rol: admin }",
      "    require: { atMost: 1 }",
    ]);
    const plan = await runCli(["plan", DECLARATION, "--guardrails", file], env);
    expect(plan.code).toBe(1);
    expect(plan.stderr).toContain(`${file}:5:13: \`rules[0].when\` has unknown property \`rol\``);
    expect(plan.stderr).toContain("nothing was sent to the tracker");
    const missing = await runCli(["plan", DECLARATION, "--guardrails", join(tmp, "none.yaml")], env);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain("none.yaml: no such file or directory");
  });
});

describe("drift --guardrails", () => {
  it("names the guardrails the live account breaks, after the report; an error one exits 2", async () => {
    const drift = await runCli(["drift", DECLARATION, "--guardrails", EXAMPLE_GUARDRAILS], env);
    expect(drift.code).toBe(2);
    // The seed has ShieldVPN's partner in q3-tests, which the declaration moves to utilities.
    expect(drift.stdout).toContain("Guardrails broken in the account (1):");
    expect(drift.stdout).toContain(
      `${DECLARATION}/team-utilities.yaml:14:5: in the account: partners@shieldvpn.test (readonly) is a member of q3-tests, outside utilities (ShieldVPN's people only in the utilities workspace; rule at ${EXAMPLE_GUARDRAILS}:`,
    );
    const json = await runCli(["drift", DECLARATION, "--guardrails", EXAMPLE_GUARDRAILS, "--format", "json"], env);
    const report = JSON.parse(json.stdout) as { guardrails: Array<{ rule: string; file: string; line: number }> };
    expect(report.guardrails).toEqual([
      expect.objectContaining({
        rule: "guardrail/shieldvpn-in-utilities",
        file: `${DECLARATION}/team-utilities.yaml`,
        line: 14,
      }),
    ]);
  });
});

describe("drift --guardrails --now: untilWithinDays on the account", () => {
  it("a live user's access ends at its declared `until` (the API keeps none), judged at --now", async () => {
    // The example with an end for the Greenleaf client, who is in the seed's account.
    const declaration = join(tmp, "time-bound-agency");
    cpSync(join(ROOT, DECLARATION), declaration, { recursive: true });
    const nutra = join(declaration, "team-nutra.yaml");
    const hidden = "    hiddenColumns: [cost, profit, roi, cpa]\n";
    writeFileSync(nutra, readFileSync(nutra, "utf8").replace(hidden, `${hidden}    until: 2027-01-20\n`));
    const rules = guardrails("client-ends.yaml", [
      "  - id: client-ends",
      "    when: { emailDomain: greenleaf-nutrition.test }",
      "    require: { untilWithinDays: 30 }",
    ]);
    const broken =
      "in the account: growth@greenleaf-nutrition.test (readonly) has access until 2027-01-20, 50 days away";
    const early = await runCli(["drift", declaration, "--guardrails", rules, "--now", "2026-12-01T00:00:00Z"], env);
    expect(early.stdout).toContain(broken);
    const late = await runCli(["drift", declaration, "--guardrails", rules, "--now", "2027-01-01T00:00:00Z"], env);
    expect(late.code).toBe(2); // the account still drifts from the example
    expect(late.stdout).not.toContain("client-ends");
  });
});

describe("validate --guardrails", () => {
  it("exits 1 on a broken error guardrail, 0 on the example's own guardrails", async () => {
    const file = guardrails("one-admin-validate.yaml", ONE_ADMIN);
    const broken = await runCli(["validate", DECLARATION, "--guardrails", file]);
    expect(broken.code).toBe(1);
    expect(broken.stdout).toContain(`${PRIYA} (rule at ${file}:4) (guardrail/one-admin)`);
    const clean = await runCli(["validate", DECLARATION, "--guardrails", EXAMPLE_GUARDRAILS]);
    expect(clean.stdout).toBe("ok: 4 files, no violations\n");
    expect(clean.code).toBe(0);
  });
});
