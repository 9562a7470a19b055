/**
 * explain and who-can as functions, on the demo declaration: the access is effective permissions' and the chain
 * names the user's entry, the role's line in the profile with the seed it cites, the membership's line and the
 * entry that placed the element; on examples/clickflare-agency, an element no entry lists is placed by the
 * selector (`match:`) that selects it, offline by its kind and name and with --live as the planner resolves the
 * account's elements (explicit entries win). Unknown names get one line with the nearest name.
 */
import { beforeAll, describe, expect, it } from "vitest";
import type { Declaration, UserDeclaration } from "../../src/declaration/model.ts";
import { AccessExplainer } from "../../src/policy/access-explanation.ts";
import { accessSummary } from "../../src/policy/access-summary.ts";
import { findElement, findSetting, findUser, findWorkspace } from "../../src/policy/access-targets.ts";
import { checkDeclaration } from "../../src/policy/check-declaration.ts";
import type { AccessBasis, ExplanationStep } from "../../src/policy/explanation.ts";
import type { Profile } from "../../src/policy/profile.ts";
import { profileSources } from "../../src/policy/profile-sources.ts";
import { whoCan } from "../../src/policy/who-can.ts";
import type { LiveAccount } from "../../src/reconcile/live-account.ts";
import { liveDeclaration, liveDeclarationOrigin } from "../../src/reconcile/live-declaration.ts";

const FILE = "examples/demo/acme-team.yaml";
let declaration: Declaration;
let profile: Profile;
let explainer: AccessExplainer;

beforeAll(async () => {
  const checked = await checkDeclaration([FILE]);
  if (checked.declaration === undefined || checked.profile === undefined || checked.locate === undefined)
    throw new Error("the demo declaration does not load");
  declaration = checked.declaration;
  profile = checked.profile;
  const locate = checked.locate;
  const basis: AccessBasis = {
    basis: "declaration",
    declaration,
    profile,
    rules: profileSources("voluum"),
    origin: (at, path) => (path === undefined ? at : locate(at.file, path)),
  };
  explainer = new AccessExplainer(basis);
});

function user(email: string): UserDeclaration {
  const found = findUser(declaration, email, "declaration");
  if ("problem" in found) throw new Error(found.problem);
  return found.found;
}

function element(spec: string) {
  const found = findElement(declaration, profile, spec, "declaration");
  if ("problem" in found) throw new Error(found.problem);
  return found.found;
}

/** Each step as `says @ file:line`. */
function chain(steps: ExplanationStep[]): string[] {
  return steps.map((s) => `${s.says} @ ${"live" in s.source ? s.source.live : `${s.source.file}:${s.source.line}`}`);
}

describe("explain an element", () => {
  it("a worker's campaign in an assigned workspace: role, placement, membership, the rule and its seeds", () => {
    const e = explainer.element(user("bob@acme.test"), element("campaign/EU Dating Push"));
    expect(e.access).toBe("create");
    expect(chain(e.steps)).toEqual([
      `bob@acme.test is declared with role worker @ ${FILE}:23`,
      `worker is Voluum's "Worker" role @ policies/voluum.yaml:134`,
      `campaign "EU Dating Push" is placed in eu-team by its \`elements:\` entry @ ${FILE}:60`,
      `bob@acme.test is a member of eu-team @ ${FILE}:24`,
      "worker has create on campaigns in an assigned private workspace @ policies/voluum.yaml:146",
    ]);
    expect(e.steps[4].citations?.map((c) => c.document)).toEqual([
      "seeds/000_428a815de9395028.txt",
      "seeds/003_8974510d239202cf.txt",
    ]);
  });

  it("not a member: none, and the membership line says so", () => {
    const e = explainer.element(user("bob@acme.test"), element("campaign/US Summer Sale"));
    expect(e.access).toBe("none");
    expect(e.steps.at(-1)?.says).toBe(
      "bob@acme.test is not a member of us-team (member of eu-team, apac-team), so sees nothing there",
    );
  });

  it("public: the built-in public workspace and the role's public table", () => {
    const e = explainer.element(user("client@brand.test"), element("offer/Summer Sale Offer"));
    expect(e.access).toBe("use");
    expect(chain(e.steps).slice(3)).toEqual([
      "public is the built-in public workspace: every user sees it @ policies/voluum.yaml:10",
      "readonly has use on offers in the public workspace @ policies/voluum.yaml:175",
    ]);
    expect(e.steps[4].citations?.[0].name).toBe("seed 001");
  });

  it("an admin sees every workspace without being assigned", () => {
    const e = explainer.element(user("alice@acme.test"), element("offer/US Sweepstakes Offer"));
    expect(e.access).toBe("create");
    expect(e.steps[3].says).toBe("admin sees every workspace without being assigned");
  });
});

describe("explain a workspace, a setting, a user", () => {
  it("a workspace: the visibility and the element table", () => {
    const w = explainer.workspace(user("client@brand.test"), "eu-team");
    expect(w.visible).toBe(true);
    expect(w.elements.campaign).toBe("use");
    expect(chain(w.steps).at(-1)).toMatch(
      /^readonly's private element table: campaign use, .* @ policies\/voluum.yaml:176$/,
    );
  });

  it("a setting: the role's settings rule", () => {
    const s = explainer.setting(user("alice@acme.test"), "payment-details");
    expect(s.access).toBe("none");
    expect(chain(s.steps).at(-1)).toBe("admin has none on Payment details @ policies/voluum.yaml:132");
  });

  it("the whole access: every workspace, the settings table, the hidden columns' line", () => {
    const summary = accessSummary(explainer, user("client@brand.test"));
    expect(summary.workspaces.map((w) => `${w.workspace}:${w.visible}`)).toEqual([
      "public:true",
      "eu-team:true",
      "us-team:false",
      "apac-team:false",
    ]);
    expect(summary.hiddenColumns).toEqual(["cost", "profit", "roi"]);
    expect(chain([summary.hiddenColumnsStep as ExplanationStep])).toEqual([
      `hidden from client@brand.test: cost, profit, roi @ ${FILE}:38`,
    ]);
  });
});

describe("who-can", () => {
  it("every user with at least the level, in declaration order", () => {
    const campaign = element("campaign/US Sweepstakes TikTok");
    const edit = whoCan(explainer, declaration.users, campaign, "edit");
    expect(edit.users.map((e) => `${e.email}:${e.access}`)).toEqual([
      "owner@acme.test:create",
      "alice@acme.test:create",
      "carol@acme.test:create",
      "dan@acme.test:create",
    ]);
    const offer = element("offer/EU Dating Offer");
    expect(whoCan(explainer, declaration.users, offer, "use").users.map((e) => e.email)).toContain("client@brand.test");
    expect(whoCan(explainer, declaration.users, offer, "edit").users.map((e) => e.email)).not.toContain(
      "client@brand.test",
    );
  });
});

describe("unknown names", () => {
  it("one line with the nearest name", () => {
    expect(findUser(declaration, "bop@acme.test", "declaration")).toEqual({
      problem: "no user bop@acme.test in the declaration; did you mean `bob@acme.test`?",
    });
    expect(findElement(declaration, profile, "offer/EU Datng Offer", "declaration")).toEqual({
      problem: "no element offer/EU Datng Offer in the declaration; did you mean `offer/EU Dating Offer`?",
    });
    expect(findElement(declaration, profile, "ofer/EU Dating Offer", "account")).toMatchObject({
      problem: expect.stringMatching(/^Voluum has no element kind ofer; did you mean `offer`\?; kinds: campaign, /),
    });
    expect(findElement(declaration, profile, "EU Dating Offer", "declaration")).toEqual({
      problem: "an element is KIND/NAME (offer/Summer Sale), not EU Dating Offer",
    });
    expect(findWorkspace(declaration, profile, "eu-tem", "declaration")).toEqual({
      problem: "no workspace eu-tem in the declaration; did you mean `eu-team`?",
    });
    expect(findSetting(profile, "domian")).toMatchObject({
      problem: expect.stringContaining("did you mean `domain`?"),
    });
  });
});

describe("placed by a selector (examples/clickflare-agency)", () => {
  const DIR = "examples/clickflare-agency";
  const NUTRA = `${DIR}/team-nutra.yaml`;
  const BY_NAME = "`match: {kind: campaign, name: Keto DE - *}` at examples/clickflare-agency/team-nutra.yaml:26";
  const BY_TAG = "`match: {kind: offer, tag: brand-greenleaf}` at examples/clickflare-agency/team-nutra.yaml:29";
  let agency: Declaration;
  let clickflare: Profile;
  let basisOf: (decl: Declaration, live: boolean) => AccessBasis;

  beforeAll(async () => {
    const checked = await checkDeclaration([DIR]);
    if (checked.declaration === undefined || checked.profile === undefined || checked.locate === undefined)
      throw new Error("the clickflare agency declaration does not load");
    agency = checked.declaration;
    clickflare = checked.profile;
    const locate = checked.locate;
    basisOf = (decl, live) => ({
      basis: live ? "live" : "declaration",
      declaration: decl,
      profile: clickflare,
      rules: profileSources("clickflare"),
      origin: live ? liveDeclarationOrigin(locate) : (at, path) => (path === undefined ? at : locate(at.file, path)),
    });
  });

  const find = (decl: Declaration, spec: string, scope: "declaration" | "account" = "declaration") => {
    const found = findElement(decl, clickflare, spec, scope);
    if ("problem" in found) throw new Error(found.problem);
    return found.found;
  };
  const diego = (decl: Declaration) => {
    const found = findUser(decl, "diego.santos@bluepeak.test", "declaration");
    if ("problem" in found) throw new Error(found.problem);
    return found.found;
  };

  it("offline: an element no entry lists is placed by the selector its kind and name match, cited at its line", () => {
    const campaign = find(agency, "campaign/Keto DE - TikTok Spark");
    expect(campaign).toMatchObject({ kind: "campaign", name: "Keto DE - TikTok Spark", workspace: "nutra-team" });
    const e = new AccessExplainer(basisOf(agency, false)).element(diego(agency), campaign);
    expect(e.access).toBe("create");
    expect(chain(e.steps)[2]).toBe(
      `campaign "Keto DE - TikTok Spark" is placed in nutra-team by ${BY_NAME} @ ${NUTRA}:26`,
    );
    expect(e.steps[2].source).toMatchObject({ path: "/elements/0/match" });
    const can = whoCan(new AccessExplainer(basisOf(agency, false)), agency.users, campaign, "edit");
    expect(can.users.map((u) => u.email)).toContain("hana.suzuki@bluepeak.test");
    expect(can.users.map((u) => u.email)).not.toContain("jake.morrison@bluepeak.test");
  });

  it("offline: an explicit entry wins over a selector; two selectors into two workspaces are one line", () => {
    const at = { file: NUTRA, line: 99, column: 5, path: "/elements/9" };
    const explicit = { kind: "campaign", name: "Keto DE - Launch", workspace: "sweeps-us", uses: [], at };
    const withEntry = { ...agency, elements: [...agency.elements, explicit] };
    expect(find(withEntry, "campaign/Keto DE - Launch")).toBe(explicit);
    const [first] = agency.selectors ?? [];
    const rival = { ...first, match: { name: "*TikTok*" }, workspace: "sweeps-uk", at: { ...at, line: 77 } };
    const overlapping = { ...agency, selectors: [...(agency.selectors ?? []), rival] };
    expect(findElement(overlapping, clickflare, "campaign/Keto DE - TikTok Spark", "declaration")).toEqual({
      problem: `campaign/Keto DE - TikTok Spark is selected by ${BY_NAME} into nutra-team and by \`match: {name: *TikTok*}\` at ${NUTRA}:77 into sweeps-uk; an element belongs to one workspace (element/single-workspace)`,
    });
  });

  it("offline: a tag is the account's, so a tag selector places nothing and the problem says to ask --live", () => {
    expect(findElement(agency, clickflare, "offer/Greenleaf Keto Drops AT", "declaration")).toMatchObject({
      problem: expect.stringMatching(/a `tag:` selector may place it, but tags are the account's: ask with --live$/),
    });
  });

  it("--live: the account's elements matched against the selectors; explicit entries and other workspaces not cited", () => {
    const element = (id: string, kind: string, name: string, workspace: string, tags?: string[]) => ({
      id,
      kind,
      name,
      workspace,
      connections: [],
      ...(tags !== undefined ? { tags } : {}),
      etag: "1",
    });
    const have = {
      account: { id: "bluepeak-media", name: "Bluepeak Media", profile: "clickflare" },
      actor: { email: "lena.fischer@bluepeak.test", role: "owner" },
      workspaces: [
        { id: "w-nutra", name: "nutra-team" },
        { id: "w-us", name: "sweeps-us" },
      ],
      users: [
        {
          id: "u-diego",
          email: "diego.santos@bluepeak.test",
          role: "worker",
          status: "active",
          workspaces: ["w-nutra"],
          allWorkspaces: false,
          hiddenColumns: [],
        },
      ],
      elements: [
        element("e-1", "campaign", "Keto DE - TikTok Spark", "w-nutra"),
        element("e-2", "campaign", "Keto DE - Outbrain Test", "w-us"),
        element("e-3", "offer", "Greenleaf Keto Gummies DE", "w-nutra", ["brand-greenleaf"]),
        element("e-4", "lander", "Keto Advertorial DE", "w-nutra"),
      ],
    } as unknown as LiveAccount;
    const live = liveDeclaration(have, clickflare, agency);
    const explainer = new AccessExplainer(basisOf(live, true));
    const placing = (spec: string) => chain(explainer.element(diego(live), find(live, spec, "account")).steps)[2];
    expect(placing("campaign/Keto DE - TikTok Spark")).toBe(
      `campaign "Keto DE - TikTok Spark" is placed in nutra-team by ${BY_NAME} @ ${NUTRA}:26`,
    );
    expect(placing("offer/Greenleaf Keto Gummies DE")).toBe(
      `offer "Greenleaf Keto Gummies DE" is placed in nutra-team by ${BY_TAG} @ ${NUTRA}:29`,
    );
    // In another workspace than the selector's (the next apply moves it), and named by an explicit entry.
    expect(placing("campaign/Keto DE - Outbrain Test")).toBe(
      'campaign "Keto DE - Outbrain Test" is placed in sweeps-us by its `elements:` entry @ /v1/elements/e-2',
    );
    expect(placing("lander/Keto Advertorial DE")).toBe(
      'lander "Keto Advertorial DE" is placed in nutra-team by its `elements:` entry @ /v1/elements/e-4',
    );
  });
});
