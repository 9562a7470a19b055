/**
 * Dump: the live account written out as a declaration a team can start from. Deterministic (workspaces by name,
 * users by role then e-mail, elements by the profile's kind order then name), valid against
 * schemas/access.schema.json, and planned against the same account it gives no changes: every user (pending
 * invitations included) with their workspaces and hidden columns, every element with its workspace and, for
 * elements that use others, their connections as `uses`. Elements are named by name, or by id where their name
 * is not unique within their kind.
 */
import { Document, isScalar, visit } from "yaml";
import { ALL_WORKSPACES, emailKey } from "../declaration/model.ts";
import type { Profile } from "../policy/profile.ts";
import { type Element, PUBLIC_WORKSPACE_ID } from "../tracker/resources.ts";
import { proposeSelectors } from "./dump-selectors.ts";
import { compareText, type LiveAccount, liveAccess, sortedNames, workspaceNames } from "./live-account.ts";

/** The schema a dumped declaration names on its first line, unless the caller gives a path of its own. */
export const DECLARATION_SCHEMA_URL = "https://tracker-access.dev/schemas/access.schema.json";

/** Options of `dumpDeclaration()`. */
export interface DumpOptions {
  /** What line 1's `$schema=` points at (e.g. a path relative to the written file); defaults to the schema's $id. */
  schema?: string;
  /** Propose `match:` selectors where one covers a workspace's elements of a kind exactly (dump-selectors.ts). */
  selectors?: boolean;
}

/** The live account as declaration YAML (line 1 names the schema). */
export function dumpDeclaration(have: LiveAccount, profile: Profile, options: DumpOptions = {}): string {
  const names = workspaceNames(have.workspaces, profile);
  const rank = (list: Array<{ name: string }>, name: string) => {
    const index = list.findIndex((item) => item.name === name);
    return index < 0 ? list.length : index;
  };

  // Workspaces and users.
  const workspaces = sortedNames(have.workspaces.map((w) => w.name)).map((name) => ({ name }));
  const users = [...have.users]
    .sort(
      (a, b) =>
        rank(profile.roles, a.role) - rank(profile.roles, b.role) || compareText(emailKey(a.email), emailKey(b.email)),
    )
    .map((user) => {
      const access = liveAccess(user, names.nameOf);
      return {
        email: user.email,
        role: access.role,
        ...(access.workspaces === ALL_WORKSPACES || access.workspaces.length > 0
          ? { workspaces: access.workspaces }
          : {}),
        ...(access.hiddenColumns.length > 0 ? { hiddenColumns: access.hiddenColumns } : {}),
      };
    });

  // Elements, each with its workspace and what it uses.
  const byId = new Map(have.elements.map((e) => [e.id, e]));
  const nameCount = new Map<string, number>();
  for (const e of have.elements)
    nameCount.set(`${e.kind}\0${e.name}`, (nameCount.get(`${e.kind}\0${e.name}`) ?? 0) + 1);
  const ref = (e: Element) =>
    e.name.length > 0 && nameCount.get(`${e.kind}\0${e.name}`) === 1
      ? { kind: e.kind, name: e.name }
      : { kind: e.kind, id: e.id };
  const order = (a: Element, b: Element) =>
    rank(profile.elementKinds, a.kind) - rank(profile.elementKinds, b.kind) ||
    compareText(a.kind, b.kind) ||
    compareText(a.name, b.name) ||
    compareText(a.id, b.id);
  // A connection to an element in another private workspace breaks the funnel rule (element/funnel-workspace):
  // it is left out of `uses`, so validate accepts the dump, and named in a comment above the element instead.
  const outOfFunnel = new Map<number, string>();
  const proposed = options.selectors ? proposeSelectors(have.elements, profile) : undefined;
  const selectors = (proposed?.selectors ?? []).map((s) => ({
    match: s.match,
    workspace: names.nameOf(s.workspaceId) ?? s.workspaceId,
    covered: s.covered,
  }));
  selectors.sort(
    (a, b) =>
      compareText(a.workspace, b.workspace) ||
      rank(profile.elementKinds, a.match.kind ?? "") - rank(profile.elementKinds, b.match.kind ?? ""),
  );
  const listed = proposed === undefined ? have.elements : have.elements.filter((e) => !proposed.covered.has(e.id));
  const elements = [...listed].sort(order).map((element, index) => {
    const connected = element.connections.flatMap((c) => byId.get(c.id) ?? []).sort(order);
    const inFunnel = (u: Element) => u.workspace === element.workspace || u.workspace === PUBLIC_WORKSPACE_ID;
    const used = connected.filter(inFunnel);
    const elsewhere = connected.filter((u) => !inFunnel(u));
    if (elsewhere.length > 0) {
      const list = elsewhere.map((u) => `${u.kind} "${u.name}" (in ${names.nameOf(u.workspace) ?? u.workspace})`);
      outOfFunnel.set(
        selectors.length + index,
        ` also uses ${list.join(", ")}: not in its workspace nor public (element/funnel-workspace)`,
      );
    }
    return {
      ...ref(element),
      workspace: names.nameOf(element.workspace) ?? element.workspace,
      ...(used.length > 0 ? { uses: [...new Map(used.map((u) => [u.id, ref(u)])).values()] } : {}),
    };
  });

  // YAML: lists of names in flow style, everything else in block style (the layout biome formats YAML to).
  const doc = new Document({
    apiVersion: "tracker-access/v1",
    tracker: profile.tracker,
    account: have.account.id,
    ...(workspaces.length > 0 ? { workspaces } : {}),
    users,
    ...(selectors.length + elements.length > 0
      ? { elements: [...selectors.map(({ match, workspace }) => ({ match, workspace })), ...elements] }
      : {}),
  });
  for (const [index, { match, covered }] of selectors.entries()) {
    const node = doc.getIn(["elements", index], true) as { commentBefore?: string | null } | undefined;
    if (node) node.commentBefore = ` covers all ${covered} ${match.kind ?? "element"}s here (dump --selectors)`;
  }
  for (const [index, comment] of outOfFunnel) {
    const node = doc.getIn(["elements", index], true) as { commentBefore?: string | null } | undefined;
    if (node) node.commentBefore = comment;
  }
  visit(doc, {
    Seq(_, seq) {
      if (seq.items.every((item) => isScalar(item))) seq.flow = true;
    },
  });
  const header = [
    `# yaml-language-server: $schema=${options.schema ?? DECLARATION_SCHEMA_URL}`,
    `# The ${profile.displayName} account ${have.account.id} as it is, written by tracker-access dump.`,
  ].join("\n");
  return `${header}\n${doc.toString({ lineWidth: 0, flowCollectionPadding: false })}`;
}
