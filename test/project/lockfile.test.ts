/**
 * The lockfile is one `npm ci` accepts: every optional dependency (the per-platform binaries of Biome,
 * rolldown, lightningcss) has its entry, even those this machine never installs. A lock written against a
 * registry that lacks some platform's build omits that entry, and `npm ci` then refuses the whole lock.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

interface LockEntry {
  version?: string;
  dependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
}

const root = join(import.meta.dirname, "..", "..");
const lock = JSON.parse(readFileSync(join(root, "package-lock.json"), "utf8")) as {
  lockfileVersion: number;
  packages: Record<string, LockEntry>;
};
const manifest = JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as {
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
};

/** Where node would find `name` from the package at `from`: its own node_modules, then each parent's. */
function resolve(from: string, name: string): string | undefined {
  let base = from;
  for (;;) {
    const candidate = base === "" ? `node_modules/${name}` : `${base}/node_modules/${name}`;
    if (Object.hasOwn(lock.packages, candidate)) return candidate;
    if (base === "") return undefined;
    const at = base.lastIndexOf("/node_modules/");
    base = at < 0 ? "" : base.slice(0, at);
  }
}

describe("package-lock.json", () => {
  it("is a version 3 lock of exactly package.json's dependencies", () => {
    expect(lock.lockfileVersion).toBe(3);
    const rootEntry = lock.packages[""] as LockEntry & { devDependencies?: Record<string, string> };
    expect(rootEntry.dependencies).toEqual(manifest.dependencies);
    expect(rootEntry.devDependencies).toEqual(manifest.devDependencies);
  });

  it("has an entry for every optional dependency of every package, as npm ci requires", () => {
    const missing: string[] = [];
    let checked = 0;
    for (const [location, entry] of Object.entries(lock.packages)) {
      for (const name of Object.keys(entry.optionalDependencies ?? {})) {
        checked++;
        if (resolve(location, name) === undefined) missing.push(`${name} (optional for ${location})`);
      }
    }
    expect(missing).toEqual([]);
    expect(checked).toBeGreaterThan(0);
  });

  it("pins Biome to a release whose every platform binary the lock holds", () => {
    const biome = lock.packages["node_modules/@biomejs/biome"];
    expect(manifest.devDependencies["@biomejs/biome"]).toBe(biome?.version);
    const platforms = Object.keys(biome?.optionalDependencies ?? {});
    expect(platforms.length).toBeGreaterThanOrEqual(8);
    for (const name of platforms) expect(lock.packages[`node_modules/${name}`]?.version, name).toBe(biome?.version);
  });
});
