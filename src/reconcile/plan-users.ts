/**
 * Users, managed authoritatively: every declared user is invited or brought to the declared role, workspaces and
 * hidden columns; every user of the account the declaration does not name is removed (a pending invitation is
 * revoked). A pending invitation counts as present; an expired one is re-sent, never duplicated, until it has been
 * sent as often as allowed (invitation-sends.ts): then it is left for the access review.
 */
import { type CanonicalAccess, canonicalAccess } from "../declaration/canonical-access.ts";
import { ALL_WORKSPACES, emailKey, type UserDeclaration, type WorkspaceGrant } from "../declaration/model.ts";
import { accessErrors, mayHaveHiddenColumns } from "../policy/access-rules.ts";
import type { Profile } from "../policy/profile.ts";
import type { User } from "../tracker/resources.ts";
import type { Violation } from "../violations/violation.ts";
import { violationAt } from "../violations/violation-at.ts";
import { unacceptedInvitation } from "./invitation-sends.ts";
import { compareText, invitationExpired, liveAccess, sameNames } from "./live-account.ts";
import type { ChangeRole, Operation } from "./operations.ts";
import { knownWorkspace, type PlanContext } from "./plan-context.ts";

/** The user operations of a plan. */
export interface UserPlan {
  operations: Operation[];
  expiredInvitations: Array<{ email: string; expiredAt: string }>;
  refusals: Violation[];
}

/** Works out the invitations, changes and removals that make the account's users match the declaration. */
export function planUsers(ctx: PlanContext): UserPlan {
  const { have } = ctx;
  const haveByEmail = new Map(have.users.map((u) => [emailKey(u.email), u]));
  const wantByEmail = ctx.wantUsers;
  const plan: UserPlan = { operations: [], expiredInvitations: [], refusals: [] };

  // Declared users: invite the missing, re-send expired invitations, change what differs.
  for (const [key, user] of [...wantByEmail].sort(([a], [b]) => compareText(a, b))) {
    const unknown = user.workspaces === ALL_WORKSPACES ? [] : user.workspaces.filter((w) => !knownWorkspace(ctx, w));
    if (unknown.length > 0) {
      plan.refusals.push(
        violationAt(
          "ref/unknown-workspace",
          user.at,
          `${user.email} is assigned to undeclared workspace(s) ${unknown.join(", ")}`,
        ),
      );
      continue;
    }
    const live = haveByEmail.get(key);
    if (live === undefined) plan.operations.push(invite(user));
    else planUserChanges(ctx, user, live, plan);
  }

  // Undeclared users: removed, or their pending invitation revoked.
  for (const live of [...have.users].sort((a, b) => compareText(emailKey(a.email), emailKey(b.email)))) {
    if (wantByEmail.has(emailKey(live.email))) continue;
    const pending = live.status === "invited";
    plan.operations.push({
      type: "remove-user",
      id: `user:${emailKey(live.email)}:remove`,
      email: live.email,
      userId: live.id,
      role: live.role,
      pending,
      reason: pending ? "pending invitation, user not declared" : "in the account, not declared",
      dependsOn: [],
    });
  }
  return plan;
}

/** The declared user's access in canonical form (declaration/canonical-access.ts). */
function declaredAccess(user: UserDeclaration): CanonicalAccess {
  return canonicalAccess(user.role, user.workspaces, user.hiddenColumns);
}

function invite(user: UserDeclaration): Operation {
  const access = declaredAccess(user);
  return {
    type: "invite-user",
    id: `user:${emailKey(user.email)}:invite`,
    email: user.email,
    role: access.role,
    workspaces: access.workspaces,
    hiddenColumns: access.hiddenColumns,
    reason: `declared in ${user.at.file}:${user.at.line}, not in the account`,
    dependsOn: [],
  };
}

function planUserChanges(ctx: PlanContext, user: UserDeclaration, live: User, plan: UserPlan): void {
  const key = emailKey(user.email);
  const where = `${user.at.file}:${user.at.line}`;
  const have = liveAccess(live, ctx.names.nameOf);
  const want = declaredAccess(user);
  const [haveWorkspaces, wantWorkspaces] = [have.workspaces, want.workspaces];
  const [haveColumns, wantColumns] = [have.hiddenColumns, want.hiddenColumns];

  // an invitation sent as often as allowed is not re-sent: drift reports it, the access review decides
  if (invitationExpired(live, ctx.now) && unacceptedInvitation(user, live, ctx.profile, ctx.now) === undefined) {
    const expiredAt = live.invitationExpiresAt!;
    plan.expiredInvitations.push({ email: user.email, expiredAt });
    plan.operations.push({
      type: "resend-invitation",
      id: `user:${key}:resend`,
      email: user.email,
      userId: live.id,
      expiredAt,
      reason: `invitation expired at ${expiredAt}; re-sent, not duplicated`,
      dependsOn: [],
    });
  }
  if (live.role !== user.role) {
    const change: ChangeRole = {
      type: "change-role",
      id: `user:${key}:role`,
      email: user.email,
      userId: live.id,
      from: live.role,
      to: user.role,
      reason: `declared as ${user.role} in ${where}, is ${live.role}`,
      dependsOn: [],
    };
    const carried = carriedWithRole(ctx.profile, user.role, haveWorkspaces, wantWorkspaces, haveColumns, wantColumns);
    if (carried !== undefined) change.with = carried;
    plan.operations.push(change);
  }
  if (!sameNames(haveWorkspaces, wantWorkspaces)) {
    plan.operations.push({
      type: "set-memberships",
      id: `user:${key}:memberships`,
      email: user.email,
      userId: live.id,
      from: haveWorkspaces,
      to: wantWorkspaces,
      reason: `declared workspaces in ${where} differ: ${setChange(haveWorkspaces, wantWorkspaces)}`,
      dependsOn: [],
    });
  }
  if (!sameNames(haveColumns, wantColumns)) {
    plan.operations.push({
      type: "set-hidden-columns",
      id: `user:${key}:hidden-columns`,
      email: user.email,
      userId: live.id,
      from: haveColumns,
      to: wantColumns,
      reason: `declared hidden columns in ${where} differ: ${setChange(haveColumns, wantColumns)}`,
      dependsOn: [],
    });
  }
}

/** What must travel with a role change so that the user is valid under the new role at every step. */
function carriedWithRole(
  profile: Profile,
  role: string,
  haveWorkspaces: WorkspaceGrant,
  wantWorkspaces: WorkspaceGrant,
  haveColumns: string[],
  wantColumns: string[],
): ChangeRole["with"] {
  const carried: NonNullable<ChangeRole["with"]> = {};
  // Under the new role with the memberships it has now: would it lack the private workspace that role needs?
  const all = haveWorkspaces === ALL_WORKSPACES;
  const asIs = { role, workspaces: all ? [] : haveWorkspaces, allWorkspaces: all, hiddenColumns: [] };
  const stranded = accessErrors(profile, asIs).some((p) => p.rule === "member/needs-private-workspace");
  if (stranded && !sameNames(haveWorkspaces, wantWorkspaces)) carried.workspaces = wantWorkspaces;
  if (!mayHaveHiddenColumns(profile, role) && haveColumns.length > 0) carried.hiddenColumns = wantColumns;
  return Object.keys(carried).length > 0 ? carried : undefined;
}

/** `+a, -b` between two name sets; "*" shown as "every workspace". */
function setChange(from: WorkspaceGrant, to: WorkspaceGrant): string {
  const label = (names: WorkspaceGrant) => (names === ALL_WORKSPACES ? "every workspace" : names.join(", ") || "none");
  if (from === ALL_WORKSPACES || to === ALL_WORKSPACES) return `${label(from)} → ${label(to)}`;
  const added = to.filter((n) => !from.includes(n)).map((n) => `+${n}`);
  const removed = from.filter((n) => !to.includes(n)).map((n) => `-${n}`);
  return [...added, ...removed].join(", ");
}
