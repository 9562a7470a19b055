/**
 * The one entry point for checking a declaration on disk: load (parse, schema, merge), find the tracker's
 * profile, validate. The CLI, the reconcile engine and the Pulumi provider all call this.
 */
import { loadDeclaration } from "../declaration/load.ts";
import type { Declaration } from "../declaration/model.ts";
import type { Profile } from "./profile.ts";
import { listProfiles, loadProfile } from "./profile-loader.ts";
import { validateDeclaration } from "./validate.ts";
import { sortViolations, type Violation } from "./violation.ts";
import { violationAt } from "./violation-at.ts";

/** A checked declaration: present when it could be read; the profile when its tracker has one. */
export interface CheckResult {
  declaration?: Declaration;
  profile?: Profile;
  /** Every file read, in order. */
  files: string[];
  /** All violations, sorted by file, line, column and rule. */
  violations: Violation[];
}

/**
 * Loads the declaration in `paths` and checks it against its tracker's profile. Throws DeclarationIoError
 * (declaration/load.ts) when a path cannot be read; every problem in the files is a violation.
 */
export async function checkDeclaration(paths: string[]): Promise<CheckResult> {
  const loaded = await loadDeclaration(paths);
  const { declaration, files } = loaded;
  if (declaration === undefined) return { files, violations: sortViolations(loaded.violations) };

  const profile = loadProfile(declaration.tracker);
  if (profile === undefined) {
    const message = `tracker \`${declaration.tracker}\` has no profile in policies/; trackers: ${listProfiles().join(", ")}`;
    const at = loaded.locate(declaration.files[0], "/tracker");
    return {
      declaration,
      files,
      violations: sortViolations([...loaded.violations, violationAt("profile/unknown-tracker", at, message)]),
    };
  }
  const violations = [...loaded.violations, ...validateDeclaration(declaration, profile, loaded.locate)];
  return { declaration, profile, files, violations: sortViolations(violations) };
}
