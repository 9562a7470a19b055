/**
 * `dump --selectors`: proposes element selectors where one covers a workspace's elements of a kind exactly, so
 * an agency's dump lists a few `match:` entries instead of thousands of elements. For each workspace and kind
 * (two elements or more), the candidates are tried in order: the names' longest common prefix as a glob
 * (`EU - Nutra *`; `*` alone when the workspace holds every element of the kind), their common suffix
 * (`* - Vela`), then a tag every one of them carries. A candidate is proposed only when it selects exactly
 * that group among the account's elements of the kind, so planning the dump still shows no changes; a group
 * whose elements use elements outside their workspace and public is left explicit (the plan would refuse it:
 * element/funnel-workspace), as is a kind that may not sit in public.
 */
import { escapeGlob } from "../declaration/glob.ts";
import type { ElementMatch } from "../declaration/model.ts";
import { compileSelector } from "../policy/element-selectors.ts";
import type { Profile } from "../policy/profile.ts";
import { type Element, PUBLIC_WORKSPACE_ID } from "../tracker/resources.ts";
import { compareText } from "./live-account.ts";

/** A proposed selector: the `elements:` entry and how many elements it covers. */
export interface ProposedSelector {
  match: ElementMatch;
  /** The workspace id (`public` or a private workspace's id). */
  workspaceId: string;
  covered: number;
}

/** The selectors proposed for `elements`, and the ids of the elements they cover (left out of the explicit list). */
export function proposeSelectors(
  elements: Element[],
  profile: Profile,
): { selectors: ProposedSelector[]; covered: Set<string> } {
  const byId = new Map(elements.map((e) => [e.id, e]));
  const ofKind = new Map<string, Element[]>();
  for (const e of elements) ofKind.set(e.kind, [...(ofKind.get(e.kind) ?? []), e]);
  const publicAllowed = new Map(profile.elementKinds.map((k) => [k.name, k.allowedInPublic]));
  const selectors: ProposedSelector[] = [];
  const covered = new Set<string>();

  for (const [kind, all] of ofKind) {
    const groups = new Map<string, Element[]>();
    for (const e of all) groups.set(e.workspace, [...(groups.get(e.workspace) ?? []), e]);
    for (const [workspaceId, group] of groups) {
      if (group.length < 2) continue;
      if (workspaceId === PUBLIC_WORKSPACE_ID && publicAllowed.get(kind) === false) continue;
      const splitsFunnel = group.some((e) =>
        e.connections.some((c) => {
          const used = byId.get(c.id);
          return used !== undefined && used.workspace !== workspaceId && used.workspace !== PUBLIC_WORKSPACE_ID;
        }),
      );
      if (splitsFunnel) continue;
      const match = exactMatch(kind, group, all);
      if (match === undefined) continue;
      selectors.push({ match, workspaceId, covered: group.length });
      for (const e of group) covered.add(e.id);
    }
  }
  return { selectors, covered };
}

/** The first candidate that selects exactly `group` among `all` (the elements of its kind). */
function exactMatch(kind: string, group: Element[], all: Element[]): ElementMatch | undefined {
  const names = group.map((e) => e.name);
  const candidates: ElementMatch[] = [
    { kind, name: `${escapeGlob(commonPrefix(names))}*` },
    { kind, name: `*${escapeGlob(commonSuffix(names))}` },
    ...commonTags(group).map((tag) => ({ kind, tag })),
  ];
  const members = new Set(group);
  for (const match of candidates) {
    const selector = compileSelector({ match, workspace: "", at: { file: "", line: 0, column: 0, path: "" } });
    if (all.every((e) => selector.matches(e) === members.has(e))) return match;
  }
  return undefined;
}

/** The longest prefix (by code point, ignoring case) of every name, in the first name's spelling. */
function commonPrefix(names: string[]): string {
  const [first, ...rest] = names.map((n) => Array.from(n));
  let length = first.length;
  for (const name of rest) {
    let i = 0;
    while (i < length && i < name.length && name[i].toLowerCase() === first[i].toLowerCase()) i++;
    length = i;
  }
  return first.slice(0, length).join("");
}

function commonSuffix(names: string[]): string {
  const reversed = names.map((n) => Array.from(n).reverse().join(""));
  return Array.from(commonPrefix(reversed)).reverse().join("");
}

function commonTags(group: Element[]): string[] {
  const [first, ...rest] = group;
  return (first.tags ?? []).filter((tag) => rest.every((e) => e.tags?.includes(tag))).sort(compareText);
}
