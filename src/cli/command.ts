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

/**
 * Exit codes shared by every command. The tracker commands (plan, drift, apply, dump, review) follow terraform:
 * 2 is a result ("there are changes", "the account drifted") and nothing else, every error exits 1, so a CI job
 * that gates on 2 never takes a missing key or a mistyped flag for drift. `validate` keeps the linter convention:
 * 1 violations, 2 usage or I/O.
 */
export const EXIT = {
  /** Success; warnings allowed. */
  ok: 0,
  /** Any error of a tracker command (usage, I/O, key, tracker, refused plan); violations for `validate`. */
  failed: 1,
  /** `validate` only: a usage or I/O problem (bad arguments, a file that cannot be read). */
  usage: 2,
  /** plan --detailed-exitcode: there are changes; drift: the account drifted. Never an error. */
  changes: 2,
  /** An internal error (a bug): EX_SOFTWARE. */
  internal: 70,
  /** Cancelled by Ctrl-C (SIGINT) or SIGTERM: 128 + 2, as a shell reports it. */
  interrupted: 130,
} as const;

/** A usage mistake in a command's arguments: reported in one line, exit code 1 (2 for `validate`). */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "UsageError";
  }
}
