/**
 * The element rules validate checks on explicit entries, applied at plan time to what selectors resolved to:
 * kinds that may not sit in public (`element/not-allowed-in-public`) and the funnel rule on the live
 * connections (`element/funnel-workspace`): after the plan, an element a selector places may use only elements
 * in its own workspace or in public, and an element using one it places likewise. Findings are grouped per
 * selector (the first element named, then a few more and a count), so an agency's ten thousand campaigns
 * behind one wrong selector are one line, not ten thousand. The move rule needs nothing here: selector moves
 * are moves like any other (move-order.ts).
 */
import { PUBLIC_WORKSPACE } from "../declaration/model.ts";
import { selectorPlace } from "../policy/element-selectors.ts";
import type { Profile } from "../policy/profile.ts";
import type { Element } from "../tracker/resources.ts";
import type { Violation } from "../violations/violation.ts";
import { violationAt } from "../violations/violation-at.ts";
import { describeElement, moreOf, type ResolvedPlacement, type ResolvedPlacements } from "./resolve-selectors.ts";

/** The refusals of the selector-placed elements under `profile`; `liveWorkspaceOf` names a live workspace id. */
export function checkSelectorPlacements(
  profile: Profile,
  elements: Element[],
  resolved: ResolvedPlacements,
  liveWorkspaceOf: (id: string) => string,
): Violation[] {
  if (resolved.placements.length === 0) return [];
  const byId = new Map(elements.map((e) => [e.id, e]));
  const endOf = (element: Element) =>
    resolved.byId.get(element.id)?.assignment.workspace ?? liveWorkspaceOf(element.workspace);
  const bySelector = (placement: ResolvedPlacement) => placement.selector;
  const found = new Map<string, { at: ResolvedPlacement; rule: "in-public" | "funnel"; lines: string[] }>();
  const add = (placement: ResolvedPlacement, rule: "in-public" | "funnel", line: string) => {
    const key = `${rule}\0${placement.selector?.at.file}\0${placement.selector?.at.path}`;
    const group = found.get(key);
    if (group === undefined) found.set(key, { at: placement, rule, lines: [line] });
    else group.lines.push(line);
  };

  // Public: a kind that may not sit there.
  const publicKinds = new Map(profile.elementKinds.map((k) => [k.name, k.allowedInPublic]));
  for (const placement of resolved.byId.values()) {
    if (bySelector(placement) === undefined || placement.assignment.workspace !== PUBLIC_WORKSPACE) continue;
    if (publicKinds.get(placement.element.kind) === false)
      add(placement, "in-public", describeElement(placement.element));
  }

  // Funnels: every live connection with a selector-placed end, in the end state.
  for (const element of elements) {
    const user = resolved.byId.get(element.id);
    for (const connection of element.connections) {
      const target = byId.get(connection.id);
      if (target === undefined || target.id === element.id) continue;
      const used = resolved.byId.get(target.id);
      const blame = user?.selector !== undefined ? user : used?.selector !== undefined ? used : undefined;
      if (blame === undefined) continue;
      const from = endOf(element);
      const to = endOf(target);
      if (to === PUBLIC_WORKSPACE || to === from) continue;
      add(blame, "funnel", `${describeElement(element)} in ${from} uses ${describeElement(target)} in ${to}`);
    }
  }

  return [...found.values()].map(({ at, rule, lines }) => {
    const selector = at.selector as NonNullable<ResolvedPlacement["selector"]>;
    const place = selectorPlace(selector);
    if (rule === "in-public") {
      const message = `${lines[0]} cannot sit in the public workspace on ${profile.displayName}, where ${place} places it${moreOf(lines)}; narrow the selector with \`kind:\` or place these elements in a private workspace`;
      return violationAt("element/not-allowed-in-public", selector.at, message);
    }
    const message = `after the plan, ${lines[0]} (placed by ${place}); a funnel may use only elements in its own workspace or in public${moreOf(lines)}`;
    return violationAt("element/funnel-workspace", selector.at, message);
  });
}
