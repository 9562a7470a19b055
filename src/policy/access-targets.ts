/**
 * The things `explain` and `who-can` are asked about, found in a declaration by the names a person types: a
 * user by e-mail, an element as `KIND/NAME` (or `KIND/#ID`), a workspace, a settings section. An unknown name
 * is one line with the nearest known one (nearest-name.ts): "no user bop@acme.test; did you mean
 * `bob@acme.test`?". An element no explicit entry names is placed by the declaration's selectors (`match:`),
 * as the planner would place it; explicit entries win.
 */
import {
  type Declaration,
  type ElementAssignment,
  type ElementSelector,
  emailKey,
  PUBLIC_WORKSPACE,
  type UserDeclaration,
} from "../declaration/model.ts";
import { compileSelector, selectorPlace } from "./element-selectors.ts";
import { didYouMean } from "./nearest-name.ts";
import type { Profile } from "./profile.ts";

/** A found target, or the one line that says why there is none. */
export type Found<T> = { found: T } | { problem: string };

/** Where the names are looked up: "the declaration" or "the account". */
export type LookupScope = "declaration" | "account";

/** The user with e-mail `email`. */
export function findUser(decl: Declaration, email: string, scope: LookupScope): Found<UserDeclaration> {
  const key = emailKey(email);
  const user = decl.users.find((u) => emailKey(u.email) === key);
  if (user !== undefined) return { found: user };
  return {
    problem: `no user ${email} in the ${scope}${didYouMean(
      email,
      decl.users.map((u) => u.email),
    )}`,
  };
}

/** The element `KIND/NAME` or `KIND/#ID`. */
export function findElement(
  decl: Declaration,
  profile: Profile,
  spec: string,
  scope: LookupScope,
): Found<ElementAssignment> {
  const slash = spec.indexOf("/");
  if (slash <= 0 || slash === spec.length - 1)
    return { problem: `an element is KIND/NAME (offer/Summer Sale), not ${spec}` };
  const kind = spec.slice(0, slash);
  const name = spec.slice(slash + 1);
  const kinds = profile.elementKinds.map((k) => k.name);
  if (!kinds.includes(kind)) {
    const known = kinds.length > 0 ? `; kinds: ${kinds.join(", ")}` : "";
    return { problem: `${profile.displayName} has no element kind ${kind}${didYouMean(kind, kinds)}${known}` };
  }
  const ofKind = decl.elements.filter((e) => e.kind === kind);
  const byId = name.startsWith("#") ? ofKind.filter((e) => e.id === name.slice(1)) : [];
  const byName = ofKind.filter((e) => e.name === name);
  const matches = byId.length > 0 ? byId : byName.length > 0 ? byName : ofKind.filter((e) => e.id === name);
  if (matches.length === 1) return { found: matches[0] };
  if (matches.length > 1) {
    const ids = matches.map((e) => (e.id !== undefined ? `${kind}/#${e.id}` : `${kind}/${e.name}`)).join(", ");
    return { problem: `${matches.length} elements are ${spec} in the ${scope}: name one of ${ids}` };
  }
  if (!name.startsWith("#")) {
    const selected = placedBySelector(decl.selectors ?? [], kind, name, spec);
    if (selected !== undefined) return selected;
  }
  const names = ofKind.flatMap((e) => (e.name !== undefined ? [`${kind}/${e.name}`] : []));
  const tagged = (decl.selectors ?? []).some((s) => s.match.tag !== undefined && (s.match.kind ?? kind) === kind);
  const hint = tagged ? "; a `tag:` selector may place it, but tags are the account's: ask with --live" : "";
  return { problem: `no element ${spec} in the ${scope}${didYouMean(spec, names)}${hint}` };
}

/**
 * The element `kind`/`name` that no explicit entry names, as the declaration's selectors place it offline (as
 * the planner does: the first selector that matches, in declaration order): its kind and name glob decide; a
 * `tag:` is known only to the account, so a tag selector places nothing here. Undefined when none matches.
 */
function placedBySelector(
  selectors: readonly ElementSelector[],
  kind: string,
  name: string,
  spec: string,
): Found<ElementAssignment> | undefined {
  const selecting = selectors.filter((s) => compileSelector(s).matches({ kind, name }));
  const [first] = selecting;
  if (first === undefined) return undefined;
  const other = selecting.find((s) => s.workspace !== first.workspace);
  if (other !== undefined) {
    return {
      problem: `${spec} is selected by ${selectorPlace(first)} into ${first.workspace} and by ${selectorPlace(other)} into ${other.workspace}; an element belongs to one workspace (element/single-workspace)`,
    };
  }
  return { found: { kind, name, workspace: first.workspace, uses: [], at: first.at, selector: first } };
}

/** The workspace `name` (declared, or `public` where the tracker has one). */
export function findWorkspace(decl: Declaration, profile: Profile, name: string, scope: LookupScope): Found<string> {
  const names = [...(profile.publicWorkspace ? [PUBLIC_WORKSPACE] : []), ...decl.workspaces.map((w) => w.name)];
  if (names.includes(name)) return { found: name };
  return { problem: `no ${profile.workspaceNoun} ${name} in the ${scope}${didYouMean(name, names)}` };
}

/** The settings section `name` of the profile. */
export function findSetting(profile: Profile, name: string): Found<string> {
  const names = profile.settingsSections.map((s) => s.name);
  if (names.includes(name)) return { found: name };
  return {
    problem: `${profile.displayName} has no settings section ${name}${didYouMean(name, names)}; sections: ${names.join(", ")}`,
  };
}
