/**
 * Loads a declaration from the paths a user gives: files, or directories whose `*.yaml`/`*.yml` files
 * (sorted, not recursive; declaration-files.ts) form one declaration. Each file is read, parsed once and
 * checked against the schema; the parts are then merged. A user's mistakes in the files come back as
 * violations, all of them: a file with a syntax error contributes nothing and an entry that breaks the schema
 * is skipped, but the rest is still merged so that its rules can be checked (omissions.ts). A path that
 * cannot be read at all is a usage problem and throws a DeclarationIoError.
 */
import { readFile } from "node:fs/promises";
import type { Violation } from "../violations/violation.ts";
import { violationAt } from "../violations/violation-at.ts";
import { declarationFiles, regularFileStat } from "./declaration-files.ts";
import { type FilePart, filePart } from "./file-part.ts";
import { DeclarationIoError, describeIoError } from "./io-error.ts";
import { mergeParts } from "./merge.ts";
import type { Declaration } from "./model.ts";
import { noOmissions, type Omissions, omitFile, skippedEntries } from "./omissions.ts";
import { MAX_FILE_BYTES, parseDeclarationFile, tooLarge } from "./read-file.ts";
import { checkSchema } from "./schema-check.ts";
import { type FilePositions, type SourceLocator, unparsedPositions } from "./source-map.ts";

export { DeclarationIoError } from "./io-error.ts";

/** The outcome of loading: what could be read, the declaration when all of it could, and all violations. */
export interface LoadResult {
  /**
   * The whole declaration: undefined when a file has syntax or schema violations (then see `read`), or the
   * files disagree on the tracker or apiVersion.
   */
  declaration?: Declaration;
  /**
   * What could be read, for checking its rules: the whole declaration, or what is left after syntax and
   * schema errors skipped files and entries (`omitted`). Never to be applied when anything was omitted.
   * Undefined when no file could be read or the files disagree on the tracker or apiVersion.
   */
  read?: { declaration: Declaration; omitted: Omissions };
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

  // Phase 1: read, parse and schema-check every file, collecting all their violations; keep what passed.
  const violations: Violation[] = [];
  const parts: FilePart[] = [];
  const omitted = noOmissions();
  for (const file of files) {
    const parsed = await readDeclarationFile(file);
    positionsByFile.set(file, parsed.positions);
    // A loop, not push(...): a file can have a million violations, more than a call takes arguments.
    for (const v of parsed.violations) violations.push(v);
    if (parsed.violations.length > 0) {
      omitFile(omitted);
      continue;
    }
    const schemaViolations = checkSchema(parsed.data, parsed.positions);
    for (const v of schemaViolations) violations.push(v);
    const skipped = skippedEntries(
      parsed.data,
      schemaViolations.map((v) => v.path),
      omitted,
    );
    if (skipped === undefined) omitFile(omitted);
    else parts.push(filePart(file, parsed.data, parsed.positions, skipped));
  }
  if (parts.length === 0) return { violations, files, locate };

  // Phase 2: merge what was read into one declaration.
  const complete = violations.length === 0;
  const merged = mergeParts(parts, locate, { fileOmitted: omitted.file });
  const result = { violations: [...violations, ...merged.violations], files, locate };
  if (merged.declaration === undefined) return result;
  const read = { declaration: merged.declaration, omitted };
  return complete ? { ...result, declaration: merged.declaration, read } : { ...result, read };
}

async function readDeclarationFile(file: string) {
  const size = (await regularFileStat(file)).size;
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
