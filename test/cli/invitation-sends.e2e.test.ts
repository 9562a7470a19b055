/**
 * Invitations that are never accepted, through the CLI against the sandbox: apply invites, then re-sends the
 * expired invitation until it has been sent 3 times (the Voluum profile's `invitationSends`); after that `plan`
 * stops re-sending and `drift` reports "invited 3 times, never accepted" in every format. The sandbox's clock
 * stands 30 days in the past, so every invitation it sends has already expired for the CLI.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningSandbox, startSandbox } from "../../src/sandbox/server.ts";
import { runMain } from "./in-process.ts";

const OWNER_KEY = "sk-owner-invitations-0001";
const PAST = new Date(Date.now() - 30 * 86_400_000);
let sandbox: RunningSandbox;
let tmp: string;
let env: Record<string, string>;

const declaration = (nina: string) => `apiVersion: tracker-access/v1
tracker: voluum
account: acme
workspaces:
  - name: eu-team
users:
  - { email: owner@acme.test, role: owner }
  - { email: nina@brand.test, role: worker, workspaces: [eu-team]${nina} }
`;

beforeAll(async () => {
  sandbox = await startSandbox({
    seed: {
      account: { id: "acme", name: "Acme Media", profile: "voluum" },
      workspaces: [{ name: "eu-team" }],
      users: [{ email: "owner@acme.test", role: "owner", apiKey: OWNER_KEY }],
    },
    now: () => PAST,
  });
  tmp = mkdtempSync(join(tmpdir(), "tracker-access-invitations-"));
  env = { TRACKER_ACCESS_API_URL: sandbox.url, TRACKER_ACCESS_API_KEY: OWNER_KEY };
});

afterAll(async () => {
  await sandbox.close();
  rmSync(tmp, { recursive: true, force: true });
});

async function sent(): Promise<number | undefined> {
  const response = await fetch(`${sandbox.url}/v1/users`, { headers: { "X-Api-Key": OWNER_KEY } });
  const page = (await response.json()) as { items: Array<{ email: string; invitationsSent?: number }> };
  return page.items.find((u) => u.email === "nina@brand.test")?.invitationsSent;
}

describe("an invitation that is never accepted", () => {
  it("is sent 3 times, then no longer re-sent; drift reports it in every format", async () => {
    const file = join(tmp, "access.yaml");
    writeFileSync(file, declaration(""));
    // Phase 1: the invitation, then two re-sends of it (each expired at once).
    for (const expected of [1, 2, 3]) {
      const applied = await runMain(["apply", file, "--yes"], env);
      expect(applied.code, applied.stderr).toBe(0);
      expect(await sent()).toBe(expected);
    }
    // Phase 2: sent 3 times: plan has nothing to do, apply sends nothing more.
    const planned = await runMain(["plan", file, "--detailed-exitcode"], env);
    expect(planned.code, planned.stdout).toBe(0);
    expect((await runMain(["apply", file, "--yes"], env)).code).toBe(0);
    expect(await sent()).toBe(3);
    // Phase 3: drift names it, in every format, and exits 2.
    const text = await runMain(["drift", file], env);
    expect(text.code).toBe(2);
    expect(text.stdout).toContain("user nina@brand.test: invited 3 times, never accepted");
    const markdown = await runMain(["drift", file, "--format", "markdown"], env);
    expect(markdown.code).toBe(2);
    expect(markdown.stdout).toContain("invited 3 times, never accepted");
    const json = await runMain(["drift", file, "--format", "json"], env);
    expect(json.code).toBe(2);
    const report = JSON.parse(json.stdout);
    expect(report.unacceptedInvitations).toEqual([
      { email: "nina@brand.test", sent: 3, expiredAt: expect.any(String) },
    ]);
    expect(report.differences).toContainEqual(
      expect.objectContaining({
        key: "nina@brand.test",
        field: "invitation",
        have: "never accepted",
        sent: 3,
        description: expect.stringContaining("invited 3 times, never accepted"),
      }),
    );
  });

  it("a declared invitationSends lets it be sent more often", async () => {
    const file = join(tmp, "access-more.yaml");
    writeFileSync(file, declaration(", invitationSends: 4"));
    const planned = await runMain(["plan", file, "--format", "json"], env);
    expect(planned.code).toBe(0);
    expect(JSON.parse(planned.stdout).operations.map((op: { type: string }) => op.type)).toEqual(["resend-invitation"]);
    expect((await runMain(["apply", file, "--yes"], env)).code).toBe(0);
    expect(await sent()).toBe(4);
    expect((await runMain(["plan", file, "--detailed-exitcode"], env)).code).toBe(0);
  });
});
