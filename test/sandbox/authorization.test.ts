/**
 * The authorization matrix: every role's key of every profile against every mutating operation, over HTTP.
 * Expectations are derived from the profile data (role.manages, changesRoles, managesWorkspaces, element
 * access), independently of the sandbox's code, plus a few facts written out by hand.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Profile, Role } from "../../src/policy/profile.ts";
import { loadProfile } from "../../src/policy/profile-loader.ts";
import { type RunningSandbox, startSandbox } from "../../src/sandbox/server.ts";
import { call } from "./api.ts";
import {
  actorEmail,
  actorWorkspaces,
  elementName,
  MOVE_CASES,
  matrixSeed,
  roleChangeEmail,
  targetEmail,
} from "./matrix-seed.ts";

const TRACKERS = ["voluum", "peerclick", "clickflare", "clicky"];

function profileOf(tracker: string): Profile {
  const profile = loadProfile(tracker);
  if (profile === undefined) throw new Error(`no profile ${tracker}`);
  return profile;
}

/** Expected status of managing a user of role `target` (invite, edit, remove, resend) by role `actor`. */
function manageStatus(profile: Profile, actor: Role, target: string, success: number, what: string): number {
  if (actor.manages.length === 0) return 403;
  if (target === profile.ownerRole && what === "remove") return 409;
  if (!actor.manages.includes(target)) return 403;
  if (what === "edit" && !actor.managesWorkspaces) return 403;
  return success;
}

function roleChangeStatus(profile: Profile, actor: Role, from: string, to: string): number {
  if (actor.manages.length === 0) return 403;
  if (from === profile.ownerRole) return 409;
  if (!actor.manages.includes(from) || !actor.changesRoles || !actor.manages.includes(to)) return 403;
  return 200;
}

/** A role reads other users when its access to the profile's users section is view or edit; itself always. */
function readStatus(profile: Profile, actor: Role, self: boolean): number {
  if (self) return 200;
  return ["view", "edit"].includes(actor.settings[profile.usersSection] ?? "none") ? 200 : 403;
}

/** A role edits in a private workspace it sees: every one with implicit access, else only its memberships. */
function moveStatus(profile: Profile, actor: Role, kind: string, from: string, to: string): number {
  if (to === "public" && !profile.elementKinds.find((k) => k.name === kind)?.allowedInPublic) return 422;
  const member = actorWorkspaces(profile, actor.name);
  const edits = (workspace: string) => {
    if (workspace === "public") return ["edit", "create"].includes(actor.publicAccess[kind] ?? "");
    const sees = actor.implicitAccess || member.includes(workspace);
    return sees && ["edit", "create"].includes(actor.privateAccess[kind] ?? "");
  };
  return edits(from) && edits(to) ? 200 : 403;
}

/** Runs every case for one actor; returns `case → status` lines, actual and expected. */
async function matrix(sandbox: RunningSandbox, profile: Profile, actor: Role) {
  const key = sandbox.apiKeys[actorEmail(actor.name)];
  const admin = sandbox.apiKeys[actorEmail(profile.ownerRole)];
  const users = (await call(sandbox, "GET", "/v1/users?limit=1000", { key: admin })).body.items;
  const byEmail = (email: string) => users.find((u: { email: string }) => u.email === email);
  const workspaces = (await call(sandbox, "GET", "/v1/workspaces", { key: admin })).body.items;
  const ws = (name: string) =>
    name === "public" ? "public" : workspaces.find((w: { name: string }) => w.name === name);
  const wsId = (name: string) => (name === "public" ? "public" : ws(name).id);
  const actual: string[] = [];
  const expected: string[] = [];
  const check = async (label: string, want: number, send: (k: string) => Promise<{ status: number }>) => {
    expected.push(`${label} → ${want}`);
    actual.push(`${label} → ${(await send(key)).status}`);
    // Whatever the role, an unknown key is 401.
    if ((await send("sk-matrix-unknown")).status !== 401) actual.push(`${label} with an unknown key is not 401`);
  };
  const others = profile.roles.map((r) => r.name).filter((n) => n !== profile.ownerRole);

  // Reads: the list of users, another user, the key's own user.
  const self = byEmail(actorEmail(actor.name));
  const other = byEmail(actorEmail(profile.ownerRole === actor.name ? others[0] : profile.ownerRole));
  await check("list users", readStatus(profile, actor, false), (k) =>
    call(sandbox, "GET", "/v1/users?limit=5", { key: k }),
  );
  await check("read another user", readStatus(profile, actor, false), (k) =>
    call(sandbox, "GET", `/v1/users/${other.id}`, { key: k }),
  );
  await check("read an unknown user", readStatus(profile, actor, false) === 200 ? 404 : 403, (k) =>
    call(sandbox, "GET", "/v1/users/u-999999", { key: k }),
  );
  await check("read itself", readStatus(profile, actor, true), (k) =>
    call(sandbox, "GET", `/v1/users/${self.id}`, { key: k }),
  );

  // Users: invite, edit workspaces, change role, remove, re-send the invitation.
  for (const role of profile.roles.map((r) => r.name)) {
    const invite = { email: `new-${role}@matrix.test`, role, workspaces: [wsId("w1")] };
    await check(`invite ${role}`, manageStatus(profile, actor, role, 201, "invite"), (k) =>
      call(sandbox, "POST", "/v1/users", { key: k, body: invite }),
    );
    const editTarget = role === profile.ownerRole ? byEmail(actorEmail(role)) : byEmail(targetEmail("edit", role));
    await check(`edit ${role}`, manageStatus(profile, actor, role, 200, "edit"), (k) =>
      call(sandbox, "PATCH", `/v1/users/${editTarget.id}`, {
        key: k,
        body: { workspaces: [wsId("w1"), wsId("w2")] },
        ifMatch: editTarget.etag,
      }),
    );
    const removeTarget = role === profile.ownerRole ? byEmail(actorEmail(role)) : byEmail(targetEmail("remove", role));
    await check(`remove ${role}`, manageStatus(profile, actor, role, 204, "remove"), (k) =>
      call(sandbox, "DELETE", `/v1/users/${removeTarget.id}`, { key: k, ifMatch: removeTarget.etag }),
    );
    if (role === profile.ownerRole) continue;
    const resendTarget = byEmail(targetEmail("resend", role));
    await check(`resend ${role}`, manageStatus(profile, actor, role, 200, "resend"), (k) =>
      call(sandbox, "POST", `/v1/users/${resendTarget.id}/invitation`, { key: k, ifMatch: resendTarget.etag }),
    );
  }
  for (const from of others) {
    for (const to of profile.roles.map((r) => r.name).filter((n) => n !== from)) {
      const target = from === profile.ownerRole ? undefined : byEmail(roleChangeEmail(from, to));
      if (target === undefined) continue;
      await check(`role ${from} → ${to}`, roleChangeStatus(profile, actor, from, to), (k) =>
        call(sandbox, "PATCH", `/v1/users/${target.id}`, { key: k, body: { role: to }, ifMatch: target.etag }),
      );
    }
  }
  const owner = byEmail(actorEmail(profile.ownerRole));
  await check(
    `role ${profile.ownerRole} → ${others[0]}`,
    roleChangeStatus(profile, actor, profile.ownerRole, others[0]),
    (k) => call(sandbox, "PATCH", `/v1/users/${owner.id}`, { key: k, body: { role: others[0] }, ifMatch: owner.etag }),
  );

  // Workspaces.
  const manages = actor.managesWorkspaces;
  await check("create workspace", manages ? 201 : 403, (k) =>
    call(sandbox, "POST", "/v1/workspaces", { key: k, body: { name: `new-by-${actor.name}` } }),
  );
  await check("rename workspace", manages ? 200 : 403, (k) =>
    call(sandbox, "PATCH", `/v1/workspaces/${ws("rename-me").id}`, {
      key: k,
      body: { name: "renamed" },
      ifMatch: ws("rename-me").etag,
    }),
  );
  await check("delete workspace", manages ? 204 : 403, (k) =>
    call(sandbox, "DELETE", `/v1/workspaces/${ws("delete-me").id}`, { key: k, ifMatch: ws("delete-me").etag }),
  );

  // Elements: single moves per kind, and the same moves as one group request each.
  const elements = (await call(sandbox, "GET", "/v1/elements?limit=1000", { key: admin })).body.items;
  const named = (name: string) => elements.find((e: { name: string }) => e.name === name);
  for (const kind of profile.elementKinds) {
    for (const [move, from, to] of MOVE_CASES) {
      const want = moveStatus(profile, actor, kind.name, from, to);
      const single = named(elementName(kind.name, move, "single"));
      const group = named(elementName(kind.name, move, "group"));
      if (single === undefined || group === undefined) continue;
      await check(`move ${kind.name} ${move}`, want, (k) =>
        call(sandbox, "PUT", `/v1/elements/${single.id}/workspace`, {
          key: k,
          body: { workspace: wsId(to) },
          ifMatch: single.etag,
        }),
      );
      await check(`group move ${kind.name} ${move}`, want, (k) =>
        call(sandbox, "POST", "/v1/element-moves", {
          key: k,
          body: { moves: [{ id: group.id, workspace: wsId(to), etag: group.etag }] },
        }),
      );
    }
  }
  return { actual, expected };
}

for (const tracker of TRACKERS) {
  const profile = profileOf(tracker);
  describe(`${tracker}: every role's key against every mutating operation`, () => {
    for (const actor of profile.roles) {
      it(`as ${actor.name}`, async () => {
        const sandbox = await startSandbox({ seed: matrixSeed(profile) });
        try {
          const { actual, expected } = await matrix(sandbox, profile, actor);
          expect(actual).toEqual(expected);
        } finally {
          await sandbox.close();
        }
      });
    }
  });
}

describe("facts from the trackers' documentation, by hand", () => {
  const sandboxes = new Map<string, RunningSandbox>();
  beforeAll(async () => {
    for (const tracker of TRACKERS)
      sandboxes.set(tracker, await startSandbox({ seed: matrixSeed(profileOf(tracker)) }));
  });
  afterAll(async () => {
    for (const sandbox of sandboxes.values()) await sandbox.close();
  });

  async function status(tracker: string, actor: string, method: string, email: string, body?: object) {
    const sandbox = sandboxes.get(tracker)!;
    const owner = sandbox.apiKeys[actorEmail("owner")];
    const users = (await call(sandbox, "GET", "/v1/users?limit=1000", { key: owner })).body.items;
    const target = users.find((u: { email: string }) => u.email === email);
    const key = sandbox.apiKeys[actorEmail(actor)];
    return (await call(sandbox, method, `/v1/users/${target.id}`, { key, body, ifMatch: target.etag })).status;
  }

  it("Voluum: only the owner changes roles; an admin cannot, not even between workers and read-only users", async () => {
    expect(await status("voluum", "admin", "PATCH", roleChangeEmail("worker", "readonly"), { role: "readonly" })).toBe(
      403,
    );
    expect(await status("voluum", "owner", "PATCH", roleChangeEmail("worker", "admin"), { role: "admin" })).toBe(200);
  });

  it("ClickFlare: an admin changes a worker into a read-only user; PeerClick: an admin cannot make an admin", async () => {
    expect(
      await status("clickflare", "admin", "PATCH", roleChangeEmail("worker", "readonly"), { role: "readonly" }),
    ).toBe(200);
    expect(await status("peerclick", "admin", "PATCH", roleChangeEmail("worker", "admin"), { role: "admin" })).toBe(
      403,
    );
  });

  it("no admin removes or edits another admin, on any tracker", async () => {
    for (const tracker of TRACKERS) {
      expect(await status(tracker, "admin", "PATCH", targetEmail("edit", "admin"), { workspaces: [] })).toBe(403);
      expect(await status(tracker, "admin", "DELETE", targetEmail("remove", "admin"))).toBe(403);
    }
  });

  it("the owner is never removed or demoted, not even by the owner", async () => {
    for (const tracker of TRACKERS) {
      expect(await status(tracker, "owner", "DELETE", actorEmail("owner"))).toBe(409);
      expect(await status(tracker, "owner", "PATCH", actorEmail("owner"), { role: "admin" })).toBe(409);
    }
  });

  it("a worker moves nothing into or out of a workspace they are not a member of, alone or in a group", async () => {
    for (const tracker of ["voluum", "peerclick", "clickflare"]) {
      const sandbox = sandboxes.get(tracker)!;
      const owner = sandbox.apiKeys[actorEmail("owner")];
      const worker = sandbox.apiKeys[actorEmail("worker")];
      const workspaces = (await call(sandbox, "GET", "/v1/workspaces", { key: owner })).body.items;
      const wsId = (name: string) => workspaces.find((w: { name: string }) => w.name === name).id;
      const elements = (await call(sandbox, "GET", "/v1/elements?limit=1000", { key: owner })).body.items;
      const element = (name: string) => elements.find((e: { name: string }) => e.name === name);
      const move = (name: string, to: string) =>
        call(sandbox, "PUT", `/v1/elements/${element(name).id}/workspace`, {
          key: worker,
          body: { workspace: wsId(to) },
          ifMatch: element(name).etag,
        });
      const groupMove = (name: string, to: string) =>
        call(sandbox, "POST", "/v1/element-moves", {
          key: worker,
          body: { moves: [{ id: element(name).id, workspace: wsId(to), etag: element(name).etag }] },
        });
      const statuses = [
        (await move("offer w1-to-w3 single", "w3")).status,
        (await groupMove("offer w1-to-w3 group", "w3")).status,
        (await move("offer w3-to-w1 single", "w1")).status,
        (await groupMove("offer w3-to-w1 group", "w1")).status,
        (await move("offer w1-to-w2 single", "w2")).status,
        (await groupMove("offer w1-to-w2 group", "w2")).status,
      ];
      expect([tracker, ...statuses]).toEqual([tracker, 403, 403, 403, 403, 200, 200]);
    }
  });

  it("workers, read-only and view-only users read no user but themselves; owners and admins read everyone", async () => {
    // Seeds 000-003: only the owner and admins see the collaboration / users settings.
    const got: string[] = [];
    for (const tracker of TRACKERS) {
      const sandbox = sandboxes.get(tracker)!;
      for (const role of profileOf(tracker).roles.map((r) => r.name)) {
        const answer = await call(sandbox, "GET", "/v1/users", { key: sandbox.apiKeys[actorEmail(role)] });
        if (answer.status === 200) got.push(`${tracker} ${role}`);
        else expect(answer.body.detail).toContain("it reads only itself (/v1/me)");
        const me = await call(sandbox, "GET", "/v1/me", { key: sandbox.apiKeys[actorEmail(role)] });
        expect(me.body.email).toBe(actorEmail(role));
      }
    }
    expect(got).toEqual(TRACKERS.flatMap((tracker) => [`${tracker} owner`, `${tracker} admin`]));
  });

  it("Clicky's view-only users and Voluum's workers manage nobody", async () => {
    expect(await status("clicky", "viewonly", "DELETE", targetEmail("remove", "user"))).toBe(403);
    expect(await status("voluum", "worker", "DELETE", targetEmail("remove", "readonly"))).toBe(403);
  });
});
