/**
 * The stack's declaration files, read as the CLI reads them but relative to the project root (where Pulumi.yaml
 * is), not to the working directory: the engine runs the program and the provider host in the folder of
 * `main`. Violations name files as the stack config wrote them, `file:line:col: message (rule)`.
 */
import { type CheckResult, checkDeclaration } from "../policy/check-declaration.ts";
import type { GrantClock } from "../policy/check-grants.ts";
import { formatViolation, type Violation } from "../violations/violation.ts";
import { asWritten, inProject } from "./project-root.ts";

/** `checkDeclaration()` of the config's paths, resolved against the project root; grants judged at `clock`. */
export function checkStackDeclaration(paths: string[], clock?: GrantClock): Promise<CheckResult> {
  return checkDeclaration(inProject(paths), clock);
}

/** A violation as one line, its file relative to the project root. */
export function formatStackViolation(v: Violation): string {
  return formatViolation({ ...v, file: asWritten(v.file) });
}
