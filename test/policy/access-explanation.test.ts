/**
 * explain and who-can as functions, on the demo declaration: the access is effective permissions' and the chain
 * names the user's entry, the role's line in the profile with the seed it cites, the membership's line and the
 * entry that placed the element. Unknown names get one line with the nearest name.
 */
import { beforeAll, describe, expect, it } from "vitest";
import type { Declaration, UserDeclaration } from "../../src/declaration/model.ts";
import { type AccessBasis, AccessExplainer, type ExplanationStep } from "../../src/policy/access-explanation.ts";
import { accessSummary } from "../../src/policy/access-summary.ts";
import { findElement, findSetting, findUser, findWorkspace } from "../../src/policy/access-targets.ts";
import { checkDeclaration } from "../../src/policy/check-declaration.ts";
import type { Profile } from "../../src/policy/profile.ts";
import { profileSources } from "../../src/policy/profile-sources.ts";
import { whoCan } from "../../src/policy/who-can.ts";

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
