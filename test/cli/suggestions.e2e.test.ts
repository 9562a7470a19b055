/**
 * Help and suggestions: `help <command>` prints that command's help; an unknown command or option names the
 * nearest one; a role, workspace or column typo in a declaration says "did you mean `worker`?" where one name is
 * close (and nothing where none is). In-process `main()`; no tracker is needed.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { COMMANDS } from "../../src/cli/main.ts";
import { editDistance, nearestName } from "../../src/policy/nearest-name.ts";
import { runMain } from "./in-process.ts";

let tmp: string;
beforeAll(() => {
  tmp = mkdtempSync(join(tmpdir(), "suggestions-"));
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe("help and suggestions", () => {
  it("help <command> prints exactly what <command> --help prints, for every command", async () => {
    for (const name of Object.keys(COMMANDS)) {
      const viaHelp = await runMain(["help", name]);
      expect(viaHelp).toEqual(await runMain([name, "--help"]));
      expect(viaHelp.code).toBe(0);
      expect(viaHelp.stdout).toContain(`usage: tracker-access ${name}`);
    }
  });

  it("an unknown command or option suggests the nearest one; a far one suggests nothing", async () => {
    expect((await runMain(["drfit", "access/"])).stderr).toMatch(
      /^tracker-access: unknown command "drfit"; did you mean `drift`\?; commands: /,
    );
    expect((await runMain(["help", "plna"])).stderr).toContain("did you mean `plan`?");
    expect((await runMain(["deploy"])).stderr).not.toContain("did you mean");
    const option = await runMain(["plan", "x.yaml", "--fromat", "json"]);
    expect(option).toMatchObject({ code: 1, stdout: "" });
    expect(option.stderr).toBe("tracker-access plan: unknown option --fromat; did you mean --format? (see --help)\n");
    expect((await runMain(["apply", "x.yaml", "--yse"])).stderr).toContain("did you mean --yes?");
    expect((await runMain(["validate", "x.yaml", "--formt=json"])).stderr).toContain("did you mean --format?");
    expect((await runMain(["plan", "x.yaml", "--zzzzzz"])).stderr).not.toContain("did you mean");
  });

  it("a role, workspace or column typo in a violation says did you mean, where one name is close", async () => {
    const file = join(tmp, "typos.yaml");
    writeFileSync(
      file,
      [
        "apiVersion: tracker-access/v1",
        "tracker: voluum",
        "account: Acme",
        "workspaces: [{ name: eu-team }, { name: us-team }]",
        "users:",
        "  - { email: owner@acme.test, role: owner }",
        "  - { email: a@acme.test, role: wroker, workspaces: [eu-team] }",
        "  - { email: b@acme.test, role: worker, workspaces: [eu-taem] }",
        "  - { email: c@acme.test, role: readonly, workspaces: [eu-team], hiddenColumns: [cots, zzzzzzzz] }",
        "  - { email: d@acme.test, role: worker, workspaces: [asia] }",
        "",
      ].join("\n"),
    );
    const { code, stdout } = await runMain(["validate", file]);
    expect(code).toBe(1);
    expect(stdout).toMatch(
      /:7:\d+: Voluum has no role `wroker`; did you mean `worker`\?; roles: .* \(role\/unsupported\)/,
    );
    expect(stdout).toMatch(
      /:8:\d+: .*`eu-taem` is not declared under `workspaces:`; did you mean `eu-team`\? \(ref\/unknown-workspace\)/,
    );
    expect(stdout).toMatch(/:9:\d+: column `cots` is not a Voluum column; did you mean `cost`\?; columns: /);
    expect(stdout).toMatch(/column `zzzzzzzz` is not a Voluum column; columns: /);
    expect(stdout).toMatch(/`asia` is not declared under `workspaces:` \(ref\/unknown-workspace\)/);
  });

  it("one edit-distance helper: swaps cost 1, ties and far names suggest nothing", () => {
    expect(editDistance("wroker", "worker")).toBe(1);
    expect(editDistance("kitten", "sitting")).toBe(3);
    expect(nearestName("eu-tem", ["eu-team", "us-team"])).toBe("eu-team");
    expect(nearestName("xx-team", ["eu-team", "us-team"])).toBeUndefined();
    expect(nearestName("us-team", ["eu-team"])).toBeUndefined();
    expect(nearestName("worker", ["worker", "workers"])).toBeUndefined();
  });
});
