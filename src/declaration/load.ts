/**
 * Loads a declaration from the paths a user gives: files, or directories whose `*.yaml`/`*.yml` files
 * (sorted, not recursive) form one declaration. Each file is read, parsed once and checked against the
 * schema; the parts are then merged. A user's mistakes in the files come back as violations; a path that
 * cannot be read at all is a usage problem and throws a DeclarationIoError.
 */
import { readdir, readFile, stat } from "node:fs/promises";
import { join, resolve } from "node:path";
import type { Violation } from "../policy/violation.ts";
import { violationAt } from "../policy/violation-at.ts";
import { type FilePart, filePart } from "./file-part.ts";
import { mergeParts } from "./merge.ts";
import type { Declaration } from "./model.ts";
import { MAX_FILE_BYTES, parseDeclarationFile, tooLarge } from "./read-file.ts";
import { checkSchema } from "./schema-check.ts";
import { type FilePositions, type SourceLocator, unparsedPositions } from "./source-map.ts";

/** A path that cannot be read as a declaration: missing, unreadable, or a directory without YAML files. */
export class DeclarationIoError extends Error {
  /** The path as the user gave it. */
  readonly path: string;

  constructor(path: string, problem: string) {
    super(path === "" ? problem : `${path}: ${problem}`);
    this.name = "DeclarationIoError";
    this.path = path;
  }
}

/** The outcome of loading: the declaration when every file parsed and matched the schema, and all violations. */
export interface LoadResult {
  /** Undefined when a file has syntax or schema violations, or the files disagree on the tracker. */
  declaration?: Declaration;
  /** yaml/syntax, schema/invalid and ref/conflict violations, unsorted. */
  violations: Violation[];
  /** Every file read, in order. */
  files: string[];
  /** Positions of JSON pointers in the files read, for violations found later. */
  locate: SourceLocator;
}

/** Reads the declaration in `paths` (files or directories, merged in the order given). */
export async function loadDeclaration(paths: string[]): Promise<LoadResult> {
  if (paths.length === 0) throw new DeclarationIoError("", "no declaration file or directory given");
  const files = await declarationFiles(paths);
  const positionsByFile = new Map<string, FilePositions>();
  const locate: SourceLocator = (file, path) => (positionsByFile.get(file) ?? unparsedPositions(file)).at(path);

  // Phase 1: read, parse and schema-check every file, collecting all their violations.
  const violations: Violation[] = [];
  const parts: FilePart[] = [];
  for (const file of files) {
    const parsed = await readDeclarationFile(file);
    positionsByFile.set(file, parsed.positions);
    violations.push(...parsed.violations);
    if (parsed.violations.length > 0) continue;
    const schemaViolations = checkSchema(parsed.data, parsed.positions);
    violations.push(...schemaViolations);
    if (schemaViolations.length === 0) parts.push(filePart(file, parsed.data, parsed.positions));
  }
  if (parts.length < files.length) return { violations, files, locate };

  // Phase 2: merge the files into one declaration.
  const merged = mergeParts(parts, locate);
  return { declaration: merged.declaration, violations: [...violations, ...merged.violations], files, locate };
}

async function readDeclarationFile(file: string) {
  const size = (await statOrThrow(file)).size;
  if (size > MAX_FILE_BYTES) {
    const positions = unparsedPositions(file);
    return { positions, data: undefined, violations: [violationAt("yaml/syntax", positions.at(""), tooLarge(size))] };
  }
  let bytes: Uint8Array;
  try {
    bytes = await readFile(file);
  } catch (error) {
    throw new DeclarationIoError(file, describeIoError(error));
  }
  return parseDeclarationFile(file, bytes);
}

/** The files named by `paths`: files as given, directories expanded to their YAML files; each file once. */
async function declarationFiles(paths: string[]): Promise<string[]> {
  const files: string[] = [];
  const seen = new Set<string>();
  const add = (file: string) => {
    const key = resolve(file);
    if (!seen.has(key)) files.push(file);
    seen.add(key);
  };
  for (const path of paths) {
    const info = await statOrThrow(path);
    if (!info.isDirectory()) {
      add(path);
      continue;
    }
    let entries: Array<{ name: string; isFile(): boolean; isSymbolicLink(): boolean }>;
    try {
      entries = await readdir(path, { withFileTypes: true });
    } catch (error) {
      throw new DeclarationIoError(path, describeIoError(error));
    }
    const names = entries
      .filter((e) => (e.isFile() || e.isSymbolicLink()) && /\.ya?ml$/i.test(e.name))
      .map((e) => e.name)
      .sort();
    if (names.length === 0) throw new DeclarationIoError(path, "directory holds no .yaml or .yml file");
    for (const name of names) add(join(path, name));
  }
  return files;
}

async function statOrThrow(path: string) {
  try {
    return await stat(path);
  } catch (error) {
    throw new DeclarationIoError(path, describeIoError(error));
  }
}

function describeIoError(error: unknown): string {
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
