/**
 * Element selectors through the real Pulumi engine (test/pulumi/real-engine.ts): the stack's declaration places
 * campaigns and offers with `match:` entries (the golden selectors account, test/reconcile/fixtures/golden/
 * selectors); preview names each element a selector moves, `pulumi up` moves them, the next preview has no
 * changes, and a selector-placed element moved out of band is drift that refresh and up take back.
 */
import { afterAll, beforeAll, expect, it } from "vitest";
import { describeWithPulumi, type EngineStack, startEngineStack } from "./real-engine.ts";

const GOLDEN = "test/reconcile/fixtures/golden/selectors";
const OWNER = "owner@bluepeak.test";

describeWithPulumi("element selectors on the real Pulumi engine", () => {
  let stack: EngineStack;
  const workspaceOf = async (name: string) => {
    const have = await stack.live();
    const element = have.elements.find((e) => e.name === name);
    return have.workspaces.find((w) => w.id === element?.workspace)?.name ?? element?.workspace;
  };

  beforeAll(async () => {
    stack = await startEngineStack(`${GOLDEN}/live.yaml`, `${GOLDEN}/declaration.yaml`, OWNER);
  });
  afterAll(() => stack?.close());

  it("pulumi preview --diff shows the elements the selectors place; pulumi up moves them", async () => {
    const preview = await stack.preview({ diff: true });
    expect(preview.ok, preview.output).toBe(true);
    expect(preview.output).toMatch(/campaign#el-\d+"?\s*:\s*"eu-team"/);
    expect(preview.output).toMatch(/offer#el-\d+"?\s*:\s*"brand-vela"/);
    expect(await workspaceOf("EU Nutra 1")).toBe("inbox");

    const up = await stack.up();
    expect(up.ok, up.output).toBe(true);
    expect(await workspaceOf("EU Nutra 1")).toBe("eu-team");
    expect(await workspaceOf("eu sweeps")).toBe("eu-team");
    expect(await workspaceOf("Vela Offer A")).toBe("brand-vela");
    expect(await workspaceOf("EU Summer Push")).toBe("eu-summer"); // the explicit entry wins over `EU *`
    expect(await workspaceOf("US Nutra 1")).toBe("inbox"); // no selector matches it: left where it is

    const again = await stack.preview({ expectNoChanges: true });
    expect(again.ok, again.output).toBe(true);
  });

  it("a selector-placed element moved out of band is drift: refresh sees it, up moves it back", async () => {
    const have = await stack.live();
    const element = have.elements.find((e) => e.name === "eu sweeps");
    const inbox = have.workspaces.find((w) => w.name === "inbox");
    await stack.client().moveElement(element!.id, inbox!.id, element!.etag);
    expect(await workspaceOf("eu sweeps")).toBe("inbox");

    const refreshed = await stack.preview({ refresh: true, diff: true });
    expect(refreshed.ok, refreshed.output).toBe(true);
    expect(refreshed.output).toContain(`campaign#${element!.id}`);
    const up = await stack.up({ refresh: true });
    expect(up.ok, up.output).toBe(true);
    expect(await workspaceOf("eu sweeps")).toBe("eu-team");
  });
});
