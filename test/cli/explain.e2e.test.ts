/**
 * `explain` and `who-can` end to end: the real CLI in a child process, from the demo declaration alone (no key,
 * no tracker) and with `--live` against a real sandbox seeded from examples/sandbox/voluum-acme.seed.yaml, whose
 * account differs from the declaration (bob is only in eu-team; the sweepstakes offer still sits in
 * legacy-team). Text and JSON; unknown names get the nearest one, exit 1. No output holds the key. On
 * examples/clickflare-agency (selectors, a sandbox from examples/sandbox/clickflare-agency.seed.yaml), an element
 * no entry lists is explained as placed by its selector, at the selector's line, offline and with --live.
 */
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningSandbox, startSandbox } from "../../src/sandbox/server.ts";
import { allOutcomes, apiEnv, ROOT, runCli } from "./run-cli.ts";

const SEED = join(ROOT, "examples/sandbox/voluum-acme.seed.yaml");
const DECLARATION = "examples/demo/acme-team.yaml";
const OFFER = "offer/US Sweepstakes Offer";

let sandbox: RunningSandbox;
let env: Record<string, string>;
let key: string;

beforeAll(async () => {
  sandbox = await startSandbox({ seed: SEED, log: () => {} });
  key = sandbox.apiKeys["owner@acme.test"];
  env = apiEnv(sandbox.url, key);
});

afterAll(async () => {
  await sandbox?.close();
});

describe("explain from the declaration alone", { timeout: 60_000 }, () => {
  it("a chain with the declaration's and the profile's lines and the seed the rule cites", async () => {
    const { code, stdout, stderr } = await runCli([
      "explain",
      DECLARATION,
      "bob@acme.test",
      "--element",
      "campaign/EU Dating Push",
    ]);
    expect(stderr).toBe("");
    expect(code).toBe(0);
    expect(stdout.split("\n")).toEqual([
      'bob@acme.test has create on campaign "EU Dating Push" in eu-team (as declared), because:',
      `  1. bob@acme.test is declared with role worker (${DECLARATION}:23:11)`,
      `  2. worker is Voluum's "Worker" role (policies/voluum.yaml:134:5)`,
      `  3. campaign "EU Dating Push" is placed in eu-team by its \`elements:\` entry (${DECLARATION}:60:16)`,
      `  4. bob@acme.test is a member of eu-team (${DECLARATION}:24:18)`,
      "  5. worker has create on campaigns in an assigned private workspace (policies/voluum.yaml:146:9)",
      expect.stringMatching(
        /^ {5}cites seed 000 \(seeds\/000_428a815de9395028\.txt\), seed 003 \(seeds\/003_8974510d239202cf\.txt\): Same worker table/,
      ),
      "",
    ]);
  });

  it("without a target: the user's whole access; --setting; --format json", async () => {
    const summary = await runCli(["explain", DECLARATION, "client@brand.test"]);
    expect(summary.code).toBe(0);
    expect(summary.stdout).toContain("us-team: not visible");
    expect(summary.stdout).toContain(`hidden from client@brand.test: cost, profit, roi (${DECLARATION}:38:20)`);
    const setting = await runCli(["explain", DECLARATION, "alice@acme.test", "--setting", "payment-details"]);
    expect(setting.stdout).toContain("alice@acme.test has none on settings section payment-details (as declared)");
    const json = await runCli([
      "explain",
      DECLARATION,
      "bob@acme.test",
      "--workspace",
      "apac-team",
      "--format",
      "json",
    ]);
    expect(json.code).toBe(0);
    const document = JSON.parse(json.stdout);
    expect(document).toMatchObject({
      format: "tracker-access/explain/v1",
      basis: "declaration",
      tracker: "voluum",
      target: "workspace",
      answer: { email: "bob@acme.test", workspace: "apac-team", visible: true },
    });
    expect(document.answer.steps[2]).toMatchObject({
      says: "bob@acme.test is a member of apac-team",
      source: { file: DECLARATION, line: 24, path: "/users/2/workspaces/1" },
    });
  });

  it("who-can: every user with at least the level, and why", async () => {
    const { code, stdout } = await runCli(["who-can", DECLARATION, OFFER, "--at-least", "edit"]);
    expect(code).toBe(0);
    expect(stdout.split("\n")[0]).toBe(
      '4 users have at least edit on offer "US Sweepstakes Offer" in us-team (as declared):',
    );
    const users = stdout.split("\n").filter((line) => /^\S+@\S+ \(/.test(line));
    expect(users).toEqual([
      "owner@acme.test (owner): create",
      "alice@acme.test (admin): create",
      "carol@acme.test (worker): create",
      "dan@acme.test (worker): create",
    ]);
  });

  it("an unknown user or element: one line with the nearest name, exit 1 (JSON too)", async () => {
    const user = await runCli(["explain", DECLARATION, "bop@acme.test"]);
    expect(user.code).toBe(1);
    expect(user.stderr).toBe(
      "tracker-access explain: no user bop@acme.test in the declaration; did you mean `bob@acme.test`?\n",
    );
    const element = await runCli(["who-can", DECLARATION, "offer/US Sweepstakes Ofer", "--format", "json"]);
    expect(element.code).toBe(1);
    expect(JSON.parse(element.stdout).error.message).toBe(
      "no element offer/US Sweepstakes Ofer in the declaration; did you mean `offer/US Sweepstakes Offer`?",
    );
    const two = await runCli(["explain", DECLARATION, "bob@acme.test", "--element", OFFER, "--setting", "domain"]);
    expect(two.code).toBe(1);
    expect(two.stderr).toContain("give one of --element, --workspace, --setting, not element and setting");
  });
});

describe("--live: the account as it is", { timeout: 60_000 }, () => {
  it("explain names the live resources the facts were read from", async () => {
    const { code, stdout } = await runCli(["explain", DECLARATION, "bob@acme.test", "--element", OFFER, "--live"], env);
    expect(code).toBe(0);
    expect(stdout).toContain(
      'bob@acme.test has none on offer "US Sweepstakes Offer" in legacy-team (in the live account)',
    );
    expect(stdout).toMatch(/1\. bob@acme\.test is in the account with role worker \(live account \/v1\/users\/[^)]+\)/);
    expect(stdout).toContain("bob@acme.test is not a member of legacy-team (member of eu-team)");
  });

  it("who-can --live differs from the declaration where the account does", async () => {
    const { code, stdout } = await runCli(
      ["who-can", DECLARATION, OFFER, "--at-least", "edit", "--live", "--format", "json"],
      env,
    );
    expect(code).toBe(0);
    const document = JSON.parse(stdout);
    expect(document).toMatchObject({ format: "tracker-access/who-can/v1", basis: "live", atLeast: "edit" });
    expect(document.element).toMatchObject({ kind: "offer", name: "US Sweepstakes Offer", workspace: "legacy-team" });
    expect(document.users.map((u: { email: string }) => u.email)).toEqual([
      "owner@acme.test",
      "alice@acme.test",
      "carol@acme.test",
    ]);
  });

  it("a workspace the account lacks is unknown there; no key is one line, exit 1", async () => {
    const missing = await runCli(["explain", DECLARATION, "bob@acme.test", "--workspace", "apac-team", "--live"], env);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toBe("tracker-access explain: no workspace apac-team in the account\n");
    const noKey = await runCli(["who-can", DECLARATION, OFFER, "--live"], { TRACKER_ACCESS_API_URL: sandbox.url });
    expect(noKey.code).toBe(1);
    expect(noKey.stderr).toContain("no API key");
  });

  it("never prints the key", () => {
    for (const outcome of allOutcomes) expect(`${outcome.stdout}${outcome.stderr}`).not.toContain(key);
  });
});

describe("an element placed by a selector (examples/clickflare-agency)", { timeout: 60_000 }, () => {
  const AGENCY = "examples/clickflare-agency";
  const NUTRA = `${AGENCY}/team-nutra.yaml`;
  const CAMPAIGN = "campaign/Keto DE - TikTok Spark";
  const BY_NAME = `by \`match: {kind: campaign, name: Keto DE - *}\` at ${NUTRA}:26`;
  let agency: RunningSandbox;
  let agencyEnv: Record<string, string>;
  let agencyKey: string;

  beforeAll(async () => {
    agency = await startSandbox({ seed: join(ROOT, "examples/sandbox/clickflare-agency.seed.yaml"), log: () => {} });
    agencyKey = agency.apiKeys["lena.fischer@bluepeak.test"];
    agencyEnv = apiEnv(agency.url, agencyKey);
  });

  afterAll(async () => {
    await agency?.close();
  });

  it("explain --element and who-can from the declaration: the selector and its line", async () => {
    const explained = await runCli(["explain", AGENCY, "diego.santos@bluepeak.test", "--element", CAMPAIGN]);
    expect(explained.code).toBe(0);
    expect(explained.stdout.split("\n").slice(0, 4)).toEqual([
      'diego.santos@bluepeak.test has create on campaign "Keto DE - TikTok Spark" in nutra-team (as declared), because:',
      `  1. diego.santos@bluepeak.test is declared with role worker (${NUTRA}:13:11)`,
      expect.stringMatching(/^ {2}2\. worker is ClickFlare's "Worker" role /),
      `  3. campaign "Keto DE - TikTok Spark" is placed in nutra-team ${BY_NAME} (${NUTRA}:26:12)`,
    ]);
    const who = await runCli(["who-can", AGENCY, CAMPAIGN, "--at-least", "edit"]);
    expect(who.code).toBe(0);
    const lines = who.stdout.split("\n");
    expect(lines[0]).toBe(
      '5 users have at least edit on campaign "Keto DE - TikTok Spark" in nutra-team (as declared):',
    );
    expect(lines.filter((line) => line.includes(BY_NAME))).toHaveLength(5);
  });

  it("--live: the account's elements matched against the selectors, a tag selector too", async () => {
    const explained = await runCli(
      ["explain", AGENCY, "growth@greenleaf-nutrition.test", "--element", "offer/Greenleaf Keto Gummies DE", "--live"],
      agencyEnv,
    );
    expect(explained.code).toBe(0);
    expect(explained.stdout).toContain(
      `3. offer "Greenleaf Keto Gummies DE" is placed in nutra-team by \`match: {kind: offer, tag: brand-greenleaf}\` at ${NUTRA}:29 (${NUTRA}:29:12)`,
    );
    const who = await runCli(["who-can", AGENCY, CAMPAIGN, "--live", "--format", "json"], agencyEnv);
    expect(who.code).toBe(0);
    const document = JSON.parse(who.stdout);
    expect(document).toMatchObject({
      basis: "live",
      element: { name: "Keto DE - TikTok Spark", workspace: "nutra-team" },
    });
    const placing = document.users.map((u: { steps: Array<{ says: string; source: object }> }) => u.steps[2]);
    expect(placing.length).toBeGreaterThan(0);
    for (const step of placing) {
      expect(step).toMatchObject({ says: expect.stringContaining(BY_NAME), source: { file: NUTRA, line: 26 } });
    }
  });

  it("never prints the key", () => {
    for (const outcome of allOutcomes) expect(`${outcome.stdout}${outcome.stderr}`).not.toContain(agencyKey);
  });
});
