/**
 * acceptDrift(): the declaration edits that make the files describe the live account, pure (no server). The
 * end-to-end path with `git apply` is test/cli/drift-patch.e2e.test.ts; these are the cases it does not reach.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { loadDeclaration } from "../../src/declaration/load.ts";
import { acceptDrift } from "../../src/reconcile/accept-drift.ts";
import { plan } from "../../src/reconcile/plan.ts";
import type { SandboxSeed } from "../../src/sandbox/seed.ts";
import { liveFromSeed, profileOf } from "./helpers.ts";

const DIR = join(import.meta.dirname, "..", "cli", "fixtures", "drift-patch");
const FILES = [join(DIR, "00-account.yaml"), join(DIR, "team.yaml")];
const seed = (): SandboxSeed => parse(readFileSync(join(DIR, "live.seed.yaml"), "utf8"));
const voluum = profileOf("voluum");

async function accepted(edit: (seed: SandboxSeed) => void) {
  const { declaration } = await loadDeclaration(FILES);
  const live = seed();
  edit(live);
  const have = liveFromSeed(live, "owner@acme.test");
  const texts = new Map(FILES.map((f) => [f, readFileSync(f, "utf8")]));
  return { files: acceptDrift(declaration!, have, voluum, texts), have, texts };
}

describe("acceptDrift", () => {
  it("changes nothing when the account matches", async () => {
    expect((await accepted(() => {})).files).toEqual([]);
  });

  it("drops a declared workspace the account lacks, with its members' memberships, and a declared user it lacks", async () => {
    const { files } = await accepted((live) => {
      live.workspaces = live.workspaces!.filter((w) => w.name !== "us-team");
      for (const user of live.users) user.workspaces = user.workspaces?.filter((w) => w !== "us-team");
      live.users = live.users.filter((u) => u.email !== "carol@acme.test");
    });
    const [account, team] = files.map((f) => parse(f.after));
    expect(account.workspaces).toEqual([{ name: "eu-team" }]);
    expect(team.users.map((u: { email: string }) => u.email)).not.toContain("carol@acme.test");
    expect(team.users[0]).toEqual({ email: "bob@acme.test", role: "worker", workspaces: ["eu-team"] });
    expect(files[0].after).toContain("  - name: eu-team # Europe\n\nusers:");
  });

  it("declares a user granted every workspace, or with hidden columns, in the first file declaring users", async () => {
    const { files } = await accepted((live) => {
      live.users.push({
        email: "zoe@brand.test",
        role: "readonly",
        workspaces: ["us-team"],
        hiddenColumns: ["roi", "cost"],
      });
    });
    // us-team's declared members (bob, carol) are in team.yaml
    expect(files.map((f) => f.file)).toEqual([FILES[1]]);
    expect(parse(files[0].after).users.at(-1)).toEqual({
      email: "zoe@brand.test",
      role: "readonly",
      workspaces: ["us-team"],
      hiddenColumns: ["cost", "roi"],
    });
  });

  it("leaves a file's declaration planning nothing against the account it was accepted from", async () => {
    const { files, have, texts } = await accepted((live) => {
      const dave = live.users.find((u) => u.email === "dave@acme.test")!;
      dave.role = "readonly";
      dave.hiddenColumns = ["cost"];
      live.elements![0].workspace = "us-team";
    });
    expect(files.map((f) => basename(f.file))).toEqual(["team.yaml"]);
    const dir = mkdtempSync(join(tmpdir(), "tracker-access-accept-"));
    try {
      const paths = FILES.map((f) => join(dir, basename(f)));
      for (const [i, f] of FILES.entries())
        writeFileSync(paths[i], files.find((x) => x.file === f)?.after ?? texts.get(f)!);
      const { declaration, violations } = await loadDeclaration(paths);
      expect(violations).toEqual([]);
      expect(plan(declaration!, have, voluum).operations).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
