/**
 * The review over time as a function: from two sets of effective permissions, who gained and who lost which
 * access, user by user (workspaces, element kinds per workspace, settings, hidden columns), role changes, added
 * and removed users. E-mails compare as e-mails do.
 */
import { describe, expect, it } from "vitest";
import type { Declaration, SourcePosition, UserDeclaration } from "../../src/declaration/model.ts";
import { accessChanges } from "../../src/policy/access-changes.ts";
import { type EffectivePermissions, effectivePermissions } from "../../src/policy/effective-permissions.ts";
import { loadProfile } from "../../src/policy/profile-loader.ts";

const at: SourcePosition = { file: "access.yaml", line: 1, column: 1, path: "" };
type UserSpec = Pick<UserDeclaration, "email" | "role"> &
  Partial<Pick<UserDeclaration, "workspaces" | "hiddenColumns">>;

/** Voluum permissions of `users` with workspaces eu and us. */
function permissions(users: UserSpec[]): EffectivePermissions {
  const decl: Declaration = {
    apiVersion: "tracker-access/v1",
    tracker: "voluum",
    account: "acme",
    files: ["access.yaml"],
    workspaces: [
      { name: "eu", at },
      { name: "us", at },
    ],
    users: users.map((u) => ({ workspaces: [], hiddenColumns: undefined, ...u, at })),
    elements: [],
  };
  const profile = loadProfile("voluum");
  if (profile === undefined) throw new Error("no voluum profile");
  return effectivePermissions(decl, profile);
}

describe("access changes between two reviews", () => {
  it("nothing changed: no entry", () => {
    const users: UserSpec[] = [{ email: "bob@acme.test", role: "worker", workspaces: ["eu"] }];
    expect(accessChanges(permissions(users), permissions(users))).toEqual([]);
  });

  it("a worker moved from eu to us: gains in us, losses in eu", () => {
    const [change] = accessChanges(
      permissions([{ email: "bob@acme.test", role: "worker", workspaces: ["eu"] }]),
      permissions([{ email: "Bob@ACME.test", role: "worker", workspaces: ["us"] }]),
    );
    expect(change).toMatchObject({
      email: "Bob@ACME.test",
      status: "changed",
      roleBefore: "worker",
      roleAfter: "worker",
    });
    expect(change.gained[0]).toEqual({
      scope: "workspace",
      workspace: "us",
      item: "visible",
      before: "none",
      after: "visible",
    });
    expect(change.gained.filter((c) => c.scope === "element").map((c) => `${c.item}:${c.after}`)).toContain(
      "campaign:create",
    );
    expect(change.lost.every((c) => c.workspace === "eu" && c.after === "none")).toBe(true);
    expect(change.lost).toHaveLength(1 + 6);
  });

  it("a role change: the role, and every level it moves", () => {
    const [change] = accessChanges(
      permissions([{ email: "ann@acme.test", role: "readonly", workspaces: ["eu"] }]),
      permissions([{ email: "ann@acme.test", role: "worker", workspaces: ["eu"] }]),
    );
    expect(change).toMatchObject({ roleBefore: "readonly", roleAfter: "worker" });
    expect(change.gained).toContainEqual({
      scope: "element",
      workspace: "eu",
      item: "offer",
      before: "use",
      after: "create",
    });
    expect(change.gained).toContainEqual({
      scope: "setting",
      item: "conversion-upload",
      before: "none",
      after: "edit",
    });
    expect(change.lost).toEqual([]);
  });

  it("hidden columns: a newly hidden one is lost, one shown again is gained", () => {
    const [change] = accessChanges(
      permissions([{ email: "c@brand.test", role: "readonly", workspaces: ["eu"], hiddenColumns: ["cost", "profit"] }]),
      permissions([{ email: "c@brand.test", role: "readonly", workspaces: ["eu"], hiddenColumns: ["cost", "roi"] }]),
    );
    expect(change.gained).toEqual([{ scope: "hidden-column", item: "profit", before: "hidden", after: "shown" }]);
    expect(change.lost).toEqual([{ scope: "hidden-column", item: "roi", before: "shown", after: "hidden" }]);
  });

  it("added and removed users: every access gained or lost, removed ones last", () => {
    const changes = accessChanges(
      permissions([{ email: "old@acme.test", role: "worker", workspaces: ["eu"], hiddenColumns: undefined }]),
      permissions([{ email: "new@acme.test", role: "readonly", workspaces: ["us"], hiddenColumns: ["cost"] }]),
    );
    expect(changes.map((c) => `${c.email}:${c.status}`)).toEqual(["new@acme.test:added", "old@acme.test:removed"]);
    expect(changes[0].lost).toEqual([]);
    expect(changes[0].gained).toContainEqual({
      scope: "workspace",
      workspace: "us",
      item: "visible",
      before: "none",
      after: "visible",
    });
    expect(changes[1].gained).toEqual([]);
    expect(changes[1].lost).toContainEqual({
      scope: "element",
      workspace: "eu",
      item: "campaign",
      before: "create",
      after: "none",
    });
    expect(changes[1]).toMatchObject({ roleBefore: "worker" });
    expect(changes[1].roleAfter).toBeUndefined();
  });
});
