/**
 * Merges the parts of a declaration read from several files into one. Files must agree on apiVersion and
 * tracker (otherwise there is no declaration to check) and, where they name it, on the account.
 * Entities are concatenated in file order; repeated entities are left for the validator's `ref/duplicate`,
 * which names both places.
 */

import type { Violation } from "../violations/violation.ts";
import { violationAt } from "../violations/violation-at.ts";
import type { FilePart } from "./file-part.ts";
import type { Declaration, SourcePosition } from "./model.ts";
import type { SourceLocator } from "./source-map.ts";

/** A merged declaration, or only violations when its files disagree on what they declare. */
export interface MergeResult {
  declaration?: Declaration;
  violations: Violation[];
}

/** How the parts were read. */
export interface MergeOptions {
  /** A file of the declaration was skipped (syntax or schema errors): it may have named the account. */
  fileOmitted?: boolean;
}

/** Merges `parts` (in file order; at least one) into one declaration. */
export function mergeParts(parts: FilePart[], locate: SourceLocator, options: MergeOptions = {}): MergeResult {
  const [first] = parts;
  const violations: Violation[] = [];
  const place = (p: SourcePosition) => `${p.file}:${p.line}:${p.column}`;

  // Phase 1: the fields every file repeats must agree.
  const disagree = (field: "apiVersion" | "tracker" | "account", value: (p: FilePart) => string | undefined) => {
    const reference = parts.find((p) => value(p) !== undefined);
    if (reference === undefined) return false;
    const referenceAt = locate(reference.file, `/${field}`);
    let found = false;
    for (const part of parts) {
      const v = value(part);
      if (v === undefined || v === value(reference)) continue;
      found = true;
      const message = `${field} \`${v}\` disagrees with \`${value(reference)}\` at ${place(referenceAt)}; every file of a declaration names the same ${field}`;
      violations.push(violationAt("ref/conflict", locate(part.file, `/${field}`), message));
    }
    return found;
  };
  const apiVersionConflict = disagree("apiVersion", (p) => p.apiVersion);
  const trackerConflict = disagree("tracker", (p) => p.tracker);
  disagree("account", (p) => p.account);
  if (apiVersionConflict || trackerConflict) return { violations };

  const account = parts.find((p) => p.account !== undefined)?.account;
  if (account === undefined && !options.fileOmitted) {
    const message =
      parts.length === 1
        ? "the document is missing required property `account`"
        : "no file of the declaration names the `account`; give it in one file or in all";
    violations.push(violationAt("schema/invalid", locate(first.file, ""), message));
  }

  // Phase 2: concatenate the entities in file order.
  return {
    declaration: {
      apiVersion: first.apiVersion,
      tracker: first.tracker,
      account: account ?? "",
      files: parts.map((p) => p.file),
      workspaces: parts.flatMap((p) => p.workspaces),
      users: parts.flatMap((p) => p.users),
      elements: parts.flatMap((p) => p.elements),
      selectors: parts.flatMap((p) => p.selectors),
    },
    violations,
  };
}
