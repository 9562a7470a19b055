/**
 * The launcher on a Node.js too old to run the TypeScript sources: one line saying what is needed, exit 1 —
 * never `internal error: Unknown file extension ".ts"`. The old version is simulated by a preload that replaces
 * `process.versions` before the launcher runs; the machine's own Node is used too when it is older.
 */
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ROOT } from "./run-cli.ts";

const launcher = join(ROOT, "bin", "tracker-access.js");

function runAs(version: string) {
  const preload = `data:text/javascript,Object.defineProperty(process,"versions",{value:{...process.versions,node:"${version}"}})`;
  return spawnSync(process.execPath, ["--import", preload, launcher, "validate", "examples"], {
    cwd: ROOT,
    encoding: "utf8",
  });
}

describe("the launcher on an old Node.js", () => {
  it.each(["20.20.2", "22.17.0", "18.0.0"])("Node %s: one line naming what is needed, exit 1", (version) => {
    const result = runAs(version);
    expect(result.status).toBe(1);
    expect(result.stdout).toBe("");
    expect(result.stderr.trim().split("\n")).toHaveLength(1);
    expect(result.stderr).toContain(`tracker-access needs Node.js >= 22.18, this is ${version}`);
    expect(result.stderr).not.toContain("internal error");
  });

  it("Node 22.18 and later start the CLI", () => {
    const result = runAs("22.18.0");
    expect(result.stderr).not.toContain("needs Node.js");
    const version = spawnSync(process.execPath, [launcher, "--version"], { cwd: ROOT, encoding: "utf8" });
    expect(version.status).toBe(0);
    expect(version.stdout).toMatch(/^tracker-access \d+\.\d+\.\d+\n$/);
  });

  it("the machine's own node, when it is older than 22.18", () => {
    const system = spawnSync("/usr/bin/node", ["-p", "process.versions.node"], { encoding: "utf8" });
    const version = system.status === 0 ? system.stdout.trim() : "";
    const [major = 0, minor = 0] = version.split(".").map(Number);
    if (version === "" || major > 22 || (major === 22 && minor >= 18)) return; // nothing older here to try
    const result = spawnSync("/usr/bin/node", [launcher, "--version"], { cwd: ROOT, encoding: "utf8" });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain(`this is ${version}`);
  });
});
