/**
 * Checks element assignments: kinds the tracker has, one workspace per element, kinds allowed in public,
 * and funnels that only use elements their users can see (the element's own workspace, or public).
 */
import { type ElementAssignment, type ElementRef, elementKey, PUBLIC_WORKSPACE } from "../declaration/model.ts";
import { type CheckContext, listOf, placeOf } from "./check-context.ts";
import { type DeclaredWorkspaces, resolveWorkspace, unknownWorkspaceMessage } from "./check-workspaces.ts";
import { kindPlacementProblem } from "./element-access.ts";
import { selectorMayPlace } from "./element-selectors.ts";
import type { ElementKind } from "./profile.ts";

/** Checks `elements:` against the profile and the declared workspaces. */
export function checkElements(ctx: CheckContext, workspaces: DeclaredWorkspaces): void {
  const kinds = new Map(ctx.profile.elementKinds.map((k) => [k.name, k]));

  // Phase 1: each element once, of a known kind, in a workspace that exists and may hold it.
  const assigned = new AssignedElements();
  for (const element of ctx.declaration.elements) {
    const kind = kinds.get(element.kind);
    if (kind === undefined) {
      ctx.report("element/unsupported-kind", element.at, unsupportedKindMessage(ctx, element.kind), "/kind");
      continue;
    }
    const first = assigned.addFirst(element);
    if (first === undefined) {
      checkPlacement(ctx, workspaces, element, kind);
    } else if (first.workspace === element.workspace) {
      const message = `${describe(element)} is declared twice; also declared at ${placeOf(first.at)}`;
      ctx.report("ref/duplicate", element.at, message);
    } else {
      const message = `${describe(element)} is assigned to \`${element.workspace}\` here and to \`${first.workspace}\` at ${placeOf(first.at)}; an element belongs to one workspace`;
      ctx.report("element/single-workspace", element.at, message, "/workspace");
    }
  }

  // Phase 2: funnels, once every element is known.
  for (const element of assigned.inOrder) {
    const { uses } = element;
    for (let index = 0; index < uses.length; index++) {
      checkUse(ctx, kinds, assigned, element, uses[index], `/uses/${index}`);
    }
  }
}

/**
 * The first assignment of each element, by kind and then name or id: the lookups of a map by elementKey, without
 * building and hashing a key string per element (100,000 of them in a large declaration).
 */
class AssignedElements {
  /** In the order they were added. */
  readonly inOrder: ElementAssignment[] = [];
  private readonly byName = new Map<string, Map<string, ElementAssignment>>();
  private readonly byId = new Map<string, Map<string, ElementAssignment>>();

  get(ref: ElementRef): ElementAssignment | undefined {
    return ref.id !== undefined ? this.byId.get(ref.kind)?.get(ref.id) : this.byName.get(ref.kind)?.get(ref.name ?? "");
  }

  /** Adds `element` when it is the first of its key and returns undefined; else returns the first. */
  addFirst(element: ElementAssignment): ElementAssignment | undefined {
    const table = element.id !== undefined ? this.byId : this.byName;
    let ofKind = table.get(element.kind);
    if (ofKind === undefined) {
      ofKind = new Map();
      table.set(element.kind, ofKind);
    }
    const key = element.id ?? element.name ?? "";
    const first = ofKind.get(key);
    if (first !== undefined) return first;
    ofKind.set(key, element);
    this.inOrder.push(element);
    return undefined;
  }
}

/** Whether two references name the same element (equal elementKeys). */
function sameElement(a: ElementRef, b: ElementRef): boolean {
  if (a.kind !== b.kind || (a.id === undefined) !== (b.id === undefined)) return false;
  return a.id !== undefined ? a.id === b.id : (a.name ?? "") === (b.name ?? "");
}

function checkPlacement(
  ctx: CheckContext,
  workspaces: DeclaredWorkspaces,
  element: ElementAssignment,
  kind: ElementKind,
): void {
  const reference = resolveWorkspace(ctx, workspaces, element.workspace);
  if (reference === "unknown") {
    ctx.report("ref/unknown-workspace", element.at, unknownWorkspaceMessage(ctx, element.workspace), "/workspace");
  } else if (kindPlacementProblem(ctx.profile, kind.name, element.workspace) === "not-allowed-in-public") {
    const message = `a ${kind.name} cannot sit in the public workspace on ${ctx.profile.displayName}; assign it to a private workspace`;
    ctx.report("element/not-allowed-in-public", element.at, message, "/workspace");
  }
}

function checkUse(
  ctx: CheckContext,
  kinds: Map<string, ElementKind>,
  assigned: AssignedElements,
  element: ElementAssignment,
  ref: ElementRef,
  at: string,
): void {
  if (!kinds.has(ref.kind)) {
    ctx.report("element/unsupported-kind", element.at, unsupportedKindMessage(ctx, ref.kind), `${at}/kind`);
    return;
  }
  if (sameElement(ref, element)) {
    ctx.report("element/self-reference", element.at, `${describe(element)} uses itself`, at);
    return;
  }
  const used = assigned.get(ref);
  if (used === undefined) {
    const { omitted } = ctx;
    if (omitted.anyElement || omitted.elementKeys.has(elementKey(ref))) return; // may be an entry schema errors left out
    if (selectorMayPlace(ctx.declaration.selectors ?? [], ref)) return; // the planner checks what selectors place
    const message = `${describe(element)} uses ${describe(ref)}, which is not declared under \`elements:\``;
    ctx.report("ref/unknown-element", element.at, message, at);
    return;
  }
  if (used.workspace === PUBLIC_WORKSPACE || used.workspace === element.workspace) return;
  const message = `${describe(element)} in \`${element.workspace}\` uses ${describe(used)} in \`${used.workspace}\`; a funnel may use only elements in its own workspace or in public`;
  ctx.report("element/funnel-workspace", element.at, message, at);
}

function unsupportedKindMessage(ctx: CheckContext, kind: string): string {
  const { profile } = ctx;
  if (profile.elementKinds.length === 0) {
    return `${profile.displayName} has no campaign elements; remove \`elements:\``;
  }
  return `${profile.displayName} has no element kind \`${kind}\`; kinds: ${listOf(profile.elementKinds.map((k) => k.name))}`;
}

/** `offer "Summer Offer"` or `offer #o-12`. */
function describe(ref: ElementRef): string {
  return ref.id !== undefined ? `${ref.kind} #${ref.id}` : `${ref.kind} "${ref.name}"`;
}
