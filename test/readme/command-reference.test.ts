/**
 * The README's command reference matches `--help` word for word: every `<!-- help: <command> -->` block is what
 * `tracker-access <command> --help` prints, and every line of the synopsis at the top of "Commands" is that
 * command's usage line(s). Every command in main.ts's table has both, so a new option cannot be documented in
 * one place only. In-process `main()` (the help texts need no child process).
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { COMMANDS, main } from "../../src/cli/main.ts";

const ROOT = join(import.meta.dirname, "..", "..");
const README = readFileSync(join(ROOT, "README.md"), "utf8");

/** What `tracker-access <args>` prints on stdout. */
async function help(args: string[]): Promise<string> {
  let out = "";
  const sink = { write: (text: string) => (out += text) };
  expect(await main(args, { stdout: sink, stderr: sink })).toBe(0);
  return out;
}

/** The words of `text`: any run of whitespace is one separator. */
const words = (text: string) => text.trim().split(/\s+/);

/** The README's help blocks by command (`--help` for the top level). */
function helpBlocks(): Map<string, string> {
  const blocks = new Map<string, string>();
  for (const match of README.matchAll(/<!-- help: (\S+) -->\n```text\n([\s\S]*?)\n```/g))
    blocks.set(match[1], match[2]);
  return blocks;
}

/** The synopsis block's entries by command: a `tracker-access <command>` line and its indented continuation lines. */
function synopsis(): Map<string, string> {
  const start = README.indexOf("## Commands\n\n```\n") + "## Commands\n\n```\n".length;
  const block = README.slice(start, README.indexOf("```", start));
  const entries = new Map<string, string>();
  let current: string | undefined;
  for (const line of block.split("\n")) {
    const command = /^tracker-access ([a-z][a-z-]*)\s/.exec(line)?.[1];
    if (command !== undefined) {
      current = command;
      entries.set(command, line);
    } else if (current !== undefined && /^\s+\S/.test(line)) entries.set(current, `${entries.get(current)} ${line}`);
    else current = undefined;
  }
  return entries;
}

describe("the README's command reference", () => {
  it("has one help block per command, each word for word what --help prints", async () => {
    const blocks = helpBlocks();
    expect([...blocks.keys()].sort()).toEqual(["--help", ...Object.keys(COMMANDS)].sort());
    expect(words(blocks.get("--help") ?? "")).toEqual(words(await help(["--help"])));
    for (const name of Object.keys(COMMANDS)) {
      expect(words(blocks.get(name) ?? ""), name).toEqual(words(await help([name, "--help"])));
    }
  });

  it("the synopsis gives every command's usage line(s) word for word", async () => {
    const entries = synopsis();
    expect([...entries.keys()].sort()).toEqual(Object.keys(COMMANDS).sort());
    for (const name of Object.keys(COMMANDS)) {
      const text = await help([name, "--help"]);
      const usage = text.slice("usage: ".length, text.indexOf("\n\n"));
      expect(words(entries.get(name) ?? ""), name).toEqual(words(usage));
    }
  });
});
