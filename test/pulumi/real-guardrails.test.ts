/**
 * `tracker-access:guardrails` on the real Pulumi engine (test/pulumi/real-engine.ts): a broken error guardrail
 * fails `pulumi preview` and `pulumi up` with `guardrail/<id>` at the declaration's entry and the rule's own line,
 * paths as the stack config wrote them (relative to the project root), and nothing is written; a broken warning
 * guardrail is logged and the preview goes on.
 */
import { afterAll, beforeAll, expect, it } from "vitest";
import { accountState, describeWithPulumi, type EngineStack, startEngineStack } from "./real-engine.ts";

const SEED = "examples/sandbox/clickflare-agency.seed.yaml";
const DECLARATION = "examples/clickflare-agency";
const OWNER = "lena.fischer@bluepeak.test";

describeWithPulumi("guardrails on the real Pulumi engine", () => {
  let stack: EngineStack;
  let before: unknown;
  beforeAll(async () => {
    stack = await startEngineStack(SEED, DECLARATION, OWNER, {
      config: { guardrails: "test/pulumi/fixtures/one-admin.guardrails.yaml" },
    });
    before = accountState(await stack.live());
  });
  afterAll(async () => {
    await stack?.close();
  });

  it("a broken error guardrail fails preview and up with its message; nothing is written", async () => {
    const preview = await stack.preview();
    expect(preview.ok, preview.output).toBe(false);
    expect(preview.output).toContain(
      "examples/clickflare-agency/00-account.yaml:16:5: priya.nair@bluepeak.test is user 2 of 2 users with role " +
        "admin; at most 1 allowed (Bluepeak keeps a single admin; rule at " +
        "test/pulumi/fixtures/one-admin.guardrails.yaml:7) (guardrail/one-admin)",
    );
    const up = await stack.up();
    expect(up.ok, up.output).toBe(false);
    expect(up.output).toContain("(guardrail/one-admin)");
    expect(accountState(await stack.live())).toEqual(before);
    expect(stack.transcript()).not.toContain(stack.key);
  });

  it("a broken warning guardrail is logged and the preview goes on", async () => {
    const set = stack.cli([
      "config",
      "set",
      "tracker-access:guardrails",
      "test/pulumi/fixtures/warnings-only.guardrails.yaml",
    ]);
    expect(set.ok, set.output).toBe(true);
    const preview = await stack.preview();
    expect(preview.ok, preview.output).toBe(true);
    expect(preview.output).toContain(
      "examples/clickflare-agency/team-nutra.yaml:18:5: warning: growth@greenleaf-nutrition.test (readonly) has no " +
        "`until`; access must end within 92 days",
    );
    expect(preview.output).toContain("(guardrail/clients-time-bound)");
  });
});
