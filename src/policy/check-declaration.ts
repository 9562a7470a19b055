/**
 * The one entry point for checking a declaration on disk: load (parse, schema, merge), find the tracker's
 * profile, validate. The CLI, the reconcile engine and the Pulumi provider all call this.
 */
import { loadDeclaration } from "../declaration/load.ts";
import type { Declaration } from "../declaration/model.ts";
import type { SourceLocator } from "../declaration/source-map.ts";
import { sortViolations, type Violation } from "../violations/violation.ts";
import { violationAt } from "../violations/violation-at.ts";
import type { GrantClock } from "./check-grants.ts";
import type { Profile } from "./profile.ts";
import { listProfiles, loadProfile } from "./profile-loader.ts";
import { validateDeclaration } from "./validate.ts";

/** A checked declaration: present when it could be read in full; the profile when its tracker has one. */
export interface CheckResult {
  /** Undefined when syntax or schema errors left part of it unread: a partial declaration is never applied. */
  declaration?: Declaration;
  profile?: Profile;
  /** Every file read, in order. */
  files: string[];
  /** All violations, sorted by file, line, column and rule. */
  violations: Violation[];
  /** Positions of JSON pointers in the files read (`explain` names the line of a membership); absent when none was read. */
  locate?: SourceLocator;
}

/**
 * Loads the declaration in `paths` and checks it against its tracker's profile. Throws DeclarationIoError
 * (declaration/load.ts) when a path cannot be read; every problem in the files is a violation. Syntax and
 * schema errors do not hide the rule violations of the rest: what could be read is checked too. Time-bound
 * grants are judged at `clock` (default: the current time).
 */
export async function checkDeclaration(paths: string[], clock?: GrantClock): Promise<CheckResult> {
  // Phase 1: load; without anything readable, the load's violations are all there is.
  const loaded = await loadDeclaration(paths);
  const { files, read } = loaded;
  const declaration = loaded.declaration;
  if (read === undefined) return { declaration, files, violations: sortViolations(loaded.violations) };

  // Phase 2: the tracker's profile.
  const profile = loadProfile(read.declaration.tracker);
  if (profile === undefined) {
    const message = `tracker \`${read.declaration.tracker}\` has no profile in policies/; trackers: ${listProfiles().join(", ")}`;
    const at = loaded.locate(read.declaration.files[0], "/tracker");
    return {
      declaration,
      files,
      violations: sortViolations([...loaded.violations, violationAt("profile/unknown-tracker", at, message)]),
    };
  }

  // Phase 3: the rules, on what was read.
  const ruleViolations = validateDeclaration(read.declaration, profile, loaded.locate, read.omitted, clock);
  const violations = sortViolations([...loaded.violations, ...ruleViolations]);
  return { declaration, profile, files, violations, locate: loaded.locate };
}
