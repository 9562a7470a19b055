/**
 * The planner and the sandbox read one interpretation of the profiles, so they never disagree: for every profile
 * in policies/ and every role's API key, every operation a declaration can ask (invite a user of each role, set a
 * user's workspaces, hide a column, change a role, remove a user, create and delete a workspace, move an element
 * of each kind) in each kind of workspace (public, a private one, `*`), the planner side (validateDeclaration,
 * then plan() with the key's owner as actor) either refuses or plans it, and the sandbox, over real HTTP with
 * that key, either refuses (a failed operation) or does it. The lists of verdicts must be equal. Generated from
 * the profiles and the matrix seed of test/sandbox/authorization.test.ts; nothing here is written by hand but
 * the kinds of operation.
 */
import { describe, expect, it } from "vitest";
import {
  ALL_WORKSPACES,
  type Declaration,
  PUBLIC_WORKSPACE,
  type SourcePosition,
} from "../../src/declaration/model.ts";
import type { Profile } from "../../src/policy/profile.ts";
import { listProfiles, loadProfile } from "../../src/policy/profile-loader.ts";
import { validateDeclaration } from "../../src/policy/validate.ts";
import { applyPlan } from "../../src/reconcile/apply.ts";
import { type LiveAccount, liveAccess, readLiveAccount, workspaceNames } from "../../src/reconcile/live-account.ts";
import { plan } from "../../src/reconcile/plan.ts";
import { startSandbox } from "../../src/sandbox/server.ts";
import { createTrackerClient } from "../../src/tracker/http-client.ts";
import type { TrackerClient } from "../../src/tracker/tracker-client.ts";
import {
  actorEmail,
  elementName,
  MOVE_CASES,
  matrixSeed,
  roleChangeEmail,
  targetEmail,
} from "../sandbox/matrix-seed.ts";

const AT: SourcePosition = { file: "agreement.yaml", line: 1, column: 1, path: "" };

/** One operation asked of the account: a change to the declaration that mirrors the live account. */
interface AgreementCase {
  label: string;
  change(want: Declaration): void;
}

/** The declaration that asks for exactly the live account (every user, workspace and element as it is; the matrix
 * seed's element names are unique). */
function declarationOf(have: LiveAccount, profile: Profile): Declaration {
  const names = workspaceNames(have.workspaces, profile);
  return {
    apiVersion: "tracker-access/v1",
    tracker: profile.tracker,
    account: have.account.id,
    files: [AT.file],
    workspaces: have.workspaces.map((w) => ({ name: w.name, at: AT })),
    users: have.users.map((u) => ({ email: u.email, ...liveAccess(u, names.nameOf), at: AT })),
    elements: have.elements.map((e) => ({
      kind: e.kind,
      name: e.name,
      workspace: names.nameOf(e.workspace) ?? e.workspace,
      uses: [],
      at: AT,
    })),
  };
}

/** The workspaces of the dimension, as a declaration writes them: public (where it exists), a private one, `*`. */
function workspaceChoices(profile: Profile): Array<{ label: string; workspaces: string[] | "*" }> {
  return [
    ...(profile.publicWorkspace ? [{ label: PUBLIC_WORKSPACE, workspaces: [PUBLIC_WORKSPACE] }] : []),
    { label: "w1", workspaces: ["w1"] },
    { label: ALL_WORKSPACES, workspaces: ALL_WORKSPACES },
  ];
}

/** Every case for the actor of role `actor`: role × operation × workspace, from the profile and the matrix seed. */
function agreementCases(profile: Profile, actor: string): AgreementCase[] {
  const roles = profile.roles.map((r) => r.name);
  const others = roles.filter((r) => r !== profile.ownerRole);
  const user = (want: Declaration, email: string) => {
    const found = want.users.find((u) => u.email === email);
    if (found === undefined) throw new Error(`no user ${email} in the matrix seed`);
    return found;
  };
  // A user of role `role` that is not the actor: its own edit target, or the owner.
  const targetOf = (role: string) => (role === profile.ownerRole ? actorEmail(role) : targetEmail("edit", role));
  const cases: AgreementCase[] = [];

  for (const role of roles) {
    for (const { label, workspaces } of workspaceChoices(profile)) {
      cases.push({
        label: `invite ${role} to ${label}`,
        change: (want) => {
          want.users.push({
            email: `agree-${role}-${label === "*" ? "all" : label}@matrix.test`,
            role,
            workspaces,
            hiddenColumns: [],
            at: AT,
          });
        },
      });
    }
    if (role === actor && role === profile.ownerRole) continue; // the actor's own access: guard/self-lockout
    for (const { label, workspaces } of workspaceChoices(profile)) {
      cases.push({
        label: `set the workspaces of a ${role} to ${label}`,
        change: (want) => {
          user(want, targetOf(role)).workspaces = workspaces;
        },
      });
    }
    if (profile.columns.length > 0) {
      cases.push({
        label: `hide ${profile.columns[0].name} from a ${role}`,
        change: (want) => {
          user(want, targetOf(role)).hiddenColumns = [profile.columns[0].name];
        },
      });
    }
  }
  for (const from of others) {
    for (const to of others.filter((r) => r !== from)) {
      cases.push({
        label: `change a ${from} to ${to}`,
        change: (want) => {
          user(want, roleChangeEmail(from, to)).role = to;
        },
      });
    }
  }
  if (actor !== profile.ownerRole) {
    cases.push({
      label: `change the ${profile.ownerRole} to ${others[0]}`,
      change: (want) => {
        user(want, actorEmail(profile.ownerRole)).role = others[0];
      },
    });
  }
  for (const role of roles) {
    if (role === actor) continue; // removing the actor: guard/self-lockout
    const email = role === profile.ownerRole ? actorEmail(role) : targetEmail("remove", role);
    cases.push({
      label: `remove a ${role}`,
      change: (want) => {
        want.users = want.users.filter((u) => u.email !== email);
      },
    });
  }
  cases.push({
    label: "create a workspace",
    change: (want) => {
      want.workspaces.push({ name: `agree-new-${actor}`, at: AT });
    },
  });
  cases.push({
    label: "delete a workspace",
    change: (want) => {
      want.workspaces = want.workspaces.filter((w) => w.name !== "delete-me");
    },
  });
  for (const kind of profile.elementKinds) {
    for (const [move, from, to] of MOVE_CASES) {
      if (from === PUBLIC_WORKSPACE && !kind.allowedInPublic) continue; // the seed has no such element
      const name = elementName(kind.name, move, "single");
      cases.push({
        label: `move a ${kind.name} from ${from} to ${to}`,
        change: (want) => {
          const element = want.elements.find((e) => e.kind === kind.name && e.name === name);
          if (element === undefined) throw new Error(`no element ${name}`);
          element.workspace = to;
        },
      });
    }
  }
  return cases;
}

/** The planner's verdict: refused when the validator or the plan refuses; else what it plans. */
function plannerVerdict(want: Declaration, have: LiveAccount, profile: Profile) {
  const violations = validateDeclaration(want, profile).filter((v) => v.severity === "error");
  const planned = plan(want, have, profile, { now: new Date("2026-06-01T00:00:00Z") });
  const refusals = [...violations, ...planned.refusals.filter((v) => v.severity === "error")];
  return { planned, refused: refusals.length > 0, rules: [...new Set(refusals.map((v) => v.rule))] };
}

async function liveAs(owner: TrackerClient, actor: TrackerClient): Promise<LiveAccount> {
  const [have, me] = await Promise.all([readLiveAccount(owner), actor.getMe()]);
  return { ...have, actor: me };
}

for (const tracker of listProfiles()) {
  const profile = loadProfile(tracker) as Profile;
  describe(`${tracker}: the planner and the sandbox agree on every role × operation × workspace`, () => {
    for (const actor of profile.roles.map((r) => r.name)) {
      it(`as ${actor}`, async () => {
        const sandbox = await startSandbox({ seed: matrixSeed(profile), log: () => {} });
        const client = (email: string) =>
          createTrackerClient({ baseUrl: sandbox.url, apiKey: sandbox.apiKeys[email], maxRetries: 0 });
        const owner = client(actorEmail(profile.ownerRole));
        const key = client(actorEmail(actor));
        const planner: string[] = [];
        const tracker: string[] = [];
        try {
          for (const agreement of agreementCases(profile, actor)) {
            const have = await liveAs(owner, key);
            const want = declarationOf(have, profile);
            agreement.change(want);
            const verdict = plannerVerdict(want, have, profile);
            // Something must reach the tracker, or the case asks nothing of it.
            expect(verdict.planned.operations.length, agreement.label).toBeGreaterThan(0);
            const applied = await applyPlan({ ...verdict.planned, refusals: [] }, key, { have });
            const failed = applied.results.filter((r) => r.status === "failed");
            planner.push(
              `${agreement.label}: ${verdict.refused ? `refused (${verdict.rules.join(", ")})` : "allowed"}`,
            );
            const answer = failed.map((r) => (r.status === "failed" ? r.httpStatus : "")).join(", ");
            tracker.push(
              `${agreement.label}: ${failed.length > 0 ? `refused (${verdict.refused ? verdict.rules.join(", ") : answer})` : "allowed"}`,
            );
          }
        } finally {
          await sandbox.close();
        }
        expect(tracker).toEqual(planner);
        expect(planner.length).toBeGreaterThan(10);
      });
    }
  });
}
