/**
 * The `tracker-access` command line: a table of subcommands, `--help`, `--version`, and the last line of defence that
 * turns an unexpected internal error into one line and exit code 70 (the stack only with
 * TRACKER_ACCESS_DEBUG=1). A user's mistakes never reach this: each command reports them itself.
 */
import { readFileSync } from "node:fs";
import { didYouMean } from "../policy/nearest-name.ts";
import { type Command, type CommandIo, EXIT } from "./command.ts";
import { wantsJson, writeJsonError } from "./json-error.ts";
import type { CliIo } from "./terminal.ts";

/** A subcommand with its one-line description for `--help`. */
export interface CommandEntry {
  run: Command;
  summary: string;
}

/** Every subcommand, by name. Add a command by adding a line here. */
// Each command is loaded when it runs: a process loads only its own command's modules (type-stripping and
// compiling the others cost `validate` a third of a second of start-up).
export const COMMANDS: Record<string, CommandEntry> = {
  validate: {
    run: async (args, io) => (await import("./validate-command.ts")).runValidate(args, io),
    summary: "check declaration files against the tracker's permission rules",
  },
  plan: {
    run: async (args, io) => (await import("./plan-command.ts")).runPlan(args, io),
    summary: "show what apply would change in the tracker account, and why",
  },
  apply: {
    run: async (args, io) => (await import("./apply-command.ts")).runApply(args, io),
    summary: "apply the plan after confirmation; print every operation's result",
  },
  drift: {
    run: async (args, io) => (await import("./drift-command.ts")).runDrift(args, io),
    summary: "report how the account differs from the declaration (exit 2 on drift)",
  },
  dump: {
    run: async (args, io) => (await import("./dump-command.ts")).runDump(args, io),
    summary: "write the live account as a declaration to start from",
  },
  review: {
    run: async (args, io) => (await import("./review-command.ts")).runReview(args, io),
    summary: "effective permissions of every user (markdown, csv, json, html)",
  },
  explain: {
    run: async (args, io) => (await import("./explain-command.ts")).runExplain(args, io),
    summary: "what one user can do and why, each reason with its file and line",
  },
  "who-can": {
    run: async (args, io) => (await import("./who-can-command.ts")).runWhoCan(args, io),
    summary: "every user with access to one element, and why",
  },
  unlock: {
    run: async (args, io) => (await import("./unlock-command.ts")).runUnlock(args, io),
    summary: "show or (--force) release the account's lease that apply holds while writing",
  },
  sandbox: {
    // Its arguments only: the sandbox runs as its own process (src/sandbox/serve.ts), never imported.
    run: async (args, io) => (await import("./sandbox-command.ts")).runSandboxCommand(args, io),
    summary: "run the sandbox tracker on loopback (a real API to try the tool on)",
  },
};

/** The top-level help text. */
export function usage(): string {
  const width = Math.max(...Object.keys(COMMANDS).map((name) => name.length));
  const lines = Object.entries(COMMANDS).map(([name, entry]) => `  ${name.padEnd(width)}  ${entry.summary}`);
  return [
    "usage: tracker-access <command> [arguments]",
    "",
    "Access-as-code for ad trackers: users, roles, workspaces, element assignments and hidden columns.",
    "",
    "commands:",
    ...lines,
    "",
    "Run `tracker-access help <command>` (or `<command> --help`) for a command's arguments; `tracker-access --version`",
    "prints the version.",
  ].join("\n");
}

/** `tracker-access <version>`, the version in package.json: what a CI log records of the tool that ran. */
export function versionLine(): string {
  const manifest = JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as {
    version: string;
  };
  return `tracker-access ${manifest.version}`;
}

/** Runs the command line `args` (without `node` and the script); returns the exit code. */
export async function main(
  args: string[],
  io: CliIo = { stdout: process.stdout, stderr: process.stderr },
): Promise<number> {
  const [name, ...rest] = args;
  // `help plan` is `plan --help`
  if (name === "help" && rest.length > 0) return main([rest[0], "--help"], io);
  if (name === undefined || name === "-h" || name === "--help" || name === "help") {
    if (name === undefined) {
      io.stderr.write(`${usage()}\n`);
      return EXIT.failed;
    }
    io.stdout.write(`${usage()}\n`);
    return EXIT.ok;
  }
  if (name === "--version" || name === "-V" || name === "version") {
    io.stdout.write(`${versionLine()}\n`);
    return EXIT.ok;
  }
  const entry = Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined;
  if (entry === undefined) {
    io.stderr.write(
      `tracker-access: unknown command ${JSON.stringify(name)}${didYouMean(name, Object.keys(COMMANDS))}; ` +
        `commands: ${Object.keys(COMMANDS).join(", ")}\n`,
    );
    // 1, not 2: `tracker-access drfit access/` in a nightly job must not read as drift.
    return EXIT.failed;
  }
  try {
    return await entry.run(rest, io);
  } catch (error) {
    const message = error instanceof Error ? error.message.split("\n")[0] : String(error);
    io.stderr.write(`tracker-access: internal error: ${message}\n`);
    if (wantsJson(rest)) writeJsonError(io.stdout, { message: `internal error: ${message}` });
    if (process.env.TRACKER_ACCESS_DEBUG === "1" && error instanceof Error && error.stack)
      io.stderr.write(`${error.stack}\n`);
    else io.stderr.write("tracker-access: set TRACKER_ACCESS_DEBUG=1 for details\n");
    return EXIT.internal;
  }
}
