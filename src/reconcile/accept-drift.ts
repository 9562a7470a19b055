/**
 * Drift accepted instead of reverted: the edits that make the declaration files describe the live account, so
 * that after them `drift` is clean and `plan` has nothing to do. Every operation the plan would run is turned
 * around: a user the account has and the declaration lacks is declared (in the file that holds the most members
 * of their workspaces, else the first file that declares users), a declared user the account lacks is dropped,
 * a role, workspaces or hidden columns take the live value, an element's workspace is where it is now, and
 * workspaces are declared or dropped as the account has them. Pure: file texts in, file texts out; the edits go
 * through yaml-edit.ts so untouched lines stay byte for byte.
 */

import { canonicalAccess } from "../declaration/canonical-access.ts";
import type { Declaration } from "../declaration/model.ts";
import { ALL_WORKSPACES, emailKey, type UserDeclaration, type WorkspaceGrant } from "../declaration/model.ts";
import { type EditValue, YamlFileEdit } from "../declaration/yaml-edit.ts";
import type { Profile } from "../policy/profile.ts";
import type { User } from "../tracker/resources.ts";
import { type LiveAccount, liveMemberships, sameNames, sortedNames, workspaceNames } from "./live-account.ts";
import type { ElementMove, Operation } from "./operations.ts";
import { type PlanOptions, plan } from "./plan.ts";

/** One declaration file before and after accepting the drift. */
export interface AcceptedFile {
  file: string;
  before: string;
  after: string;
}

/**
 * The declaration files that change when the account's state is accepted (unchanged files are left out).
 * `texts` holds every file of `want.files` by the same path.
 */
export function acceptDrift(
  want: Declaration,
  have: LiveAccount,
  profile: Profile,
  texts: ReadonlyMap<string, string>,
  options: PlanOptions = {},
): AcceptedFile[] {
  // Phase 1: what differs, as the plan sees it.
  const planned = plan(want, have, profile, options);
  const edits = new Map<string, YamlFileEdit>();
  const editOf = (file: string) => {
    let edit = edits.get(file);
    if (edit === undefined) {
      const text = texts.get(file);
      if (text === undefined) throw new Error(`the text of ${file} was not given`);
      edit = new YamlFileEdit(text);
      edits.set(file, edit);
    }
    return edit;
  };
  const names = workspaceNames(have.workspaces, profile);
  const declaredUsers = new Map(want.users.map((u) => [emailKey(u.email), u]));
  const liveUsers = new Map(have.users.map((u) => [emailKey(u.email), u]));
  const changedUsers = new Set<string>();

  // Phase 2: every operation, turned around.
  for (const op of planned.operations) {
    switch (op.type) {
      case "invite-user": {
        const user = declaredUsers.get(emailKey(op.email));
        if (user !== undefined) editOf(user.at.file).remove("users", entryIndex(user.at.path));
        break;
      }
      case "remove-user": {
        const live = liveUsers.get(emailKey(op.email));
        if (live === undefined) break;
        const workspaces = liveMemberships(live, names);
        editOf(fileForUser(want, workspaces)).append("users", declaredEntry(live, workspaces));
        break;
      }
      case "change-role":
      case "set-memberships":
      case "set-hidden-columns":
        changedUsers.add(emailKey(op.email));
        break;
      case "create-workspace": {
        const workspace = want.workspaces.find((w) => w.name === op.workspace);
        if (workspace !== undefined) editOf(workspace.at.file).remove("workspaces", entryIndex(workspace.at.path));
        break;
      }
      case "delete-workspace":
        editOf(fileDeclaring(want, "workspaces")).append("workspaces", { name: op.workspace });
        break;
      case "move-element":
      case "move-element-group":
        for (const move of op.type === "move-element" ? [op] : op.moves) moveBack(want, move, editOf);
        break;
      case "resend-invitation":
        break;
      default:
        assertNever(op);
    }
  }
  // A user's changed fields are taken from the account together (a role change may carry workspaces with it).
  for (const key of changedUsers) {
    const user = declaredUsers.get(key);
    const live = liveUsers.get(key);
    if (user !== undefined && live !== undefined) takeLiveUser(user, live, liveMemberships(live, names), editOf);
  }

  // Phase 3: the files that changed.
  return want.files.flatMap((file) => {
    const edit = edits.get(file);
    if (edit === undefined || !edit.changed) return [];
    const before = texts.get(file) as string;
    const after = edit.result();
    return after === before ? [] : [{ file, before, after }];
  });
}

function takeLiveUser(
  user: UserDeclaration,
  live: User,
  workspaces: WorkspaceGrant,
  editOf: (file: string) => YamlFileEdit,
): void {
  const path = ["users", entryIndex(user.at.path)];
  const edit = editOf(user.at.file);
  if (live.role !== user.role) edit.set(path, "role", live.role);
  if (!sameNames(user.workspaces, workspaces)) edit.set(path, "workspaces", workspaces);
  const columns = canonicalAccess(live.role, workspaces, live.hiddenColumns).hiddenColumns;
  const declared = canonicalAccess(user.role, user.workspaces, user.hiddenColumns).hiddenColumns;
  if (!sameNames(declared, columns)) edit.set(path, "hiddenColumns", columns);
}

function moveBack(want: Declaration, move: ElementMove, editOf: (file: string) => YamlFileEdit): void {
  const element = want.elements.find(
    (e) => e.kind === move.kind && (e.id !== undefined ? e.id === move.elementId : e.name === move.name),
  );
  if (element === undefined) return;
  editOf(element.at.file).set(["elements", entryIndex(element.at.path)], "workspace", move.from);
}

/** A live user as a declaration entry: e-mail, role, and workspaces and hidden columns when it has any. */
function declaredEntry(live: User, workspaces: WorkspaceGrant): EditValue {
  const entry: Record<string, string | string[]> = { email: live.email, role: live.role };
  if (workspaces === ALL_WORKSPACES || workspaces.length > 0) entry.workspaces = workspaces;
  const { hiddenColumns } = canonicalAccess(live.role, workspaces, live.hiddenColumns);
  if (hiddenColumns.length > 0) entry.hiddenColumns = hiddenColumns;
  return entry;
}

/**
 * Where a new user goes: the file declaring the most users who share one of `workspaces` (the first such file on
 * a tie), else the first file that declares users, else the first file.
 */
function fileForUser(want: Declaration, workspaces: WorkspaceGrant): string {
  const shared = new Map<string, number>();
  if (workspaces !== ALL_WORKSPACES) {
    for (const user of want.users) {
      if (user.workspaces !== ALL_WORKSPACES && user.workspaces.some((w) => workspaces.includes(w))) {
        shared.set(user.at.file, (shared.get(user.at.file) ?? 0) + 1);
      }
    }
  }
  let best: string | undefined;
  for (const file of want.files) {
    if ((shared.get(file) ?? 0) > (best === undefined ? 0 : (shared.get(best) ?? 0))) best = file;
  }
  return best ?? fileDeclaring(want, "users");
}

/** The first file that declares entries of `section`, else the first file. */
function fileDeclaring(want: Declaration, section: "users" | "workspaces"): string {
  const declared = want[section].map((entry) => entry.at.file);
  return want.files.find((file) => declared.includes(file)) ?? want.files[0];
}

/** The index of a list entry from its JSON pointer (`/users/3` → 3). */
function entryIndex(path: string): number {
  const index = /^\/[a-z]+\/(\d+)$/.exec(path)?.[1];
  if (index === undefined) throw new Error(`not a list entry: ${path}`);
  return Number(index);
}

function assertNever(op: never): never {
  throw new Error(`unknown operation ${(op as Operation).type}`);
}
