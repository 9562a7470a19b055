/**
 * `tracker-access sandbox [--db FILE] [--seed FILE] [--port N]`: runs the sandbox tracker until SIGINT or
 * SIGTERM. This file is the command's arguments, like every other command's; the sandbox itself runs as its own
 * process (src/sandbox/serve.ts, which prints the URL and the seeded keys), so the product reaches the sandbox
 * only over HTTP and never imports it. Stopping the command stops the sandbox (SIGTERM) and waits for it to close
 * its database.
 */
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { integerOption, parseArguments } from "./arguments.ts";
import { type CommandIo, EXIT, UsageError } from "./command.ts";

/** The help of `sandbox`. */
export const SANDBOX_USAGE = `usage: tracker-access sandbox [--db FILE] [--seed FILE] [--port N] [--rate-limit N]

Runs a sandbox tracker on 127.0.0.1 that implements the Tracker Access API over a SQLite database,
enforcing the permission rules of the account's profile (policies/). --seed (YAML, see
schemas/sandbox-seed.schema.json and examples/sandbox/) fills an empty database; a database that already
holds an account keeps its state. Without --db the state lives in memory. --port defaults to 8787
(0 picks a free port). --rate-limit N answers 429 with Retry-After to requests beyond N per second, as a
tracker enforcing its documented rate would. Prints the URL and the seed's API keys; stops on Ctrl-C (SIGINT)
or SIGTERM.`;

/** The sandbox's start as a program: a path, not an import (the product never imports src/sandbox). */
export const SANDBOX_PROGRAM = fileURLToPath(new URL("../sandbox/serve.ts", import.meta.url));

/** The checked arguments of `sandbox`. */
export interface SandboxArguments {
  db?: string;
  seed?: string;
  port: number;
  rateLimit?: number;
}

/** Parses and checks the arguments of `sandbox`; "help" for --help. Throws UsageError. */
export function parseSandboxArguments(args: string[]): SandboxArguments | "help" {
  const parsed = parseArguments(args, { values: ["db", "seed", "port", "rate-limit"], flags: [], positional: "none" });
  if (parsed === "help") return "help";
  const port = integerOption(parsed, "port") ?? 8787;
  if (port > 65535) throw new UsageError(`--port must be at most 65535, not ${port}`);
  const rateLimit = integerOption(parsed, "rate-limit");
  if (rateLimit === 0) throw new UsageError("--rate-limit must be at least 1 request per second");
  const options: SandboxArguments = { db: parsed.values.db, seed: parsed.values.seed, port, rateLimit };
  if (options.seed !== undefined && !existsSync(options.seed)) throw new UsageError(`no seed file ${options.seed}`);
  if (options.seed === undefined && (options.db === undefined || !existsSync(options.db))) {
    throw new UsageError("give --seed FILE to start a new sandbox (or --db FILE of an existing one)");
  }
  return options;
}

/** Runs `sandbox` until `stop` aborts (default: SIGINT or SIGTERM); returns the exit code. */
export async function runSandboxCommand(args: string[], io: CommandIo, stop?: AbortSignal): Promise<number> {
  // Phase 1: arguments.
  let options: SandboxArguments | "help";
  try {
    options = parseSandboxArguments(args);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    io.stderr.write(`tracker-access sandbox: ${error.message} (see --help)\n`);
    return EXIT.usage;
  }
  if (options === "help") {
    io.stdout.write(`${SANDBOX_USAGE}\n`);
    return EXIT.ok;
  }

  // Phase 2: the sandbox's own process, its output ours, until it exits or we are stopped.
  const programArgs = [
    ...(options.db !== undefined ? ["--db", options.db] : []),
    ...(options.seed !== undefined ? ["--seed", options.seed] : []),
    "--port",
    String(options.port),
    ...(options.rateLimit !== undefined ? ["--rate-limit", String(options.rateLimit)] : []),
    // The child stops when this pipe closes: even a SIGKILLed command leaves no sandbox behind.
    "--stop-with-stdin",
  ];
  const child = spawn(process.execPath, [SANDBOX_PROGRAM, ...programArgs], { stdio: ["pipe", "pipe", "pipe"] });
  child.stdout.setEncoding("utf8").on("data", (text: string) => io.stdout.write(text));
  child.stderr.setEncoding("utf8").on("data", (text: string) => io.stderr.write(text));
  const stopChild = () => {
    if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
  };
  stop?.addEventListener("abort", stopChild);
  if (stop?.aborted) stopChild();
  if (stop === undefined) {
    process.on("SIGINT", stopChild);
    process.on("SIGTERM", stopChild);
  }
  try {
    const [code] = (await new Promise((resolve, reject) => {
      child.on("error", reject);
      // "close", not "exit": every byte of the child's output has been passed on.
      child.on("close", (exitCode, signal) => resolve([exitCode, signal]));
    })) as [number | null, NodeJS.Signals | null];
    return code ?? EXIT.failed;
  } finally {
    stop?.removeEventListener("abort", stopChild);
    process.off("SIGINT", stopChild);
    process.off("SIGTERM", stopChild);
  }
}
