/**
 * `apply` at a terminal, run in-process with the terminal's parts given (a person's answer, a stderr that is a
 * TTY): it asks before applying and applies only on "yes", and a long run redraws a progress line on stderr.
 * Against a real sandbox over HTTP.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runApply } from "../../src/cli/apply-command.ts";
import type { CliIo } from "../../src/cli/terminal.ts";
import { type RunningSandbox, startSandbox } from "../../src/sandbox/server.ts";

const WORKERS = 25;
let sandbox: RunningSandbox;
let tmp: string;
let declaration: string;

beforeAll(async () => {
  sandbox = await startSandbox({
    seed: {
      account: { id: "acme", name: "Acme Media", profile: "voluum" },
      workspaces: [{ name: "eu-team" }],
      users: [{ email: "owner@acme.test", role: "owner", apiKey: "sk-test-terminal-owner" }],
      elements: [],
    },
  });
  tmp = mkdtempSync(join(tmpdir(), "tracker-access-apply-"));
  declaration = join(tmp, "team.yaml");
  const workers = Array.from(
    { length: WORKERS },
    (_, i) => `  - { email: worker${i}@acme.test, role: worker, workspaces: [eu-team] }`,
  );
  writeFileSync(
    declaration,
    [
      "apiVersion: tracker-access/v1",
      "tracker: voluum",
      "account: acme",
      "workspaces: [{ name: eu-team }]",
      "users:",
      "  - { email: owner@acme.test, role: owner }",
      ...workers,
      "",
    ].join("\n"),
  );
});

afterAll(async () => {
  await sandbox?.close();
  rmSync(tmp, { recursive: true, force: true });
});

/** A terminal whose person answers `answer`, with stderr a TTY. */
function terminal(answer: string, questions: string[]): CliIo & { out: string[]; err: string[] } {
  const out: string[] = [];
  const err: string[] = [];
  return {
    out,
    err,
    stdout: { write: (s: string) => out.push(s) },
    stderr: { write: (s: string) => err.push(s) },
    env: { TRACKER_ACCESS_API_URL: sandbox.url, TRACKER_ACCESS_API_KEY: "sk-test-terminal-owner" },
    isTTY: true,
    stderrIsTTY: true,
    prompt: async (question: string) => {
      questions.push(question);
      return answer;
    },
  };
}

describe("apply at a terminal", { timeout: 60_000 }, () => {
  it("asks, and applies nothing unless the answer is yes", async () => {
    const questions: string[] = [];
    const io = terminal("y", questions);
    expect(await runApply([declaration], io)).toBe(1);
    expect(questions).toEqual([`\nApply ${WORKERS} operations to acme? Only "yes" applies: `]);
    expect(io.err.join("")).toBe("tracker-access apply: not confirmed; nothing was applied\n");
    expect(io.out.join("")).toContain(`Plan: ${WORKERS} to add, 0 to change, 0 to remove.`);
    expect(io.out.join("")).not.toContain("Results");
  });

  it("applies on yes, redrawing a progress line on stderr for a long run", async () => {
    const questions: string[] = [];
    const io = terminal("yes", questions);
    expect(await runApply([declaration], io)).toBe(0);
    expect(questions).toHaveLength(1);
    const progress = io.err.join("");
    expect(progress).toMatch(/^\r\[[#.]{30}\] \d+\/25 operations \(\d+ done, 0 failed, 0 skipped\)/);
    expect(progress.endsWith("\r\x1b[K")).toBe(true);
    expect(io.out.join("")).toContain(`Apply: ${WORKERS} done, 0 failed, 0 skipped`);
  });

  it("does not ask when there is nothing to apply", async () => {
    const questions: string[] = [];
    const io = terminal("yes", questions);
    expect(await runApply([declaration], io)).toBe(0);
    expect(questions).toEqual([]);
    expect(io.out.join("")).toContain("Nothing to apply.");
  });
});
