/**
 * A seed for the authorization matrix of any profile: one actor with an API key per role, and for every
 * operation its own target users, workspaces and elements, so the cases of one actor never interfere.
 */
import type { Profile } from "../../src/policy/profile.ts";
import type { SandboxSeed, SeedElement, SeedUser } from "../../src/sandbox/seed.ts";

/** The e-mail of the matrix's actor of `role`. */
export const actorEmail = (role: string) => `actor-${role}@matrix.test`;
/** A target user of the matrix. */
export const targetEmail = (what: string, role: string) => `${what}-${role}@matrix.test`;
/** The role-change target from one role to another. */
export const roleChangeEmail = (from: string, to: string) => `role-${from}-to-${to}@matrix.test`;
/** The matrix's element of `kind` for a move case sent as `request` (each request moves its own element). */
export const elementName = (kind: string, move: string, request: string) => `${kind} ${move} ${request}`;

/**
 * The moves the matrix tries per element kind: [case name, from, to]. Actors that need private workspaces are
 * members of w1 and w2 only, so the w3 cases move into and out of a workspace the actor is not a member of.
 */
export const MOVE_CASES = [
  ["w1-to-w2", "w1", "w2"],
  ["public-to-w1", "public", "w1"],
  ["w1-to-public", "w1", "public"],
  ["w1-to-w3", "w1", "w3"],
  ["w3-to-w1", "w3", "w1"],
] as const;

/** How each move case is sent: alone (PUT .../workspace) or as a group of one (POST /v1/element-moves). */
export const MOVE_REQUESTS = ["single", "group"] as const;

/** The private workspaces the matrix's actor of `role` is a member of. */
export function actorWorkspaces(profile: Profile, role: string): string[] {
  return profile.roles.find((r) => r.name === role)?.needsPrivateWorkspace ? ["w1", "w2"] : [];
}

/** The matrix seed of `profile`. */
export function matrixSeed(profile: Profile): SandboxSeed {
  const others = profile.roles.map((role) => role.name).filter((name) => name !== profile.ownerRole);
  const user = (email: string, role: string, extra: Partial<SeedUser> = {}): SeedUser => {
    const needs = profile.roles.find((r) => r.name === role)?.needsPrivateWorkspace;
    return { email, role, ...(needs ? { workspaces: actorWorkspaces(profile, role) } : {}), ...extra };
  };
  const users: SeedUser[] = profile.roles.map((role) =>
    user(actorEmail(role.name), role.name, { apiKey: `sk-matrix-${role.name}` }),
  );
  for (const role of others) {
    users.push(user(targetEmail("remove", role), role), user(targetEmail("edit", role), role));
    users.push(user(targetEmail("resend", role), role, { status: "invited" }));
    // Role-change targets keep workspaces whatever their role, so the new role never lacks one.
    for (const to of others.filter((to) => to !== role)) {
      users.push(user(roleChangeEmail(role, to), role, { workspaces: ["w1", "w2"] }));
    }
  }
  const elements: SeedElement[] = [];
  for (const kind of profile.elementKinds) {
    for (const [move, from] of MOVE_CASES) {
      if (from === "public" && !kind.allowedInPublic) continue;
      for (const request of MOVE_REQUESTS) {
        elements.push({ kind: kind.name, name: elementName(kind.name, move, request), workspace: from });
      }
    }
  }
  const workspaces = ["w1", "w2", "w3", "rename-me", "delete-me"].map((name) => ({ name }));
  return {
    account: { id: `matrix-${profile.tracker}`, name: "Matrix", profile: profile.tracker },
    workspaces,
    users,
    elements,
  };
}
