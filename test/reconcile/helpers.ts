/**
 * Fixtures for the reconcile tests: a live account built from the sandbox's seed format (so one fixture serves
 * the pure planner and the sandbox), a declaration built in code with positions, and the profiles.
 */
import { readFileSync } from "node:fs";
import { parse } from "yaml";
import type { Declaration, ElementAssignment, UserDeclaration } from "../../src/declaration/model.ts";
import type { Profile } from "../../src/policy/profile.ts";
import { loadProfile } from "../../src/policy/profile-loader.ts";
import type { LiveAccount } from "../../src/reconcile/live-account.ts";
import type { SandboxSeed } from "../../src/sandbox/seed.ts";
import type { Element, User, Workspace } from "../../src/tracker/resources.ts";

/** The profile of `tracker`, or a thrown error. */
export function profileOf(tracker: string): Profile {
  const profile = loadProfile(tracker);
  if (profile === undefined) throw new Error(`no profile ${tracker}`);
  return profile;
}

/** A seed file under test/reconcile/fixtures/. */
export function seedFile(name: string): SandboxSeed {
  return parse(readFileSync(fixturePath(name), "utf8")) as SandboxSeed;
}

/** The absolute path of a fixture. */
export function fixturePath(name: string): string {
  return `${import.meta.dirname}/fixtures/${name}`;
}

/** The live account a sandbox seeded with `seed` would show to `actorEmail` (ids ws-n, u-n, el-n; etags v1). */
export function liveFromSeed(seed: SandboxSeed, actorEmail: string): LiveAccount {
  const profile = profileOf(seed.account.profile);
  const workspaces: Workspace[] = (seed.workspaces ?? []).map((w, i) => ({
    id: `ws-${i + 1}`,
    name: w.name,
    etag: "v1",
    createdAt: "2026-01-01T00:00:00Z",
  }));
  const wsId = (name: string) => (name === "public" ? "public" : workspaces.find((w) => w.name === name)!.id);
  const users: User[] = seed.users.map((u, i) => ({
    id: `u-${i + 1}`,
    email: u.email,
    role: u.role,
    status: u.status ?? "active",
    invitationExpiresAt:
      (u.status ?? "active") === "invited" ? (u.invitationExpiresAt ?? "2099-01-01T00:00:00Z") : null,
    workspaces: (u.workspaces ?? []).map(wsId),
    allWorkspaces: u.allWorkspaces ?? false,
    hiddenColumns: u.hiddenColumns ?? [],
    ...(u.invitationsSent === undefined ? {} : { invitationsSent: u.invitationsSent }),
    etag: "v1",
  }));
  const seeded = seed.elements ?? [];
  const idOf = (kind: string, name: string) => {
    const index = seeded.findIndex((e) => e.kind === kind && e.name === name);
    return seeded[index].id ?? `el-${index + 1}`;
  };
  const elements: Element[] = seeded.map((e, i) => ({
    id: e.id ?? `el-${i + 1}`,
    kind: e.kind,
    name: e.name,
    workspace: wsId(e.workspace),
    connections: (e.connections ?? []).map((c) => ({ kind: c.kind, id: idOf(c.kind, c.name) })),
    ...(e.tags !== undefined ? { tags: e.tags } : {}),
    etag: "v1",
  }));
  const actor = users.find((u) => u.email === actorEmail)!;
  return {
    account: {
      id: seed.account.id,
      name: seed.account.name,
      profile: seed.account.profile,
      publicWorkspace: profile.publicWorkspace,
      limits: { privateWorkspaces: profile.privateWorkspaceLimit },
      columns: profile.columns.map(({ name, label }) => ({ name, label })),
    },
    actor: { userId: actor.id, email: actor.email, role: actor.role, accountId: seed.account.id },
    workspaces,
    users,
    elements,
  };
}

/** What a test declares: plain data, positions filled in as if written in `acme.yaml` in this order. */
export interface DeclarationSpec {
  tracker: string;
  account?: string;
  workspaces?: string[];
  users?: Array<{ email: string; role: string; workspaces?: string[] | "*"; hiddenColumns?: string[] }>;
  elements?: Array<{ kind: string; name?: string; id?: string; workspace: string }>;
}

/** A declaration from a spec; user i sits on line 100 + i, element i on line 1000 + i of `acme.yaml`. */
export function declare(spec: DeclarationSpec): Declaration {
  const file = "acme.yaml";
  const users: UserDeclaration[] = (spec.users ?? []).map((u, i) => ({
    email: u.email,
    role: u.role,
    workspaces: u.workspaces ?? [],
    hiddenColumns: u.hiddenColumns,
    at: { file, line: 100 + i, column: 5, path: `/users/${i}` },
  }));
  const elements: ElementAssignment[] = (spec.elements ?? []).map((e, i) => ({
    kind: e.kind,
    ...(e.id !== undefined ? { id: e.id } : { name: e.name }),
    workspace: e.workspace,
    uses: [],
    at: { file, line: 1000 + i, column: 5, path: `/elements/${i}` },
  }));
  return {
    apiVersion: "tracker-access/v1",
    tracker: spec.tracker,
    account: spec.account ?? "acme",
    files: [file],
    workspaces: (spec.workspaces ?? []).map((name, i) => ({
      name,
      at: { file, line: 10 + i, column: 5, path: `/workspaces/${i}` },
    })),
    users,
    elements,
  };
}

/** The spec that declares exactly what `seed` holds (the no-op starting point of most tests). */
export function specOf(seed: SandboxSeed): DeclarationSpec {
  return {
    tracker: seed.account.profile,
    account: seed.account.id,
    workspaces: (seed.workspaces ?? []).map((w) => w.name),
    users: seed.users.map((u) => ({
      email: u.email,
      role: u.role,
      workspaces: u.allWorkspaces ? "*" : (u.workspaces ?? []),
      ...(u.hiddenColumns !== undefined ? { hiddenColumns: u.hiddenColumns } : {}),
    })),
    elements: (seed.elements ?? []).map((e) => ({ kind: e.kind, name: e.name, workspace: e.workspace })),
  };
}

/** Deeply frozen copy: a pure function given it must not try to change it. */
export function frozen<T>(value: T): T {
  const copy = structuredClone(value);
  const freeze = (v: unknown) => {
    if (typeof v === "object" && v !== null) {
      for (const child of Object.values(v)) freeze(child);
      Object.freeze(v);
    }
  };
  freeze(copy);
  return copy;
}
