/**
 * Checks the declared users: one entry per e-mail, roles the tracker has, exactly one owner, and
 * workspace memberships that the tracker can express.
 */
import { ALL_WORKSPACES, emailKey, PUBLIC_WORKSPACE, type UserDeclaration } from "../declaration/model.ts";
import { type AccessProblem, type AccessRequest, accessProblems } from "./access-rules.ts";
import { reportColumnProblem } from "./check-columns.ts";
import { type CheckContext, listOf, placeOf } from "./check-context.ts";
import { type DeclaredWorkspaces, resolveWorkspace, unknownWorkspaceMessage } from "./check-workspaces.ts";
import { didYouMean } from "./nearest-name.ts";

/** Checks `users:` against the profile and the declared workspaces. */
export function checkUsers(ctx: CheckContext, workspaces: DeclaredWorkspaces): void {
  const { profile } = ctx;
  const seen = new Map<string, UserDeclaration>();
  const owners: UserDeclaration[] = [];
  for (const user of ctx.declaration.users) {
    const key = emailKey(user.email);
    const first = seen.get(key);
    if (first !== undefined) {
      const message = `user ${user.email} is declared twice; also declared at ${placeOf(first.at)}`;
      ctx.report("ref/duplicate", user.at, message, "/email");
      continue;
    }
    seen.set(key, user);

    if (user.role === profile.ownerRole) owners.push(user);
    for (const problem of accessProblems(profile, declaredAccess(user))) reportAccessProblem(ctx, user, problem);
    checkWorkspaceReferences(ctx, user, workspaces);
  }
  checkOwner(ctx, owners);
}

/** Exactly one user has the owner role. */
function checkOwner(ctx: CheckContext, owners: UserDeclaration[]): void {
  const { profile, declaration } = ctx;
  if (owners.length === 0) {
    if (ctx.omitted.users) return; // the owner may be a user entry that schema errors left out
    const file = declaration.users[0]?.at.file ?? declaration.files[0] ?? "declaration";
    const message = `no user has the \`${profile.ownerRole}\` role; a ${profile.displayName} account has exactly one`;
    ctx.report("owner/exactly-one", ctx.locate(file, "/users"), message);
    return;
  }
  const [first, ...others] = owners;
  for (const owner of others) {
    const message = `${owner.email} is a second \`${profile.ownerRole}\`; a ${profile.displayName} account has exactly one (${first.email} at ${placeOf(first.at)})`;
    ctx.report("owner/exactly-one", owner.at, message, "/role");
  }
}

/** A declared user's access in the shape the profile's rules read (`"*"` is the all-workspaces grant). */
export function declaredAccess(user: UserDeclaration): AccessRequest {
  const grants = user.workspaces;
  return {
    role: user.role,
    workspaces: grants === ALL_WORKSPACES ? [] : grants,
    allWorkspaces: grants === ALL_WORKSPACES,
    hiddenColumns: user.hiddenColumns ?? [],
  };
}

/** Reports one of `accessProblems`' findings at the user's field it concerns. */
function reportAccessProblem(ctx: CheckContext, user: UserDeclaration, problem: AccessProblem): void {
  const { profile } = ctx;
  const noun = profile.workspaceNoun;
  const at = problem.index === undefined ? "/workspaces" : `/workspaces/${problem.index}`;
  switch (problem.rule) {
    case "role/unsupported": {
      const roles = profile.roles.map((r) => r.name);
      const message = `${profile.displayName} has no role \`${user.role}\`${didYouMean(user.role, roles)}; roles: ${listOf(roles)}`;
      ctx.report("role/unsupported", user.at, message, "/role");
      return;
    }
    case "access/all-workspaces-unsupported": {
      const message = `${profile.displayName} cannot grant every ${noun} at once; list the user's ${noun}s`;
      ctx.report(problem.rule, user.at, message, at);
      return;
    }
    case "ref/unknown-workspace": {
      const message = `\`*\` inside a list names no ${noun}; write \`workspaces: "*"\` to grant every ${noun}`;
      ctx.report(problem.rule, user.at, message, at);
      return;
    }
    case "member/public-not-assignable": {
      const message = `\`${PUBLIC_WORKSPACE}\` cannot be assigned: every user of the account already sees it`;
      ctx.report(problem.rule, user.at, message, at);
      return;
    }
    case "member/implicit-access": {
      const message = `${user.email} is ${user.role} and already sees every ${noun}; the listed ${noun}s have no effect`;
      ctx.report(problem.rule, user.at, message, "/workspaces");
      return;
    }
    case "member/needs-private-workspace": {
      const message = `${user.email} is ${user.role} and needs at least one private ${noun}; none is assigned`;
      ctx.report(problem.rule, user.at, message, "/workspaces");
      return;
    }
    default:
      reportColumnProblem(ctx, user, problem);
  }
}

/** The user's listed workspaces exist (the profile's rules on them are `accessProblems`'). */
function checkWorkspaceReferences(ctx: CheckContext, user: UserDeclaration, workspaces: DeclaredWorkspaces): void {
  if (user.workspaces === ALL_WORKSPACES) return;
  user.workspaces.forEach((name, index) => {
    if (name === ALL_WORKSPACES || resolveWorkspace(ctx, workspaces, name) !== "unknown") return;
    ctx.report("ref/unknown-workspace", user.at, unknownWorkspaceMessage(ctx, name), `/workspaces/${index}`);
  });
}
