/**
 * The account a sandbox starts with: the seed format (schemas/sandbox-seed.schema.json), reading it from YAML,
 * checking it against its profile, and writing it into an empty database in one transaction.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { Ajv2020 } from "ajv/dist/2020.js";
import { LineCounter, parseDocument } from "yaml";
import type { Profile } from "../policy/profile.ts";
import { loadProfile } from "../policy/profile-loader.ts";
import { PUBLIC_WORKSPACE_ID } from "../tracker/resources.ts";
import { fieldProblems } from "./request-validation.ts";
import { seedProblems } from "./seed-check.ts";
import type { SandboxStore } from "./store.ts";
import { insertConnection, insertElement, insertTags } from "./store-elements.ts";
import { addApiKey, findUserByEmail, hasApiKey, insertUser } from "./store-users.ts";

/** A user of a seed; workspaces by name. Status is `active` unless given. */
export interface SeedUser {
  email: string;
  role: string;
  workspaces?: string[];
  allWorkspaces?: boolean;
  hiddenColumns?: string[];
  status?: "active" | "invited";
  /** Expiry of a pending invitation; default: 7 days after seeding. */
  invitationExpiresAt?: string;
  /** Times the invitation was sent (default 1). */
  invitationsSent?: number;
  /** An API key acting as this user (active users only). */
  apiKey?: string;
}

/** An element of a seed: workspace by name (or `public`), connections by kind and name. */
export interface SeedElement {
  /** The element's id in the tracker (default `el-<n>`); a declaration may refer to it. */
  id?: string;
  kind: string;
  name: string;
  workspace: string;
  connections?: Array<{ kind: string; name: string }>;
  /** Tags the element carries (selectors' `match: { tag }`). */
  tags?: string[];
}

/** The account a sandbox starts with. */
export interface SandboxSeed {
  account: { id: string; name: string; profile: string };
  workspaces?: Array<{ name: string; createdAt?: string }>;
  users: SeedUser[];
  elements?: SeedElement[];
}

const INVITATION_DAYS = 7;
const schemaFile = join(import.meta.dirname, "..", "..", "schemas", "sandbox-seed.schema.json");
const ajv = new Ajv2020({ allErrors: true, strict: true });
ajv.addFormat("email", /^[^\s@]+@[^\s@]+\.[^\s@]+$/);
ajv.addFormat("date-time", (value: string) => !Number.isNaN(Date.parse(value)) && value.includes("T"));
const validateSeed = ajv.compile<SandboxSeed>(JSON.parse(readFileSync(schemaFile, "utf8")));

/** A seed that cannot be used: names the source and lists every problem. */
export class SeedError extends Error {
  /** Builds the error from the source and its problems. */
  constructor(source: string, problems: string[]) {
    const shown = problems.length > 10 ? [...problems.slice(0, 10), `and ${problems.length - 10} more`] : problems;
    super(`${source}: invalid sandbox seed: ${shown.join("; ")}`);
    this.name = "SeedError";
  }
}

/** The seed given as an object or a YAML file path, checked against the schema and its profile. */
export function readSeed(given: SandboxSeed | string): { seed: SandboxSeed; profile: Profile } {
  // Phase 1: read and parse.
  const source = typeof given === "string" ? given : "seed";
  const data: unknown = typeof given === "string" ? parseSeedYaml(given) : given;
  // Phase 2: shape, profile, consistency.
  if (!validateSeed(data)) {
    throw new SeedError(
      source,
      fieldProblems(validateSeed.errors, "").map((p) => `${p.pointer || "/"}: ${p.message}`),
    );
  }
  const profile = loadProfile(data.account.profile);
  if (profile === undefined)
    throw new SeedError(source, [`/account/profile: no policies/${data.account.profile}.yaml`]);
  const problems = seedProblems(data, profile);
  if (problems.length > 0) throw new SeedError(source, problems);
  return { seed: data, profile };
}

/**
 * The YAML of a seed file as data. A syntax error is reported as `file:line:col` with the parser's code and
 * short message only: the parser's pretty message quotes the offending line, which may hold an API key.
 */
function parseSeedYaml(file: string): unknown {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (error) {
    throw new SeedError(file, [(error as NodeJS.ErrnoException).code ?? "cannot be read"]);
  }
  const lineCounter = new LineCounter();
  const document = parseDocument(text, { uniqueKeys: true, prettyErrors: false, lineCounter });
  if (document.errors.length === 0) return document.toJS();
  throw new SeedError(
    file,
    document.errors.map((error) => {
      const { line, col } = lineCounter.linePos(error.pos[0]);
      return `${file}:${line}:${col}: ${error.message.split("\n")[0]} (${error.code})`;
    }),
  );
}

/** Writes `seed` into an empty database in one transaction; returns the API keys by e-mail. */
export function applySeed(store: SandboxStore, seed: SandboxSeed, now: Date): Record<string, string> {
  return store.transaction("write", () => {
    store.setAccount(seed.account);
    const workspaceIds = new Map<string, string>();
    for (const workspace of seed.workspaces ?? []) {
      const createdAt = workspace.createdAt ?? now.toISOString();
      workspaceIds.set(workspace.name, store.createWorkspace(workspace.name, createdAt).id);
    }
    const defaultExpiry = new Date(now.getTime() + INVITATION_DAYS * 86_400_000).toISOString();
    const apiKeys: Record<string, string> = {};
    for (const user of seed.users) {
      const status = user.status ?? "active";
      const id = insertUser(store, {
        email: user.email,
        role: user.role,
        status,
        invitationExpiresAt: status === "invited" ? (user.invitationExpiresAt ?? defaultExpiry) : null,
        invitationsSent: user.invitationsSent ?? 1,
        workspaces: (user.workspaces ?? []).map((name) => workspaceIds.get(name) as string),
        allWorkspaces: user.allWorkspaces ?? false,
        hiddenColumns: user.hiddenColumns ?? [],
      });
      if (user.apiKey !== undefined) {
        addApiKey(store, id, user.apiKey);
        apiKeys[user.email] = user.apiKey;
      }
    }
    const elementRows = new Map<string, number>();
    for (const element of seed.elements ?? []) {
      const workspace =
        element.workspace === PUBLIC_WORKSPACE_ID
          ? PUBLIC_WORKSPACE_ID
          : (workspaceIds.get(element.workspace) as string);
      const row = insertElement(store, { ...element, workspace });
      elementRows.set(`${element.kind}\u0000${element.name}`, row);
      insertTags(store, row, element.tags ?? []);
    }
    for (const element of seed.elements ?? []) {
      const from = elementRows.get(`${element.kind}\u0000${element.name}`) as number;
      for (const target of element.connections ?? []) {
        insertConnection(store, from, elementRows.get(`${target.kind}\u0000${target.name}`) as number);
      }
    }
    return apiKeys;
  });
}

/** The seed's API keys that still act for their users in an already-seeded database (restart). */
export function seededApiKeys(store: SandboxStore, seed: SandboxSeed): Record<string, string> {
  const apiKeys: Record<string, string> = {};
  for (const user of seed.users) {
    if (user.apiKey === undefined) continue;
    const found = findUserByEmail(store, user.email);
    if (found !== undefined && hasApiKey(store, found.id, user.apiKey)) apiKeys[user.email] = user.apiKey;
  }
  return apiKeys;
}
