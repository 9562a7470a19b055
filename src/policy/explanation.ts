/**
 * The explanation's data: a chain of steps, each a fact with its source (a file position, or the live account's
 * resource), and the answers explain and who-can give for an element, a workspace or a settings section. The
 * reasoning that builds them is access-explanation.ts.
 */
import type { Declaration, ElementAssignment, SourcePosition } from "../declaration/model.ts";
import type { ElementAccess, Profile, SettingsAccess } from "./profile.ts";
import type { Citation, ProfileSources } from "./profile-sources.ts";

/** A fact read from the live account rather than a file: the API resource it came from. */
export interface LiveOrigin {
  /** `/v1/users/u-3`, `/v1/elements/e-12`. */
  live: string;
}

/** Where a step of an explanation is written: a file position (declaration or profile), or the live account. */
export type Origin = SourcePosition | LiveOrigin;

/** One link of the chain. */
export interface ExplanationStep {
  /** The fact, in words: "bob@acme.test is a member of eu-team". */
  says: string;
  source: Origin;
  /** For a profile rule: the comment that gives its reason. */
  comment?: string;
  /** For a profile rule: the documents that comment cites (`seeds/001_….txt`, TRACKERS.md). */
  citations?: Citation[];
}

/** What explanations read: a valid declaration (or the live account in its shape), its profile, the rules' sources. */
export interface AccessBasis {
  /** `declaration`: the files as declared; `live`: the account as it is. */
  basis: "declaration" | "live";
  declaration: Declaration;
  profile: Profile;
  rules: ProfileSources;
  /** Where a fact inside an entry is: `at` refined to the JSON pointer `path` (a file position or the live resource). */
  origin(at: SourcePosition, path?: string): Origin;
}

/** An element as `explain --element` and `who-can` name it. */
export interface ElementTarget {
  kind: string;
  name?: string;
  id?: string;
  workspace: string;
}

/** A user's access to one element, and why. */
export interface ElementExplanation {
  email: string;
  role: string;
  element: ElementTarget;
  access: ElementAccess;
  steps: ExplanationStep[];
}

/** A user's access to every element kind in one workspace, and why. */
export interface WorkspaceExplanation {
  email: string;
  role: string;
  workspace: string;
  visible: boolean;
  elements: Record<string, ElementAccess>;
  steps: ExplanationStep[];
}

/** A user's access to one settings section, and why. */
export interface SettingExplanation {
  email: string;
  role: string;
  setting: string;
  access: SettingsAccess;
  steps: ExplanationStep[];
}

/** `offer "EU Dating Offer"` or `offer #o-12`. */
export function elementWords(ref: { kind: string; name?: string; id?: string }): string {
  return ref.name !== undefined ? `${ref.kind} ${JSON.stringify(ref.name)}` : `${ref.kind} #${ref.id ?? ""}`;
}

/** An element assignment as explanations name it: kind, name and/or id, workspace. */
export function elementTarget(element: ElementAssignment): ElementTarget {
  return {
    kind: element.kind,
    ...(element.name !== undefined ? { name: element.name } : {}),
    ...(element.id !== undefined ? { id: element.id } : {}),
    workspace: element.workspace,
  };
}

/** Whether `origin` is the live account's. */
export function isLiveOrigin(origin: Origin): origin is LiveOrigin {
  return "live" in origin;
}
