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
/** The matrix's element of `kind` for a move case. */
export const elementName = (kind: string, move: string) => `${kind} ${move}`;

/** The moves the matrix tries per element kind: [case name, from, to]. */
export const MOVE_CASES = [
  ["w1-to-w2", "w1", "w2"],
  ["public-to-w1", "public", "w1"],
  ["w1-to-public", "w1", "public"],
] as const;

/** The matrix seed of `profile`. */
export function matrixSeed(profile: Profile): SandboxSeed {
  const others = profile.roles.map((role) => role.name).filter((name) => name !== profile.ownerRole);
  const user = (email: string, role: string, extra: Partial<SeedUser> = {}): SeedUser => {
    const needs = profile.roles.find((r) => r.name === role)?.needsPrivateWorkspace;
    return { email, role, ...(needs ? { workspaces: ["w1", "w2"] } : {}), ...extra };
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
      elements.push({ kind: kind.name, name: elementName(kind.name, move), workspace: from });
    }
  }
  const workspaces = ["w1", "w2", "rename-me", "delete-me"].map((name) => ({ name }));
  return {
    account: { id: `matrix-${profile.tracker}`, name: "Matrix", profile: profile.tracker },
    workspaces,
    users,
    elements,
  };
}
