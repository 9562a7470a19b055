/**
 * The saved plan (`plan --out plan.json`), as data: the operations, the declaration's digest (every file's
 * content hash), the tracker URL and account, the profile, the actor, and every touched object with the etag it
 * was planned against (reconcile/plan-binding.ts). No key, nothing secret. Its digest covers everything but the
 * time it was made, so the same plan of the same account state has the same digest, and the short digest in a
 * pull-request comment names the file the apply job runs. Read back, it is checked like every data file:
 * against schemas/saved-plan.schema.json, then its digest; a bad file is one `file:line:col: message (rule)`.
 */
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { Ajv2020, type ErrorObject } from "ajv/dist/2020.js";
import { LineCounter, parseDocument } from "yaml";
import { documentPositions } from "../declaration/document-positions.ts";
import type { Declaration } from "../declaration/model.ts";
import type { Profile } from "../policy/profile.ts";
import type { LiveAccount } from "../reconcile/live-account.ts";
import { workspaceNames } from "../reconcile/live-account.ts";
import type { Plan } from "../reconcile/operations.ts";
import { type BoundObject, boundObjects } from "../reconcile/plan-binding.ts";
import { apiRoot } from "../tracker/http-client.ts";
import type { Violation } from "../violations/violation.ts";
import { violationAt } from "../violations/violation-at.ts";

/** The `kind` that tells a saved plan from a declaration. */
export const SAVED_PLAN_KIND = "tracker-access/saved-plan";

/** Path of the saved plan's schema. */
export const SAVED_PLAN_SCHEMA_FILE = join(import.meta.dirname, "..", "..", "schemas", "saved-plan.schema.json");

/** A saved plan as written to and read from its file. */
export interface SavedPlan {
  kind: typeof SAVED_PLAN_KIND;
  version: 1;
  /** When it was made (ISO 8601); `apply --max-age` measures from it. Not part of the digest. */
  createdAt: string;
  /** `sha256:<hex>` of the canonical JSON of everything but `createdAt` and `digest`. */
  digest: string;
  tracker: { url: string; accountId: string; account: string };
  /** The profile (tracker) it was planned with. */
  profile: string;
  actor: { userId: string; email: string; role: string };
  declaration: { digest: string; files: Array<{ path: string; sha256: string }> };
  plan: Pick<Plan, "operations" | "unmanagedElements" | "expiredInvitations">;
  objects: BoundObject[];
}

/** What a saved plan is made from. */
export interface SavedPlanSource {
  planned: Plan;
  have: LiveAccount;
  profile: Profile;
  declaration: Declaration;
  /** The tracker API URL the plan read. */
  url: string;
  /** The account's label in reports. */
  account: string;
  now?: Date;
}

/** Builds the saved plan of `source`, reading the declaration's files for their hashes. */
export async function buildSavedPlan(source: SavedPlanSource): Promise<SavedPlan> {
  const { planned, have, profile, declaration } = source;
  const files = await Promise.all(
    declaration.files.map(async (path) => ({ path, sha256: sha256(await readFile(path)) })),
  );
  const body: Omit<SavedPlan, "digest" | "createdAt"> = {
    kind: SAVED_PLAN_KIND,
    version: 1,
    tracker: { url: apiRoot(source.url), accountId: have.account.id, account: source.account },
    profile: profile.tracker,
    actor: { userId: have.actor.userId, email: have.actor.email, role: have.actor.role },
    declaration: { digest: `sha256:${sha256(files.map((f) => `${f.sha256}  ${f.path}\n`).join(""))}`, files },
    plan: {
      operations: planned.operations,
      unmanagedElements: planned.unmanagedElements,
      expiredInvitations: planned.expiredInvitations,
    },
    objects: boundObjects(planned, have, workspaceNames(have.workspaces, profile)),
  };
  return { ...body, createdAt: (source.now ?? new Date()).toISOString(), digest: planDigest(body) };
}

/** The digest of a saved plan's content: everything but `createdAt` and `digest`, as canonical JSON. */
export function planDigest(saved: Omit<SavedPlan, "digest" | "createdAt"> | SavedPlan): string {
  const { digest: _digest, createdAt: _createdAt, ...content } = saved as SavedPlan;
  return `sha256:${sha256(canonicalJson(content))}`;
}

/** The first 12 hex digits of a digest: what the pull-request comment shows and `--expect-digest` takes. */
export function shortDigest(digest: string): string {
  return digest.replace(/^sha256:/, "").slice(0, 12);
}

/** The file's text: the saved plan as indented JSON. */
export function savedPlanText(saved: SavedPlan): string {
  return `${JSON.stringify(saved, null, 2)}\n`;
}

/**
 * Whether `text` is a saved plan rather than a declaration: a JSON object that names the saved-plan kind. Told by
 * content, not by the file's extension (a declaration may be JSON too, as YAML includes JSON).
 */
export function looksLikeSavedPlan(text: string): boolean {
  return /^\s*\{/.test(text) && text.includes(`"${SAVED_PLAN_KIND}"`);
}

/** A saved plan read from `file`, or its violations (`saved-plan/invalid`), all positioned in the file. */
export function parseSavedPlan(file: string, text: string): { saved: SavedPlan } | { violations: Violation[] } {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false });
  const positions = documentPositions(file, doc, lines);
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    const offset = Number(/position (\d+)/.exec((error as Error).message)?.[1] ?? 0);
    const message = `not valid JSON: ${(error as Error).message.replace(/ in JSON at position.*$/, "")}`;
    return { violations: [violationAt("saved-plan/invalid", positions.offsetAt(offset, ""), message)] };
  }
  const validate = validator();
  if (!validate(data)) {
    const violations = (validate.errors ?? []).slice(0, 20).map((error) => {
      const where = error.instancePath || "/";
      return violationAt("saved-plan/invalid", positions.at(error.instancePath), `${where} ${describe(error)}`);
    });
    return { violations };
  }
  const saved = data as SavedPlan;
  if (planDigest(saved) !== saved.digest) {
    const message =
      `the plan's content does not match its digest ${shortDigest(saved.digest)} (edited after \`plan --out\` ` +
      "wrote it?); make the plan again";
    return { violations: [violationAt("saved-plan/invalid", positions.at("/digest"), message)] };
  }
  return { saved };
}

let compiled: ReturnType<Ajv2020["compile"]> | undefined;

function validator() {
  if (compiled === undefined) {
    const ajv = new Ajv2020({
      allErrors: true,
      strict: true,
      strictRequired: false,
      strictTypes: false,
      validateFormats: false,
    });
    compiled = ajv.compile(JSON.parse(readFileSync(SAVED_PLAN_SCHEMA_FILE, "utf8")));
  }
  return compiled;
}

function describe(error: ErrorObject): string {
  if (error.keyword === "additionalProperties")
    return `has an unknown field ${JSON.stringify((error.params as { additionalProperty: string }).additionalProperty)}`;
  if (error.keyword === "const")
    return `must be ${JSON.stringify((error.params as { allowedValue: unknown }).allowedValue)}`;
  if (error.keyword === "enum")
    return `must be one of ${(error.params as { allowedValues: unknown[] }).allowedValues.map((v) => JSON.stringify(v)).join(", ")}`;
  return error.message ?? "is not valid";
}

/** JSON with object keys sorted at every level: the same content always gives the same text. */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  if (value !== null && typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(",")}}`;
  }
  return JSON.stringify(value);
}

function sha256(data: string | Uint8Array): string {
  return createHash("sha256").update(data).digest("hex");
}
