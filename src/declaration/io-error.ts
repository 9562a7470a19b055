/**
 * The error for a declaration path that cannot be read at all: missing, unreadable, not a regular file, or a
 * directory the loader refuses. A usage problem (exit 2, one line), not a violation in the files.
 */

/** A path that cannot be read as a declaration; its message is one line naming the path. */
export class DeclarationIoError extends Error {
  /** The path as the user gave it. */
  readonly path: string;

  constructor(path: string, problem: string) {
    super(path === "" ? problem : `${path}: ${problem}`);
    this.name = "DeclarationIoError";
    this.path = path;
  }
}

/** A one-line description of a file-system error, without the stack or the errno noise. */
export function describeIoError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  switch (code) {
    case "ENOENT":
      return "no such file or directory";
    case "EACCES":
    case "EPERM":
      return "permission denied";
    case "EISDIR":
      return "is a directory";
    case "ENOTDIR":
      return "a part of the path is not a directory";
    case "ELOOP":
      return "too many symbolic links";
    default:
      return `cannot read: ${(error as Error).message.split("\n")[0]}`;
  }
}
