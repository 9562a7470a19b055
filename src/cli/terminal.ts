/**
 * What the commands that talk to a tracker need beyond two output streams: the environment (for the API URL
 * and key), whether a person sits at a terminal (to ask before applying, to show progress), and a way to ask.
 * `CliIo` extends the dispatcher's `CommandIo`, every extra optional, so main.ts's table takes these commands
 * as they are; `terminalOf()` fills in the process's own values.
 */
import { createInterface } from "node:readline";
import type { CommandIo } from "./command.ts";

/** An interruption: Ctrl-C on a terminal (SIGINT) or a CI runner cancelling the job (SIGTERM). */
export type Interrupt = "SIGINT" | "SIGTERM";

/** A question not answered: Ctrl-C (`interrupt`) or the end of input, Ctrl-D (`eof`). */
export class PromptCancelled extends Error {
  readonly reason: "interrupt" | "eof";

  constructor(reason: "interrupt" | "eof") {
    super(reason === "interrupt" ? "cancelled by Ctrl-C" : "end of input");
    this.name = "PromptCancelled";
    this.reason = reason;
  }
}

/** A command's streams plus the environment and terminal it runs in. */
export interface CliIo extends CommandIo {
  /** Environment variables (default: process.env). */
  env?: NodeJS.ProcessEnv;
  /** Whether someone can answer a question: stdin and stderr (where it is asked) are a terminal (default: from process). */
  isTTY?: boolean;
  /** Whether stderr is a terminal, so a progress line may redraw itself (default: from process). */
  stderrIsTTY?: boolean;
  /** Whether stdout is a terminal, so reports may be coloured (default: from process). */
  stdoutIsTTY?: boolean;
  /** Asks a question and resolves with the answer; rejects with PromptCancelled (default: node:readline on stdin/stderr). */
  prompt?: (question: string) => Promise<string>;
  /** Calls `handler` on every SIGINT and SIGTERM until the returned function is called (default: the process's). */
  onInterrupt?: (handler: (signal: Interrupt) => void) => () => void;
  /** Ends the process at once with `code` (default: process.exit). */
  exitNow?: (code: number) => void;
}

/** A CliIo with every field resolved. */
export interface Terminal extends CommandIo {
  env: NodeJS.ProcessEnv;
  isTTY: boolean;
  stderrIsTTY: boolean;
  stdoutIsTTY: boolean;
  prompt: (question: string) => Promise<string>;
  onInterrupt: (handler: (signal: Interrupt) => void) => () => void;
  exitNow: (code: number) => void;
}

/** Resolves the optional fields of `io` from the running process. */
export function terminalOf(io: CliIo): Terminal {
  return {
    stdout: io.stdout,
    stderr: io.stderr,
    env: io.env ?? process.env,
    isTTY: io.isTTY ?? (process.stdin.isTTY === true && process.stderr.isTTY === true),
    stderrIsTTY: io.stderrIsTTY ?? process.stderr.isTTY === true,
    stdoutIsTTY: io.stdoutIsTTY ?? process.stdout.isTTY === true,
    prompt: io.prompt ?? askOnTerminal,
    onInterrupt: io.onInterrupt ?? onProcessInterrupt,
    exitNow: io.exitNow ?? ((code) => process.exit(code)),
  };
}

/**
 * Asks on the process's terminal: question on stderr (stdout stays the report), answer from stdin. Ctrl-C
 * rejects with PromptCancelled("interrupt"), Ctrl-D or a closed stdin with PromptCancelled("eof").
 */
function askOnTerminal(question: string): Promise<string> {
  const rl = createInterface({ input: process.stdin, output: process.stderr, terminal: true });
  return new Promise((resolve, reject) => {
    let settled = false;
    const settle = (outcome: () => void) => {
      if (settled) return;
      settled = true;
      rl.close();
      outcome();
    };
    rl.on("SIGINT", () => settle(() => reject(new PromptCancelled("interrupt"))));
    rl.on("close", () => settle(() => reject(new PromptCancelled("eof"))));
    rl.question(question, (answer) => settle(() => resolve(answer)));
  });
}

/** Listens for the process's SIGINT and SIGTERM (which then no longer end it by default) until unsubscribed. */
function onProcessInterrupt(handler: (signal: Interrupt) => void): () => void {
  const onSigint = () => handler("SIGINT");
  const onSigterm = () => handler("SIGTERM");
  process.on("SIGINT", onSigint);
  process.on("SIGTERM", onSigterm);
  return () => {
    process.off("SIGINT", onSigint);
    process.off("SIGTERM", onSigterm);
  };
}
