import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import type { Profile, Role } from "../../src/policy/profile.ts";
import { listProfiles, loadProfile, profileFromData } from "../../src/policy/profile-loader.ts";

const policiesDir = join(import.meta.dirname, "..", "..", "policies");
const rawProfile = (tracker: string): Record<string, unknown> =>
  parse(readFileSync(join(policiesDir, `${tracker}.yaml`), "utf8"));

function profile(tracker: string): Profile {
  const loaded = loadProfile(tracker);
  if (loaded === undefined) throw new Error(`no profile ${tracker}`);
  return loaded;
}

function role(tracker: string, name: string): Role {
  const found = profile(tracker).roles.find((r) => r.name === name);
  if (found === undefined) throw new Error(`no role ${name} in ${tracker}`);
  return found;
}

/** Seed-table wording to profile access. */
const seedAccess = { "Not available": "none", "Read only": "use", "Create and edit": "create" } as const;

describe("loading", () => {
  it("lists the four trackers", () => {
    expect(listProfiles()).toEqual(["clickflare", "clicky", "peerclick", "voluum"]);
  });

  it.each(["clickflare", "clicky", "peerclick", "voluum"])("%s names its schema on line 1 and loads", (tracker) => {
    const text = readFileSync(join(policiesDir, `${tracker}.yaml`), "utf8");
    expect(text.split("\n")[0]).toBe("# yaml-language-server: $schema=../schemas/policy.schema.json");
    expect(() => profileFromData(rawProfile(tracker), `${tracker}.yaml`)).not.toThrow();
    expect(profile(tracker).tracker).toBe(tracker);
  });

  it("returns undefined for an unknown tracker or a path-like name", () => {
    expect(loadProfile("nosuchtracker")).toBeUndefined();
    expect(loadProfile("../package")).toBeUndefined();
    expect(loadProfile("")).toBeUndefined();
  });

  it("caches and freezes the loaded profile", () => {
    expect(loadProfile("voluum")).toBe(loadProfile("voluum"));
    expect(Object.isFrozen(profile("voluum").roles[0].publicAccess)).toBe(true);
  });

  it("gives every role an entry in every table for every kind and section", () => {
    for (const tracker of listProfiles()) {
      const p = profile(tracker);
      const kinds = p.elementKinds.map((k) => k.name).sort();
      const sections = p.settingsSections.map((s) => s.name).sort();
      for (const r of p.roles) {
        expect(Object.keys(r.privateAccess).sort(), `${tracker} ${r.name}`).toEqual(kinds);
        expect(Object.keys(r.publicAccess).sort(), `${tracker} ${r.name}`).toEqual(p.publicWorkspace ? kinds : []);
        expect(Object.keys(r.settings).sort(), `${tracker} ${r.name}`).toEqual(sections);
      }
    }
  });
});

describe("broken profiles are rejected with the file and the problem", () => {
  const broken = (change: (data: Profile) => void): (() => Profile) => {
    const data = rawProfile("clickflare") as unknown as Profile;
    change(data);
    return () => profileFromData(data, "policies/broken.yaml");
  };

  it("a missing field", () => {
    expect(broken((d) => delete (d as Partial<Profile>).ownerRole)).toThrow(
      /^policies\/broken\.yaml: does not match schemas\/policy\.schema\.json: .*must have required property 'ownerRole'/,
    );
  });

  it("an access level that does not exist", () => {
    expect(broken((d) => Object.assign(d.roles[2].privateAccess, { offer: "admin" }))).toThrow(
      /policies\/broken\.yaml: .*\/roles\/2\/privateAccess\/offer must be equal to one of the allowed values/,
    );
  });

  it("an unknown field", () => {
    expect(broken((d) => Object.assign(d, { publicWorkspaces: true }))).toThrow(/must NOT have additional properties/);
  });

  it("a table naming an undeclared kind, role or section", () => {
    const run = broken((d) => {
      d.roles[2].privateAccess.banner = "use";
      d.roles[1].manages.push("superuser");
      d.roles[3].settings.billing = "view";
      d.ownerRole = "boss";
    });
    expect(run).toThrow(/^policies\/broken\.yaml: inconsistent profile: /);
    expect(run).toThrow(/role worker privateAccess names unknown element kind "banner"/);
    expect(run).toThrow(/role admin manages names unknown role "superuser"/);
    expect(run).toThrow(/role readonly settings names unknown settings section "billing"/);
    expect(run).toThrow(/ownerRole names unknown role "boss"/);
  });

  it("a table contradicting allowedInPublic or readOnlyEverywhere", () => {
    const run = broken((d) => {
      d.roles[2].publicAccess.campaign = "use";
      d.roles[2].privateAccess["tag-manager-container"] = "create";
    });
    expect(run).toThrow(/role worker publicAccess gives "use" on campaign, which is not allowed in public/);
    expect(run).toThrow(/role worker privateAccess gives "create" on tag-manager-container, which is read only/);
  });

  it("duplicate names and columns without roles", () => {
    const run = broken((d) => {
      d.elementKinds.push({ ...d.elementKinds[0] });
      d.hiddenColumnRoles = [];
    });
    expect(run).toThrow(/element kind "campaign" is declared twice/);
    expect(run).toThrow(/hiddenColumnRoles and columns must be both empty or both non-empty/);
  });

  it("a usersSection that is not a section, or a user manager without access to it", () => {
    expect(broken((d) => Object.assign(d, { usersSection: "team" }))).toThrow(
      /usersSection names unknown settings section "team"/,
    );
    expect(broken((d) => Object.assign(d.roles[1].settings, { collaboration: "none" }))).toThrow(
      /role admin manages users but has no access to collaboration \(usersSection\)/,
    );
  });

  it("data that is not an object", () => {
    expect(() => profileFromData(null, "x.yaml")).toThrow(/^x\.yaml: does not match .*\/ must be object/);
  });
});

// seed 000 (ClickFlare) and seed 003 (PeerClick): "Worker Access to Campaign Elements", rows verbatim.
const workerTable = `
Campaigns | Not available | Create and edit
Offers | Read only | Create and edit
Landers | Read only | Create and edit
Flows | Read only | Create and edit
Traffic sources | Read only | Create and edit
Affiliate networks | Read only | Create and edit`;
const clickflareIntegrations = `
Conversion API Integrations | Read only | Read only
Cost tracking Integration | Read only | Read only
Revenue Stream Integration | Read only | Read only
Tag Manager Containers | Read only | Read only`;

const rows = (table: string) =>
  table
    .trim()
    .split("\n")
    .map((line) => line.split(" | ") as [string, keyof typeof seedAccess, keyof typeof seedAccess]);

describe.each([
  ["clickflare", workerTable + clickflareIntegrations],
  ["peerclick", workerTable],
])("%s worker element table (seeds 000/003)", (tracker, table) => {
  it.each(rows(table))("%s: public %s, private %s", (label, inPublic, inPrivate) => {
    const kind = profile(tracker).elementKinds.find((k) => k.label === label);
    expect(kind, label).toBeDefined();
    const worker = role(tracker, "worker");
    expect(worker.publicAccess[kind!.name]).toBe(seedAccess[inPublic]);
    expect(worker.privateAccess[kind!.name]).toBe(seedAccess[inPrivate]);
    expect(kind!.allowedInPublic).toBe(inPublic !== "Not available");
  });

  it("has exactly the seed's kinds", () => {
    expect(profile(tracker).elementKinds.map((k) => k.label)).toEqual(rows(table).map(([label]) => label));
  });
});

describe("roles and limits", () => {
  it("ClickFlare integrations are read only everywhere, to workers and read-only users", () => {
    const integrations = profile("clickflare").elementKinds.filter((k) => k.readOnlyEverywhere);
    expect(integrations.map((k) => k.name)).toEqual([
      "conversion-api-integration",
      "cost-tracking-integration",
      "revenue-stream-integration",
      "tag-manager-container",
    ]);
    for (const r of ["worker", "readonly"]) {
      for (const k of integrations) {
        expect([role("clickflare", r).publicAccess[k.name], role("clickflare", r).privateAccess[k.name]]).toEqual([
          "use",
          "use",
        ]);
      }
    }
  });

  it("campaigns are not available in public on every tracker with elements", () => {
    for (const tracker of ["clickflare", "peerclick", "voluum"]) {
      const campaign = profile(tracker).elementKinds.find((k) => k.name === "campaign");
      expect(campaign?.allowedInPublic, tracker).toBe(false);
      for (const r of profile(tracker).roles) expect(r.publicAccess.campaign, `${tracker} ${r.name}`).toBe("none");
    }
  });

  it("Voluum read-only users use (view, not edit) every element in public and assigned private", () => {
    const readonly = role("voluum", "readonly");
    expect(Object.values(readonly.privateAccess)).toEqual(Array(6).fill("use"));
    expect(readonly.publicAccess).toEqual({
      campaign: "none",
      offer: "use",
      lander: "use",
      flow: "use",
      "traffic-source": "use",
      "affiliate-network": "use",
    });
    expect(Object.values(readonly.settings)).not.toContain("edit");
    expect(readonly.needsPrivateWorkspace).toBe(true);
  });

  it("admins and owners create everything everywhere it is allowed (seed 003)", () => {
    for (const tracker of ["clickflare", "peerclick", "voluum"]) {
      for (const name of ["owner", "admin"]) {
        const r = role(tracker, name);
        expect(r.implicitAccess).toBe(true);
        expect(new Set(Object.values(r.privateAccess))).toEqual(new Set(["create"]));
        for (const [kind, access] of Object.entries(r.publicAccess)) {
          expect(access).toBe(kind === "campaign" ? "none" : "create");
        }
      }
    }
  });

  it("only the owner manages admins; on Voluum only the owner changes roles", () => {
    expect(role("voluum", "owner")).toMatchObject({ manages: ["admin", "worker", "readonly"], changesRoles: true });
    expect(role("voluum", "admin")).toMatchObject({ manages: ["worker", "readonly"], changesRoles: false });
    expect(role("clickflare", "admin")).toMatchObject({ manages: ["worker", "readonly"], changesRoles: true });
    expect(role("peerclick", "owner").manages).toEqual(["admin", "worker"]);
    expect(role("peerclick", "admin")).toMatchObject({ manages: ["worker"], changesRoles: true });
    expect(role("clicky", "admin").manages).toEqual(["user", "viewonly"]);
    for (const tracker of listProfiles()) {
      for (const r of profile(tracker).roles) {
        if (r.name !== "owner") expect(r.manages, `${tracker} ${r.name}`).not.toContain("admin");
        expect(r.managesWorkspaces, `${tracker} ${r.name}`).toBe(r.name === "owner" || r.name === "admin");
        expect(r.needsPrivateWorkspace, `${tracker} ${r.name}`).toBe(!r.implicitAccess);
      }
    }
  });

  it("workspace limits, public workspaces and hidden columns", () => {
    const facts = (t: string) => {
      const p = profile(t);
      return [p.publicWorkspace, p.privateWorkspaceLimit, p.allWorkspacesGrant, p.moveRule, p.hiddenColumnRoles];
    };
    expect(facts("clickflare")).toEqual([true, 50, false, "free", ["readonly"]]);
    expect(facts("peerclick")).toEqual([true, 50, false, "free", []]);
    expect(facts("voluum")).toEqual([true, null, false, "preserve-visibility", ["readonly"]]);
    expect(facts("clicky")).toEqual([false, null, true, "free", []]);
    for (const t of ["clickflare", "voluum"]) {
      expect(profile(t).columns.map((c) => c.name)).toEqual(
        expect.arrayContaining(["cost", "revenue", "profit", "roi"]),
      );
    }
    expect(profile("peerclick").columns).toEqual([]);
  });

  it("Clicky has sites, no elements, and owner-only billing", () => {
    const clicky = profile("clicky");
    expect(clicky.elementKinds).toEqual([]);
    expect(clicky.workspaceNoun).toBe("site");
    expect(clicky.roles.map((r) => r.name)).toEqual(["owner", "admin", "user", "viewonly"]);
    expect(clicky.roles.map((r) => r.settings.billing)).toEqual(["edit", "none", "none", "none"]);
    expect(clicky.roles.map((r) => r.settings.export)).toEqual(["edit", "edit", "edit", "none"]);
  });

  it("roles are listed strongest first with the owner role first", () => {
    expect(profile("voluum").roles.map((r) => r.name)).toEqual(["owner", "admin", "worker", "readonly"]);
    expect(profile("clickflare").roles.map((r) => r.name)).toEqual(["owner", "admin", "worker", "readonly"]);
    expect(profile("peerclick").roles.map((r) => r.name)).toEqual(["owner", "admin", "worker"]);
    for (const t of listProfiles()) expect(profile(t).roles[0].name).toBe(profile(t).ownerRole);
  });
});
