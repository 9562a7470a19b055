/**
 * "Who can edit this campaign?": every user whose access to one element reaches a level, each with the chain
 * of reasons `explain` gives (access-explanation.ts). Pure; users in declaration (or account) order.
 */
import type { ElementAssignment, UserDeclaration } from "../declaration/model.ts";
import type { AccessExplainer } from "./access-explanation.ts";
import { ELEMENT_ACCESS_LEVELS } from "./access-levels.ts";
import type { ElementExplanation } from "./explanation.ts";
import type { ElementAccess } from "./profile.ts";

/** The levels `--at-least` accepts: the element access levels above none. */
export const AT_LEAST_LEVELS = ["use", "edit", "create"] as const;

/** A level `--at-least` accepts. */
export type AtLeast = (typeof AT_LEAST_LEVELS)[number];

/** The answer of who-can. */
export interface WhoCan {
  atLeast: AtLeast;
  /** Every user with at least that access, with why. */
  users: ElementExplanation[];
}

/** Every declared user whose access to `element` is at least `atLeast`, with the reasons. */
export function whoCan(
  explainer: AccessExplainer,
  users: UserDeclaration[],
  element: ElementAssignment,
  atLeast: AtLeast,
): WhoCan {
  const floor = rank(atLeast);
  const found = users.map((user) => explainer.element(user, element)).filter((e) => rank(e.access) >= floor);
  return { atLeast, users: found };
}

function rank(level: ElementAccess): number {
  return ELEMENT_ACCESS_LEVELS.indexOf(level);
}
