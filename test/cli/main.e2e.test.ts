/**
 * The top level of the real executable: `--help` lists every command, `--version` prints package.json's version,
 * and an unknown command is one line and exit 1 (2 would read as drift or changes in a CI job).
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { COMMANDS } from "../../src/cli/main.ts";
import { ROOT, runCli } from "./run-cli.ts";

describe("tracker-access at the top level", () => {
  it("--version and -V print the version from package.json, exit 0", async () => {
    const { version } = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as { version: string };
    for (const flag of ["--version", "-V", "version"]) {
      expect(await runCli([flag])).toEqual({ code: 0, stdout: `tracker-access ${version}\n`, stderr: "" });
    }
  });

  it("--help lists every command on stdout, exit 0", async () => {
    const { code, stdout } = await runCli(["--help"]);
    expect(code).toBe(0);
    for (const name of Object.keys(COMMANDS)) expect(stdout).toMatch(new RegExp(`^  ${name} +\\S`, "m"));
    expect(stdout).toContain("tracker-access --version");
  });

  it("an unknown command is one line on stderr naming the commands, exit 1", async () => {
    const { code, stdout, stderr } = await runCli(["deploy"]);
    expect({ code, stdout }).toEqual({ code: 1, stdout: "" });
    expect(stderr.trimEnd().split("\n")).toEqual([
      `tracker-access: unknown command "deploy"; commands: ${Object.keys(COMMANDS).join(", ")}`,
    ]);
  });
});
