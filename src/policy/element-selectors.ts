/**
 * Element selectors (`elements: - match: { kind, name, tag }`) as the rules and the planner read them: a
 * compiled matcher per selector, how a selector is named in messages and plans, and whether a selector could
 * select an element a funnel names (validate cannot see the account, so it only rules out what cannot match).
 */
import { compileGlob, foldName, type Glob } from "../declaration/glob.ts";
import type { ElementMatch, ElementRef, ElementSelector } from "../declaration/model.ts";

/** What a selector is tested against: a live element's kind, name and tags. */
export interface SelectableElement {
  kind: string;
  name: string;
  tags?: readonly string[];
  /** The name folded with `foldName` (declaration/glob.ts), when the caller tests it against many selectors. */
  foldedName?: string;
}

/** A selector ready to test elements. */
export interface CompiledSelector {
  selector: ElementSelector;
  /** Whether `element` is selected: its kind (when the selector names one), its name's glob, its tag. */
  matches(element: SelectableElement): boolean;
}

/** Compiles a schema-valid selector (its glob is well-formed). */
export function compileSelector(selector: ElementSelector): CompiledSelector {
  const { kind, name, tag } = selector.match;
  const glob: Glob | undefined = name === undefined ? undefined : compileGlob(name);
  return {
    selector,
    matches: (element) =>
      (kind === undefined || element.kind === kind) &&
      (tag === undefined || (element.tags?.includes(tag) ?? false)) &&
      (glob === undefined || glob.matchesFolded(element.foldedName ?? foldName(element.name))),
  };
}

/** The selector as written, for messages and plans: `match: {kind: campaign, name: EU *}`. */
export function describeMatch(match: ElementMatch): string {
  const fields = (["kind", "name", "tag"] as const).flatMap((key) =>
    match[key] === undefined ? [] : [`${key}: ${match[key]}`],
  );
  return `match: {${fields.join(", ")}}`;
}

/** `\`match: {...}\` at file:line`, how a plan and a violation name the entry that placed an element. */
export function selectorPlace(selector: ElementSelector): string {
  return `\`${describeMatch(selector.match)}\` at ${selector.at.file}:${selector.at.line}`;
}

/**
 * Whether some selector could place the element `ref` names: its kind fits and, for a reference by name, the
 * name glob accepts it (a tag cannot be known offline, so a tag selector could). References by id could be
 * any name, so any selector of the kind could place them.
 */
export function selectorMayPlace(selectors: readonly ElementSelector[], ref: ElementRef): boolean {
  return selectors.some((selector) => {
    const { kind, name } = selector.match;
    if (kind !== undefined && kind !== ref.kind) return false;
    if (name === undefined || ref.name === undefined) return true;
    return compileGlob(name).matches(ref.name);
  });
}
