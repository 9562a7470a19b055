/**
 * Loads the permission profiles in `policies/<tracker>.yaml`: parsed with js-yaml and YAML 1.2's core schema as
 * `yaml` reads it (declaration/core-schema.ts; a test holds every profile equal to `yaml`'s reading), checked against
 * `schemas/policy.schema.json`, then checked for internal consistency (every name a table uses is declared).
 * A broken profile is a developer bug, not a user's mistake, so it throws an Error naming the file and the problem.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import type { ValidateFunction } from "ajv";
import { load } from "js-yaml";
import { YAML_CORE_SCHEMA } from "../declaration/core-schema.ts";
import { validatePolicy } from "../declaration/schema-validators.generated.js";
import type { Profile } from "./profile.ts";

const root = join(import.meta.dirname, "..", "..");
const policiesDir = join(root, "policies");
const trackerId = /^[a-z0-9][a-z0-9-]*$/;

// Compiled ahead of time (declaration/schema-codegen.ts): no Ajv compiler loaded and no schema compiled per run.
const validateSchema = validatePolicy as ValidateFunction<Profile>;
const cache = new Map<string, Profile | undefined>();

/** The profile of `tracker` from `policies/<tracker>.yaml`, or undefined when there is no such file. Cached; frozen. */
export function loadProfile(tracker: string): Profile | undefined {
  if (cache.has(tracker)) return cache.get(tracker);
  let profile: Profile | undefined;
  if (trackerId.test(tracker) && listProfiles().includes(tracker)) {
    const file = join(policiesDir, `${tracker}.yaml`);
    const source = relative(root, file);
    let data: unknown;
    try {
      // js-yaml, already loaded for declarations, refuses duplicate keys as `yaml`'s uniqueKeys does; ~0.04 s less
      // per run than `yaml`'s parse.
      data = load(readFileSync(file, "utf8"), { schema: YAML_CORE_SCHEMA });
    } catch (error) {
      throw new Error(`${source}: not well-formed YAML: ${(error as Error).message}`);
    }
    profile = profileFromData(data, source);
    if (profile.tracker !== tracker) {
      throw new Error(`${source}: tracker is "${profile.tracker}", expected "${tracker}" (the file name)`);
    }
  }
  cache.set(tracker, profile);
  return profile;
}

/** Ids of every profile in `policies/`, sorted. */
export function listProfiles(): string[] {
  return readdirSync(policiesDir)
    .filter((name) => name.endsWith(".yaml"))
    .map((name) => name.slice(0, -".yaml".length))
    .filter((name) => trackerId.test(name))
    .sort();
}

/**
 * Checks already-parsed profile data against the schema and for consistency and returns it as a frozen Profile.
 * Throws an Error starting with `source` and listing every problem found.
 */
export function profileFromData(data: unknown, source: string): Profile {
  if (!validateSchema(data)) {
    const problems = (validateSchema.errors ?? []).map((e) => `${e.instancePath || "/"} ${e.message ?? "is invalid"}`);
    throw new Error(`${source}: does not match schemas/policy.schema.json: ${problems.join("; ")}`);
  }
  const problems = consistencyProblems(data);
  if (problems.length > 0) throw new Error(`${source}: inconsistent profile: ${problems.join("; ")}`);
  return deepFreeze(structuredClone(data));
}

/** Every way the profile's tables contradict each other or name something undeclared. */
function consistencyProblems(profile: Profile): string[] {
  const problems: string[] = [];
  const roleNames = names(profile.roles, "role", problems);
  const kindNames = names(profile.elementKinds, "element kind", problems);
  const sectionNames = names(profile.settingsSections, "settings section", problems);
  names(profile.columns, "column", problems);

  const known = (set: Set<string>, what: string, where: string, name: string) => {
    if (!set.has(name)) problems.push(`${where} names unknown ${what} "${name}"`);
  };
  known(roleNames, "role", "ownerRole", profile.ownerRole);
  known(sectionNames, "settings section", "usersSection", profile.usersSection);
  for (const name of profile.hiddenColumnRoles) known(roleNames, "role", "hiddenColumnRoles", name);
  if ((profile.hiddenColumnRoles.length === 0) !== (profile.columns.length === 0)) {
    problems.push("hiddenColumnRoles and columns must be both empty or both non-empty");
  }

  const kinds = new Map(profile.elementKinds.map((k) => [k.name, k]));
  for (const role of profile.roles) {
    const at = `role ${role.name}`;
    for (const name of role.manages) known(roleNames, "role", `${at} manages`, name);
    if (role.manages.includes(role.name)) problems.push(`${at} manages its own role`);
    if (role.manages.includes(profile.ownerRole)) problems.push(`${at} manages the owner role`);
    for (const name of Object.keys(role.settings)) known(sectionNames, "settings section", `${at} settings`, name);
    if (role.manages.length > 0 && (role.settings[profile.usersSection] ?? "none") === "none") {
      problems.push(`${at} manages users but has no access to ${profile.usersSection} (usersSection)`);
    }
    for (const [table, access] of [
      ["publicAccess", role.publicAccess],
      ["privateAccess", role.privateAccess],
    ] as const) {
      for (const [name, value] of Object.entries(access)) {
        known(kindNames, "element kind", `${at} ${table}`, name);
        const kind = kinds.get(name);
        if (kind === undefined || value === "none") continue;
        if (table === "publicAccess" && !profile.publicWorkspace) {
          problems.push(`${at} publicAccess gives "${value}" on ${name} but the tracker has no public workspace`);
        }
        if (table === "publicAccess" && !kind.allowedInPublic) {
          problems.push(`${at} publicAccess gives "${value}" on ${name}, which is not allowed in public`);
        }
        if (kind.readOnlyEverywhere && !role.implicitAccess && value !== "use") {
          problems.push(`${at} ${table} gives "${value}" on ${name}, which is read only everywhere`);
        }
      }
    }
  }
  return problems;
}

/** The set of `items`' names, reporting duplicates. */
function names(items: Array<{ name: string }>, what: string, problems: string[]): Set<string> {
  const seen = new Set<string>();
  for (const { name } of items) {
    if (seen.has(name)) problems.push(`${what} "${name}" is declared twice`);
    seen.add(name);
  }
  return seen;
}

function deepFreeze<T>(value: T): T {
  if (typeof value === "object" && value !== null) {
    for (const child of Object.values(value)) deepFreeze(child);
    Object.freeze(value);
  }
  return value;
}
