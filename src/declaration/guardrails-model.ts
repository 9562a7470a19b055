/**
 * Guardrails as tracker-access reads them: an agency's own rules about what a declaration may grant
 * (schemas/guardrails.schema.json), each rule with the place it was written so that a violation can name it.
 * Produced by `loadGuardrails()` (guardrails-load.ts); judged by policy/guardrails-evaluate.ts.
 */
import type { Severity } from "../violations/violation.ts";
import type { SourcePosition } from "./model.ts";

/** Which users a rule is about; every condition given must hold, none given selects every user. */
export interface GuardrailConditions {
  /** The user's role is one of these. */
  role?: string[];
  /** The e-mail's domain matches one of these globs. */
  emailDomain?: string[];
  /** The user is a member of a private workspace matching one of these globs. */
  workspace?: string[];
}

/** What must be true of every user a rule selects; every requirement given must hold. */
export interface GuardrailRequirements {
  /** These columns are among the user's hidden columns. */
  hiddenColumns?: string[];
  /** The e-mail's domain matches one of these globs. */
  emailDomain?: string[];
  /** Every workspace the user is a member of matches one of these globs. */
  workspaces?: string[];
  /** The user's role is none of these. */
  notRole?: string[];
  /** At most this many users are selected. */
  atMost?: number;
  /** `until` is set and at most this many days away. */
  untilWithinDays?: number;
}

/** One rule of a guardrails file. */
export interface GuardrailRule {
  id: string;
  description?: string;
  severity: Severity;
  when: GuardrailConditions;
  require: GuardrailRequirements;
  /** Where the rule is written (its list item). */
  at: SourcePosition;
  /** Where each condition and requirement is written, by key (`when.role`, `require.atMost`). */
  keys: Record<string, SourcePosition>;
}

/** A guardrails file, read. */
export interface Guardrails {
  file: string;
  rules: GuardrailRule[];
}
