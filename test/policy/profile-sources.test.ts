/**
 * The sources of profile rules: the line of a rule in policies/<tracker>.yaml and the comment that gives its
 * reason, with the seed documents it cites, read back from the YAML comments (own line, block above, block
 * above an earlier sibling with nothing in between, block above a parent).
 */
import { describe, expect, it } from "vitest";
import { citationsIn, profileSources, sourcesOf } from "../../src/policy/profile-sources.ts";

const SEEDS = new Map([
  ["001", "seeds/001_aaaa.txt"],
  ["003", "seeds/003_cccc.txt"],
]);

const POLICY = [
  "# header", //                                                    1
  "tracker: demo", //                                               2
  "publicWorkspace: true # seed 001: everyone sees public", //      3
  "roles:", //                                                      4
  "  - name: worker", //                                            5
  "    implicitAccess: false", //                                   6
  "    # seeds 001 and 003: the worker table", //                   7
  "    publicAccess: { offer: use }", //                            8
  "    privateAccess:", //                                          9
  "      offer: create", //                                        10
  "", //                                                           11
  "    settings:", //                                              12
  "      domain: view", //                                         13
  "",
].join("\n");

describe("profile rule sources", () => {
  const sources = sourcesOf("policies/demo.yaml", POLICY, SEEDS);

  it("gives a rule's line and column and its own line's comment", () => {
    expect(sources.rule(["publicWorkspace"])).toEqual({
      file: "policies/demo.yaml",
      line: 3,
      column: 1,
      path: "/publicWorkspace",
      comment: "seed 001: everyone sees public",
      citations: [{ document: "seeds/001_aaaa.txt", name: "seed 001" }],
    });
  });

  it("takes the comment above an earlier sibling when nothing separates them", () => {
    const rule = sources.rule(["roles", 0, "privateAccess", "offer"]);
    expect(rule).toMatchObject({ line: 10, column: 7, path: "/roles/0/privateAccess/offer" });
    expect(rule.comment).toBe("seeds 001 and 003: the worker table");
    expect(rule.citations.map((c) => c.document)).toEqual(["seeds/001_aaaa.txt", "seeds/003_cccc.txt"]);
  });

  it("finds no reason across a blank line", () => {
    expect(sources.rule(["roles", 0, "settings", "domain"])).toMatchObject({ line: 13, comment: "", citations: [] });
  });

  it("stops at the deepest node present", () => {
    expect(sources.rule(["roles", 0, "privateAccess", "campaign"])).toMatchObject({
      line: 9,
      path: "/roles/0/privateAccess",
    });
  });

  it("cites TRACKERS.md and unknown seeds by number, each once, in order", () => {
    expect(citationsIn("TRACKERS.md, then seed 007, seed 001 and TRACKERS.md again", SEEDS)).toEqual([
      { document: "TRACKERS.md", name: "TRACKERS.md" },
      { document: "seeds/007", name: "seed 007" },
      { document: "seeds/001_aaaa.txt", name: "seed 001" },
    ]);
  });

  it("reads the real profiles: Voluum's read-only users cite seed 001", () => {
    const voluum = profileSources("voluum");
    const rule = voluum.rule(["roles", 3, "needsPrivateWorkspace"]);
    expect(rule.file).toBe("policies/voluum.yaml");
    expect(rule.citations).toEqual([{ document: "seeds/001_e6c91eb720687e7c.txt", name: "seed 001" }]);
    // The worker's private table has its reason above the public one (seeds 000 and 003).
    const worker = voluum.rule(["roles", 2, "privateAccess", "campaign"]);
    expect(worker.citations.map((c) => c.name)).toEqual(["seed 000", "seed 003"]);
  });
});
