/**
 * The access review as JSON: every declared user's effective permissions (policy/effective-permissions.ts)
 * with the profile's element kinds, settings sections and columns, so a machine can read the labels too.
 */
import type { EffectivePermissions } from "../../policy/effective-permissions.ts";
import type { Profile } from "../../policy/profile.ts";
import type { ReportContext } from "./describe-change.ts";
import { jsonDocument } from "./escape.ts";
import type { ReviewChanges } from "./review-changes.ts";

/** What every review renderer reads. */
export interface ReviewInput {
  context: ReportContext;
  profile: Profile;
  /** Workspace names in matrix column order: `public` first where the tracker has one, then declared. */
  workspaces: string[];
  users: EffectivePermissions;
  /** With `--against`: what changed since the saved review. */
  changes?: ReviewChanges;
}

/** The JSON document `review --format json` prints. */
export interface ReviewDocument {
  /** Identifies the document shape; bumped on breaking changes. */
  format: "tracker-access/review/v1";
  tracker: string;
  account: string;
  workspaces: string[];
  elementKinds: Array<{ name: string; label: string }>;
  settingsSections: Array<{ name: string; label: string }>;
  users: EffectivePermissions;
  /**
   * With `--against` only: who gained and lost which access since the saved review. Additive, so v1 readers
   * (and `--against` itself) read a document with it as one without.
   */
  changes?: ReviewChanges;
}

/** The workspace column order of a review: the order effective permissions list them in. */
export function reviewWorkspaces(users: EffectivePermissions, fallback: string[]): string[] {
  return users.length > 0 ? users[0].workspaces.map((w) => w.workspace) : fallback;
}

/** Renders the review as pretty-printed JSON, ending with a newline; the data exactly, invisible characters escaped. */
export function renderReviewJson(input: ReviewInput): string {
  const document: ReviewDocument = {
    format: "tracker-access/review/v1",
    tracker: input.context.tracker,
    account: input.context.account,
    workspaces: input.workspaces,
    elementKinds: input.profile.elementKinds.map(({ name, label }) => ({ name, label })),
    settingsSections: input.profile.settingsSections.map(({ name, label }) => ({ name, label })),
    users: input.users,
    ...(input.changes !== undefined ? { changes: input.changes } : {}),
  };
  return jsonDocument(document);
}
