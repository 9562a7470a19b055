/**
 * Summaries of a user's element access in one workspace, for the cells of the access-review matrix: the highest
 * level over every element kind, and the kinds that fall below it. Shared by the markdown and html reviews.
 */
import type { WorkspacePermissions } from "../../policy/effective-permissions.ts";
import type { ElementAccess } from "../../policy/profile.ts";

/** Element access levels, weakest first. */
export const ELEMENT_LEVELS: readonly ElementAccess[] = ["none", "use", "edit", "create"];

/**
 * A matrix cell's level: an element access level, or `visible` on a tracker without element kinds (Clicky's
 * sites), where a workspace is either visible to the user or not and there is nothing finer to show.
 */
export type CellLevel = ElementAccess | "visible";

/** The levels a matrix cell can show for `profile`: element levels, or none/visible without element kinds. */
export function cellLevels(profile: { elementKinds: readonly unknown[] }): readonly CellLevel[] {
  return profile.elementKinds.length > 0 ? ELEMENT_LEVELS : ["none", "visible"];
}

/** The summary of one matrix cell. */
export interface CellSummary {
  /** The highest access over every element kind ("none" when the workspace is not visible). */
  top: CellLevel;
  /** Kinds below `top`, grouped by their level, weakest first: [["none", ["campaign"]]]. */
  below: Array<[ElementAccess, string[]]>;
}

/** Summarizes a user's access to one workspace. */
export function summarizeCell(permissions: WorkspacePermissions): CellSummary {
  const levels = Object.entries(permissions.elements);
  // No element kinds: the cell is the workspace's visibility, exactly as the JSON review has it.
  if (levels.length === 0) return { top: permissions.visible ? "visible" : "none", below: [] };
  let top: ElementAccess = "none";
  for (const [, level] of levels) if (ELEMENT_LEVELS.indexOf(level) > ELEMENT_LEVELS.indexOf(top)) top = level;
  const below: Array<[ElementAccess, string[]]> = [];
  for (const level of ELEMENT_LEVELS) {
    if (level === top) break;
    const kinds = levels.filter(([, l]) => l === level).map(([kind]) => kind);
    if (kinds.length > 0) below.push([level, kinds]);
  }
  return { top, below };
}

/** A cell in words: "create", "use (none: campaign)". */
export function cellInWords(summary: CellSummary): string {
  if (summary.below.length === 0) return summary.top;
  return `${summary.top} (${summary.below.map(([level, kinds]) => `${level}: ${kinds.join(", ")}`).join("; ")})`;
}
