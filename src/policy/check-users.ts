/**
 * Checks the declared users: one entry per e-mail, roles the tracker has, exactly one owner, and
 * workspace memberships that the tracker can express.
 */
import { emailKey, type UserDeclaration } from "../declaration/model.ts";
import { checkHiddenColumns } from "./check-columns.ts";
import { type CheckContext, listOf, placeOf } from "./check-context.ts";
import {
  ALL_WORKSPACES,
  type DeclaredWorkspaces,
  PUBLIC_WORKSPACE,
  resolveWorkspace,
  unknownWorkspaceMessage,
} from "./check-workspaces.ts";
import { didYouMean } from "./nearest-name.ts";
import type { Role } from "./profile.ts";

/** Checks `users:` against the profile and the declared workspaces. */
export function checkUsers(ctx: CheckContext, workspaces: DeclaredWorkspaces): void {
  const { profile } = ctx;
  const roles = new Map(profile.roles.map((r) => [r.name, r]));
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

    const role = roles.get(user.role);
    if (role === undefined) {
      const message = `${profile.displayName} has no role \`${user.role}\`${didYouMean(user.role, roles.keys())}; roles: ${listOf(roles.keys())}`;
      ctx.report("role/unsupported", user.at, message, "/role");
    }
    if (user.role === profile.ownerRole) owners.push(user);
    checkMemberships(ctx, user, role, workspaces);
    checkHiddenColumns(ctx, user, role);
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

/** The user's `workspaces:` name workspaces that exist and that the tracker lets this role be assigned. */
function checkMemberships(
  ctx: CheckContext,
  user: UserDeclaration,
  role: Role | undefined,
  workspaces: DeclaredWorkspaces,
): void {
  const { profile } = ctx;
  const noun = profile.workspaceNoun;
  const grants = user.workspaces;
  if (grants === ALL_WORKSPACES) {
    if (!profile.allWorkspacesGrant) {
      const message = `${profile.displayName} cannot grant every ${noun} at once; list the user's ${noun}s`;
      ctx.report("access/all-workspaces-unsupported", user.at, message, "/workspaces");
    } else if (role?.implicitAccess) {
      ctx.report("member/implicit-access", user.at, implicitMessage(user, role, noun), "/workspaces");
    }
    return;
  }

  let privateGrants = 0;
  grants.forEach((name, index) => {
    const at = `/workspaces/${index}`;
    if (name === ALL_WORKSPACES) {
      if (!profile.allWorkspacesGrant) {
        const message = `${profile.displayName} cannot grant every ${noun} at once; list the user's ${noun}s`;
        ctx.report("access/all-workspaces-unsupported", user.at, message, at);
      } else {
        const message = `\`*\` inside a list names no ${noun}; write \`workspaces: "*"\` to grant every ${noun}`;
        ctx.report("ref/unknown-workspace", user.at, message, at);
      }
      return;
    }
    const reference = resolveWorkspace(ctx, workspaces, name);
    if (reference === "public") {
      const message = `\`${PUBLIC_WORKSPACE}\` cannot be assigned: every user of the account already sees it`;
      ctx.report("member/public-not-assignable", user.at, message, at);
      return;
    }
    privateGrants += 1;
    if (reference === "unknown") ctx.report("ref/unknown-workspace", user.at, unknownWorkspaceMessage(ctx, name), at);
  });

  if (role === undefined) return;
  if (role.implicitAccess && grants.length > 0) {
    ctx.report("member/implicit-access", user.at, implicitMessage(user, role, noun), "/workspaces");
  }
  if (role.needsPrivateWorkspace && privateGrants === 0) {
    const message = `${user.email} is ${role.name} and needs at least one private ${noun}; none is assigned`;
    ctx.report("member/needs-private-workspace", user.at, message, "/workspaces");
  }
}

function implicitMessage(user: UserDeclaration, role: Role, noun: string): string {
  return `${user.email} is ${role.name} and already sees every ${noun}; the listed ${noun}s have no effect`;
}
