/**
 * The one definition of which names a private workspace may have, shared by the declaration validator and the
 * sandbox tracker, so that a declaration that validates clean is never refused at apply for its names.
 * Trackers compare workspace names ignoring case and surrounding spaces: `Public` and ` public ` are `public`.
 */

import { ALL_WORKSPACES as EVERY, PUBLIC_WORKSPACE as PUBLIC } from "../declaration/model.ts";
import { invisibleCharacterProblem } from "../violations/invisible-characters.ts";

/** Whether `name` is reserved: `public` or `*`, compared trimmed and case-insensitively, as trackers do. */
export function isReservedWorkspaceName(name: string): boolean {
  const canonical = name.trim().toLowerCase();
  return canonical === PUBLIC || canonical === EVERY;
}

/**
 * Why `name` cannot name a private workspace, as a phrase that follows "may not be called `x`: ", or undefined
 * when it can: a reserved name, leading or trailing whitespace, or a control, format (zero-width,
 * bidirectional), line-separator character or lone surrogate (policy/invisible-characters.ts).
 */
export function workspaceNameProblem(name: string): string | undefined {
  if (isReservedWorkspaceName(name)) {
    const why = name.trim() === EVERY ? "every workspace" : "the built-in public workspace";
    const exact = name === PUBLIC || name === EVERY;
    return `the name is reserved for ${why}${exact ? "" : " (names compare ignoring case and surrounding spaces)"}`;
  }
  if (name !== name.trim()) return "the name has leading or trailing whitespace";
  const invisible = invisibleCharacterProblem(name);
  return invisible === undefined ? undefined : `the name ${invisible}`;
}
