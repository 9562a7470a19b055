/**
 * profile-loader.ts reads policies/*.yaml with js-yaml and the core schema of declaration/core-schema.ts (faster
 * than `yaml`, and already loaded): every profile must read exactly as `yaml` reads it, duplicate keys refused.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { load } from "js-yaml";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { YAML_CORE_SCHEMA } from "../../src/declaration/core-schema.ts";
import { listProfiles, loadProfile } from "../../src/policy/profile-loader.ts";

const policies = join(import.meta.dirname, "..", "..", "policies");

describe("reading the profiles", () => {
  for (const name of readdirSync(policies).filter((n) => n.endsWith(".yaml"))) {
    it(`${name} reads as \`yaml\` reads it`, () => {
      const text = readFileSync(join(policies, name), "utf8");
      const expected = parse(text, { uniqueKeys: true });
      expect(load(text, { schema: YAML_CORE_SCHEMA })).toEqual(expected);
      expect(loadProfile(name.slice(0, -".yaml".length))).toEqual(expected);
    });
  }

  it("refuses a duplicate key, as `yaml` with uniqueKeys does", () => {
    expect(() => load("tracker: a\ntracker: b\n", { schema: YAML_CORE_SCHEMA })).toThrow(/duplicated mapping key/);
    expect(listProfiles().length).toBeGreaterThan(0);
  });
});
