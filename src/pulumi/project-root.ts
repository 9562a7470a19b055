/**
 * The Pulumi project's root: the folder holding Pulumi.yaml, found by walking up. Declaration paths in the stack
 * config are relative to it. The engine runs the program and every provider plugin in the folder of Pulumi.yaml's
 * `main` (src/pulumi/ here), never in the root, so nothing in src/pulumi/ may resolve a path against
 * `process.cwd()`.
 */
import { existsSync } from "node:fs";
import { dirname, isAbsolute, join, relative, resolve } from "node:path";

/** The project file's name. */
export const PROJECT_FILE = "Pulumi.yaml";

/** The nearest folder at or above `from` holding Pulumi.yaml (default: this module's folder). */
export function projectRoot(from: string = import.meta.dirname): string {
  for (let dir = resolve(from); ; dir = dirname(dir)) {
    if (existsSync(join(dir, PROJECT_FILE))) return dir;
    if (dirname(dir) === dir) throw new Error(`tracker-access: no ${PROJECT_FILE} at or above ${from}`);
  }
}

/** `paths` resolved against the project root (absolute ones as they are). */
export function inProject(paths: string[], root: string = projectRoot()): string[] {
  return paths.map((p) => (isAbsolute(p) ? p : join(root, p)));
}

/** A file path as the user wrote it in the stack config: relative to the project root when inside it. */
export function asWritten(file: string, root: string = projectRoot()): string {
  if (!isAbsolute(file)) return file;
  const rel = relative(root, file);
  return rel.startsWith("..") || isAbsolute(rel) ? file : rel;
}
