/**
 * End to end: element selectors through the real CLI against a real sandbox tracker over HTTP. The accounts are
 * the golden plans' live states (test/reconcile/fixtures/golden/selectors*), seeded with their tags: a selector
 * placing elements is applied and then re-planned as a no-op; selectors that overlap are refused before
 * anything is written.
 */
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningSandbox, startSandbox } from "../../src/sandbox/server.ts";
import { apiEnv, ROOT, runCli } from "./run-cli.ts";

const GOLDEN = "test/reconcile/fixtures/golden";
const PLACING = `${GOLDEN}/selectors/declaration.yaml`;
const OVERLAPPING = `${GOLDEN}/selectors-refused/declaration.yaml`;

let placing: RunningSandbox;
let overlapping: RunningSandbox;

beforeAll(async () => {
  placing = await startSandbox({ seed: join(ROOT, GOLDEN, "selectors/live.yaml") });
  overlapping = await startSandbox({ seed: join(ROOT, GOLDEN, "selectors-refused/live.yaml") });
});

afterAll(async () => {
  await placing?.close();
  await overlapping?.close();
});

const envOf = (sandbox: RunningSandbox) => apiEnv(sandbox.url, sandbox.apiKeys["owner@bluepeak.test"]);

describe("element selectors against the sandbox", { timeout: 60_000 }, () => {
  it("validate accepts the selectors offline", async () => {
    const validated = await runCli(["validate", PLACING]);
    expect(validated.stderr).toBe("");
    expect(validated.code).toBe(0);
  });

  it("plan names the entry that places each element, and warns of a selector matching nothing", async () => {
    const text = await runCli(["plan", PLACING, "--detailed-exitcode"], envOf(placing));
    expect(text.code).toBe(2);
    expect(text.stdout).toContain(
      `~ workspace: from inbox to eu-team — placed in eu-team by \`match: {kind: campaign, name: EU *}\` at ${PLACING}:14, is in inbox`,
    );
    expect(text.stdout).toContain(`declared in eu-summer in ${PLACING}:20, is in inbox`);
    expect(text.stdout).toContain(
      `by \`match: {kind: offer, tag: brand-vela}\` at ${PLACING}:16: 2 elements in brand-vela`,
    );
    expect(text.stdout).toContain(
      `${PLACING}:23:5: warning: \`match: {kind: lander, name: Retired *}\` matches no element in the account (element/selector-unmatched)`,
    );

    const json = JSON.parse((await runCli(["plan", PLACING, "--format", "json"], envOf(placing))).stdout);
    expect(json.placements[0]).toMatchObject({
      match: "match: {kind: campaign, name: EU *}",
      line: 14,
      workspace: "eu-team",
    });
    expect(json.placements[0].elements.map((e: { name: string }) => e.name).sort()).toEqual([
      "EU Nutra 1",
      "EU Nutra 2",
      "eu sweeps",
    ]);
    expect(json.warnings.map((w: { rule: string }) => w.rule)).toEqual(["element/selector-unmatched"]);

    const markdown = await runCli(["plan", PLACING, "--format", "markdown"], envOf(placing));
    expect(markdown.stdout).toContain("#### Placed by selectors (4)");
  });

  it("apply moves what the selectors place; the re-plan is a no-op", async () => {
    const applied = await runCli(["apply", PLACING, "--yes"], envOf(placing));
    expect(applied.stderr).toBe("");
    expect(applied.code).toBe(0);
    expect(applied.stdout).toContain("done");

    const again = await runCli(["plan", PLACING, "--detailed-exitcode", "-v"], envOf(placing));
    expect(again.code).toBe(0);
    expect(again.stdout).toContain("No changes. The account matches the declaration.");
    expect(again.stderr).toMatch(/\bGET \/v1\/elements/); // -v logs every request
    expect(again.stderr).not.toMatch(/\b(POST|PATCH|PUT|DELETE) /);

    const listed = await fetch(`${placing.url}/v1/elements`, {
      headers: { "x-api-key": placing.apiKeys["owner@bluepeak.test"] },
    });
    const { items } = (await listed.json()) as { items: Array<{ name: string; workspace: string; tags: string[] }> };
    const vela = items.find((e) => e.name === "Vela Offer A");
    expect(vela?.tags).toEqual(["brand-vela"]);
    expect(vela?.workspace).not.toBe("public");
  });

  it("selectors placing one element in two workspaces refuse the plan and the apply, naming both", async () => {
    const planned = await runCli(["plan", OVERLAPPING], envOf(overlapping));
    expect(planned.code).toBe(1);
    expect(planned.stderr).toContain(
      `${OVERLAPPING}:17:5: campaign "EU Nutra 1" (id el-2) is selected by \`match: {kind: campaign, name: EU *}\` at ${OVERLAPPING}:15 into eu-team and by \`match: {name: * Nutra *}\` at ${OVERLAPPING}:17 into nutra`,
    );
    expect(planned.stderr).toContain("(element/single-workspace)");

    const applied = await runCli(["apply", OVERLAPPING, "--yes"], envOf(overlapping));
    expect(applied.code).toBe(1);
    const after = await runCli(["plan", OVERLAPPING, "--format", "json"], envOf(overlapping));
    expect(JSON.parse(after.stdout).operations.length).toBeGreaterThan(0); // nothing was applied
  });
});
