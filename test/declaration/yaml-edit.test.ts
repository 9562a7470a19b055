/** Edits of a declaration file that change only the edited node's text: every other byte stays as it was. */
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { render, YamlFileEdit } from "../../src/declaration/yaml-edit.ts";

const FILE = `# team
users:
  - { email: a@x.test, role: worker, workspaces: [eu] } # a
  - email: b@x.test   # b
    role: admin
    workspaces:
      - eu
      - us
workspaces: [eu, us] # flow
`;

describe("YamlFileEdit", () => {
  it("replaces a scalar, a flow list and a block list in place, keeping their style and comments", () => {
    const edit = new YamlFileEdit(FILE);
    edit.set(["users", 0], "role", "readonly");
    edit.set(["users", 0], "workspaces", ["us"]);
    edit.set(["users", 1], "workspaces", ["eu", "apac"]);
    expect(edit.result()).toBe(
      FILE.replace("role: worker, workspaces: [eu]", "role: readonly, workspaces: [us]").replace(
        "      - us\n",
        "      - apac\n",
      ),
    );
  });

  it("adds a missing key to a flow map and to a block map; an empty list is not added", () => {
    const edit = new YamlFileEdit(FILE);
    edit.set(["users", 0], "hiddenColumns", ["cost", "roi"]);
    edit.set(["users", 1], "hiddenColumns", ["cost"]);
    edit.set(["users", 1], "nothing", []);
    const after = edit.result();
    expect(after).toContain(
      "  - { email: a@x.test, role: worker, workspaces: [eu], hiddenColumns: [cost, roi] } # a\n",
    );
    expect(after).toContain("      - us\n    hiddenColumns:\n      - cost\n");
    expect(parse(after).users[1].hiddenColumns).toEqual(["cost"]);
  });

  it("removes an entry with its own lines only, and appends in the style of the last entry", () => {
    const edit = new YamlFileEdit(FILE);
    edit.remove("users", 0);
    edit.append("users", { email: "c@x.test", role: "worker", workspaces: ["eu"] });
    edit.append("workspaces", { name: "apac" });
    const after = edit.result();
    expect(after).not.toContain("a@x.test");
    expect(after).toContain("# team\nusers:\n  - email: b@x.test   # b\n");
    expect(after).toContain("      - us\n  - email: c@x.test\n    role: worker\n    workspaces:\n      - eu\n");
    expect(parse(after).workspaces).toEqual(["eu", "us", { name: "apac" }]);
  });

  it("creates a missing list at the end; the last entry of a list leaves []", () => {
    const edit = new YamlFileEdit("tracker: voluum\nelements:\n  - { kind: offer, name: A, workspace: public }\n");
    edit.append("workspaces", { name: "eu" });
    edit.remove("elements", 0);
    expect(parse(edit.result())).toEqual({ tracker: "voluum", elements: [], workspaces: [{ name: "eu" }] });
  });

  it("quotes what YAML would read as something else", () => {
    expect(render(["eu-team", "yes", "12", "a: b", "*", "x, y", " lead", "Summer Offer"])).toBe(
      '[eu-team, "yes", "12", "a: b", "*", "x, y", " lead", Summer Offer]',
    );
    expect(parse(`v: ${render(["yes", "12", "a: b", "*", "x, y"])}`).v).toEqual(["yes", "12", "a: b", "*", "x, y"]);
  });
});
