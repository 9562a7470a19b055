/**
 * What the commands that talk to a tracker need beyond two output streams: the environment (for the API URL
 * and key), whether a person sits at a terminal (to ask before applying, to show progress), and a way to ask.
 * `CliIo` extends the dispatcher's `CommandIo`, every extra optional, so main.ts's table takes these commands
 * as they are; `terminalOf()` fills in the process's own values.
 */
import { createInterface } from "node:readline/promises";
import type { CommandIo } from "./command.ts";

/** A command's streams plus the environment and terminal it runs in. */
export interface CliIo extends CommandIo {
  /** Environment variables (default: process.env). */
  env?: NodeJS.ProcessEnv;
  /** Whether someone can answer a question: stdin and stderr (where it is asked) are a terminal (default: from process). */
  isTTY?: boolean;
  /** Whether stderr is a terminal, so a progress line may redraw itself (default: from process). */
  stderrIsTTY?: boolean;
  /** Asks a question and resolves with the answer (default: node:readline on stdin/stderr). */
  prompt?: (question: string) => Promise<string>;
}

/** A CliIo with every field resolved. */
export interface Terminal extends CommandIo {
  env: NodeJS.ProcessEnv;
  isTTY: boolean;
  stderrIsTTY: boolean;
  prompt: (question: string) => Promise<string>;
}

/** Resolves the optional fields of `io` from the running process. */
export function terminalOf(io: CliIo): Terminal {
  return {
    stdout: io.stdout,
    stderr: io.stderr,
    env: io.env ?? process.env,
    isTTY: io.isTTY ?? (process.stdin.isTTY === true && process.stderr.isTTY === true),
    stderrIsTTY: io.stderrIsTTY ?? process.stderr.isTTY === true,
    prompt: io.prompt ?? askOnTerminal,
  };
}

/** Asks on the process's terminal: question on stderr (stdout stays the report), answer from stdin. */
async function askOnTerminal(question: string): Promise<string> {
  const rl = createInterface({ input: process.stdin, output: process.stderr, terminal: true });
  try {
    return await rl.question(question);
  } finally {
    rl.close();
  }
}
