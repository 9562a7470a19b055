/**
 * What every check of a declaration shares: the declaration, the tracker's profile, and one place to report
 * violations. A check reports against an entity's `at` plus a sub-path (`/workspaces/2`); the sub-path's
 * line and column are looked up only then, from the parsed files when a locator is given.
 */
import type { Declaration, SourcePosition } from "../declaration/model.ts";
import { noOmissions, type Omissions } from "../declaration/omissions.ts";
import type { SourceLocator } from "../declaration/source-map.ts";
import type { RuleId } from "../violations/rules.ts";
import type { Violation } from "../violations/violation.ts";
import { violationAt } from "../violations/violation-at.ts";
import type { Profile } from "./profile.ts";

/** The state one validation run shares between its checks. */
export interface CheckContext {
  readonly declaration: Declaration;
  readonly profile: Profile;
  /** What syntax and schema errors left out of the declaration (nothing, for a declaration read in full). */
  readonly omitted: Omissions;
  /** The violations reported so far, in report order. */
  readonly violations: Violation[];
  /** Reports `rule` at `at`, or at `subPath` below it (a JSON pointer such as `/workspaces/2`). */
  report(rule: RuleId, at: SourcePosition, message: string, subPath?: string): void;
  /** The position of a JSON pointer in one of the declaration's files (for things that have no entity). */
  locate(file: string, path: string): SourcePosition;
}

/** A fresh context; without `locate`, sub-paths are reported at their entity's line and column. */
export function createCheckContext(
  declaration: Declaration,
  profile: Profile,
  locate?: SourceLocator,
  omitted: Omissions = noOmissions(),
): CheckContext {
  const violations: Violation[] = [];
  const find = (file: string, path: string, fallback?: SourcePosition): SourcePosition => {
    if (locate !== undefined) return locate(file, path);
    return fallback ? { ...fallback, path } : { file, line: 1, column: 1, path };
  };
  return {
    declaration,
    profile,
    omitted,
    violations,
    report(rule, at, message, subPath) {
      const place = subPath === undefined ? at : find(at.file, at.path + subPath, at);
      violations.push(violationAt(rule, place, message));
    },
    locate: (file, path) => find(file, path),
  };
}

/** `file:line:col` of a position, for messages that name a second place. */
export function placeOf(at: SourcePosition): string {
  return `${at.file}:${at.line}:${at.column}`;
}

/** `a, b, c`, or `(none)` for an empty list. */
export function listOf(names: Iterable<string>): string {
  const all = [...names];
  return all.length === 0 ? "(none)" : all.join(", ");
}
