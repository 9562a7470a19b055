/**
 * The shape of a CLI subcommand: arguments in, text out, an exit code back. Commands never touch
 * `process` directly, so tests run them in-process with string sinks.
 */

/** Where a command writes: `process.stdout`/`process.stderr`, or a test's collector. */
export interface TextSink {
  write(text: string): unknown;
}

/** A command's output streams. */
export interface CommandIo {
  stdout: TextSink;
  stderr: TextSink;
}

/** A subcommand: runs with its own arguments (after the subcommand name) and returns the exit code. */
export type Command = (args: string[], io: CommandIo) => Promise<number>;

/** Exit codes shared by every command. */
export const EXIT = {
  /** Success; warnings allowed. */
  ok: 0,
  /** The input has errors (violations, a failed plan). */
  failed: 1,
  /** Usage or I/O problem: bad arguments, a file that cannot be read. */
  usage: 2,
  /** An internal error (a bug): EX_SOFTWARE. */
  internal: 70,
} as const;

/** A usage mistake in a command's arguments: reported in one line, exit code 2. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "UsageError";
  }
}
