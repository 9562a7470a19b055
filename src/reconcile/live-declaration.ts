/**
 * The live account in the declaration's shape, for questions about the account as it is (`explain --live`,
 * `who-can --live`): every workspace, user (pending invitations included) and element, named as declarations
 * name them. An entity's position is the API resource it was read from (`/v1/users/u-3`) on line 0 of no file:
 * no file declares it, and `liveOrigin` turns it into the `{ live }` origin explanations print.
 */
import type { Declaration, SourcePosition } from "../declaration/model.ts";
import type { SourceLocator } from "../declaration/source-map.ts";
import type { LiveOrigin, Origin } from "../policy/explanation.ts";
import type { Profile } from "../policy/profile.ts";
import { indexElements } from "./element-refs.ts";
import { type LiveAccount, liveMemberships, workspaceNames } from "./live-account.ts";
import { resolvePlacements } from "./resolve-selectors.ts";

/** What a live entity's `at.file` says: read from the account, not a file. */
export const LIVE_FILE = "(live account)";

/**
 * The live account as a declaration of what it holds now. With the `declared` declaration, an element its
 * selectors place (as the planner resolves them: explicit entries win) in the workspace the account has it in
 * carries that selector, so `explain --live` cites the `match:` entry; one in another workspace does not (the
 * selector does not explain where it is: drift and plan report the move).
 */
export function liveDeclaration(have: LiveAccount, profile: Profile, declared?: Declaration): Declaration {
  const names = workspaceNames(have.workspaces, profile);
  const at = (path: string): SourcePosition => ({ file: LIVE_FILE, line: 0, column: 0, path });
  const placed =
    declared?.selectors === undefined || declared.selectors.length === 0
      ? undefined
      : resolvePlacements(declared, have.elements, indexElements(have.elements)).byId;
  return {
    apiVersion: "tracker-access/v1",
    tracker: profile.tracker,
    account: have.account.name || have.account.id,
    files: [],
    workspaces: have.workspaces.map((w) => ({ name: w.name, at: at(`/v1/workspaces/${w.id}`) })),
    users: have.users.map((u) => ({
      email: u.email,
      role: u.role,
      workspaces: liveMemberships(u, names),
      hiddenColumns: u.hiddenColumns.length > 0 ? [...u.hiddenColumns] : undefined,
      at: at(`/v1/users/${u.id}`),
    })),
    elements: have.elements.map((e) => {
      const workspace = names.nameOf(e.workspace) ?? e.workspace;
      const selector = placed?.get(e.id)?.selector;
      return {
        kind: e.kind,
        name: e.name,
        id: e.id,
        workspace,
        uses: [],
        at: at(`/v1/elements/${e.id}`),
        ...(selector !== undefined && sameWorkspace(selector.workspace, workspace) ? { selector } : {}),
      };
    }),
  };
}

/** Whether two workspace names are one workspace, as trackers compare them (case and surrounding spaces aside). */
function sameWorkspace(a: string, b: string): boolean {
  return a.trim().toLowerCase() === b.trim().toLowerCase();
}

/** The origin of a fact of the live declaration: the API resource it was read from (a pointer inside it is dropped). */
export function liveOrigin(at: SourcePosition): LiveOrigin {
  return { live: at.path };
}

/**
 * The origins of an explanation of the live declaration: a live entity's fact is the API resource it was read
 * from; a fact from the declaration's files (the selector that placed a live element) is its file position,
 * refined to the JSON pointer by `locate` when given.
 */
export function liveDeclarationOrigin(locate?: SourceLocator): (at: SourcePosition, path?: string) => Origin {
  return (at, path) => {
    if (at.file === LIVE_FILE) return liveOrigin(at);
    return path === undefined || locate === undefined ? at : locate(at.file, path);
  };
}
