/**
 * The live account in the declaration's shape, for questions about the account as it is (`explain --live`,
 * `who-can --live`): every workspace, user (pending invitations included) and element, named as declarations
 * name them. An entity's position is the API resource it was read from (`/v1/users/u-3`) on line 0 of no file:
 * no file declares it, and `liveOrigin` turns it into the `{ live }` origin explanations print.
 */
import type { Declaration, SourcePosition } from "../declaration/model.ts";
import type { LiveOrigin } from "../policy/access-explanation.ts";
import type { Profile } from "../policy/profile.ts";
import { type LiveAccount, liveMemberships, workspaceNames } from "./live-account.ts";

/** What a live entity's `at.file` says: read from the account, not a file. */
export const LIVE_FILE = "(live account)";

/** The live account as a declaration of what it holds now. */
export function liveDeclaration(have: LiveAccount, profile: Profile): Declaration {
  const names = workspaceNames(have.workspaces, profile);
  const at = (path: string): SourcePosition => ({ file: LIVE_FILE, line: 0, column: 0, path });
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
    elements: have.elements.map((e) => ({
      kind: e.kind,
      name: e.name,
      id: e.id,
      workspace: names.nameOf(e.workspace) ?? e.workspace,
      uses: [],
      at: at(`/v1/elements/${e.id}`),
    })),
  };
}

/** The origin of a fact of the live declaration: the API resource it was read from (a pointer inside it is dropped). */
export function liveOrigin(at: SourcePosition): LiveOrigin {
  return { live: at.path };
}
