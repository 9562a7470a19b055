/**
 * What element selectors place, in the AccessPolicy's content: the declared content names explicit entries only
 * (properties.ts `declaredContent`), so each element a selector placed in the engine's plan is added by id
 * (`campaign#el-7` → its workspace). Preview then shows the moves a selector makes, and refresh reads where
 * those elements are, so drift of a selector-placed element is a diff like any other.
 */
import type { Plan } from "../reconcile/operations.ts";
import { type AccountContent, elementLabel } from "./properties.ts";

/** `content` with every element the plan's selectors placed (absent labels only: explicit entries win). */
export function withSelectorPlacements(content: AccountContent, planned: Pick<Plan, "placements">): AccountContent {
  if (planned.placements === undefined || planned.placements.length === 0) return content;
  const elements = { ...content.elements };
  for (const placement of planned.placements) {
    for (const e of placement.elements)
      elements[elementLabel({ kind: e.kind, id: e.elementId })] ??= placement.workspace;
  }
  const sorted = Object.fromEntries(
    Object.keys(elements)
      .sort()
      .map((label) => [label, elements[label]]),
  );
  return { ...content, elements: sorted };
}
