/**
 * The project root the program and the provider resolve declaration paths against: found by walking up to
 * Pulumi.yaml, whatever the working directory (the engine runs both in the folder of `main`, src/pulumi/).
 */
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { asWritten, inProject, projectRoot } from "../../src/pulumi/project-root.ts";
import { pluginDirectory } from "./engine-harness.ts";

const root = join(import.meta.dirname, "..", "..");

describe("the project root", () => {
  it("is the folder of Pulumi.yaml, from src/pulumi/ (where the engine starts plugins) and from below it", () => {
    expect(pluginDirectory(root)).toBe(join(root, "src", "pulumi"));
    expect(projectRoot()).toBe(root);
    expect(projectRoot(join(root, "src", "pulumi"))).toBe(root);
    expect(projectRoot(join(root, "examples", "sandbox"))).toBe(root);
  });

  it("resolves relative declaration paths against it and names files as the config wrote them", () => {
    expect(inProject(["examples/voluum-team.yaml", "/abs/team.yaml"])).toEqual([
      join(root, "examples", "voluum-team.yaml"),
      "/abs/team.yaml",
    ]);
    expect(asWritten(join(root, "examples", "voluum-team.yaml"))).toBe("examples/voluum-team.yaml");
    expect(asWritten("/elsewhere/team.yaml")).toBe("/elsewhere/team.yaml");
  });

  it("is not found above the file system's root: a clear error", () => {
    expect(() => projectRoot("/")).toThrow(/no Pulumi\.yaml at or above \//);
  });
});
