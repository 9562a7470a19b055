/**
 * The text renderers of explain and who-can, and the review's change renderers, on hostile names: an e-mail or
 * workspace holding a bidirectional control or a line break is shown escaped, never raw, in every output; a
 * live fact names its API resource.
 */
import { describe, expect, it } from "vitest";
import { renderElementText, renderWhoCanText } from "../../src/cli/render/explain-text.ts";
import { changeLines, changesMarkdown } from "../../src/cli/render/review-changes.ts";
import { changesSection } from "../../src/cli/render/review-changes-html.ts";
import type { ReviewInput } from "../../src/cli/render/review-json.ts";
import type { UserAccessChanges } from "../../src/policy/access-changes.ts";
import type { ElementExplanation } from "../../src/policy/explanation.ts";
import { loadProfile } from "../../src/policy/profile-loader.ts";

const EVIL = "eve\u202e@evil.test\n2. owner";
const WORKSPACE = "<b>eu</b>\u200b";

const explanation: ElementExplanation = {
  email: EVIL,
  role: "worker",
  element: { kind: "offer", name: "Offer\r\nX", workspace: WORKSPACE },
  access: "create",
  steps: [
    { says: `${EVIL} is in the account with role worker`, source: { live: "/v1/users/u-1" } },
    {
      says: "worker has create on offers in an assigned private workspace",
      source: { file: "policies/voluum.yaml", line: 138, column: 9, path: "/roles/2/privateAccess/offer" },
      comment: "seed 001: a reason",
      citations: [{ document: "seeds/001_x.txt", name: "seed 001" }],
    },
  ],
};

describe("explain text", () => {
  it("one line per step, escaped, with live and file sources and the citations", () => {
    const text = renderElementText(explanation, { basis: "live", account: "acme" });
    expect(text).not.toMatch(/[\u202e\u200b\r]/);
    expect(text.split("\n")).toEqual([
      'eve\\u{202e}@evil.test\\n2. owner has create on offer "Offer\\r\\nX" in <b>eu</b>\\u{200b} (in the live account), because:',
      "  1. eve\\u{202e}@evil.test\\n2. owner is in the account with role worker (live account /v1/users/u-1)",
      "  2. worker has create on offers in an assigned private workspace (policies/voluum.yaml:138:9)",
      "     cites seed 001 (seeds/001_x.txt): seed 001: a reason",
      "",
    ]);
    const none = renderWhoCanText({ atLeast: "edit", users: [] }, explanation.element, {
      basis: "declaration",
      account: "a",
    });
    expect(none).toBe('0 users have at least edit on offer "Offer\\r\\nX" in <b>eu</b>\\u{200b} (as declared).\n');
  });
});

describe("review changes", () => {
  const user: UserAccessChanges = {
    email: EVIL,
    status: "changed",
    roleBefore: "readonly",
    roleAfter: "worker",
    gained: [{ scope: "element", workspace: WORKSPACE, item: "offer", before: "use", after: "create" }],
    lost: [{ scope: "hidden-column", item: "cost", before: "shown", after: "hidden" }],
  };
  const changes = { against: "q3.json", previous: { tracker: "voluum", account: "acme" }, users: [user] };

  it("groups a direction's changes by workspace, then settings and columns", () => {
    expect(
      changeLines([
        { scope: "workspace", workspace: "us", item: "visible", before: "none", after: "visible" },
        { scope: "element", workspace: "us", item: "offer", before: "none", after: "create" },
        { scope: "element", workspace: "us", item: "lander", before: "none", after: "create" },
        { scope: "setting", item: "domain", before: "none", after: "view" },
      ]),
    ).toEqual(["us: workspace none → visible; offer, lander none → create", "settings: domain none → view"]);
  });

  it("markdown and HTML escape the names", () => {
    const block = changesMarkdown(changes);
    const markdown = block.kind === "table" ? block.rows.join("\n") : "";
    expect(markdown).toContain("| eve\\\\u{202e}@evil.test\\\\n2. owner | role readonly → worker | |");
    expect(markdown).toContain("&lt;b&gt;eu&lt;/b&gt;");
    const profile = loadProfile("voluum");
    if (profile === undefined) throw new Error("no voluum profile");
    const input: ReviewInput = {
      context: { tracker: "voluum", account: "acme" },
      profile,
      workspaces: [],
      users: [],
      changes,
    };
    const html = changesSection(input);
    expect(html).not.toMatch(/<b>|[\u202e\u200b]/);
    expect(html).toContain('<li class="lost">lost columns: cost shown → hidden</li>');
  });
});
