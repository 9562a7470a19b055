/**
 * Reads a guardrails file as every data file is read: the declaration reader (read-file.ts: strict UTF-8, size
 * and node budgets, no hidden characters, one parse), then schemas/guardrails.schema.json. Every mistake is a
 * `yaml/syntax`, `schema/invalid` or `ref/duplicate` (a rule id given twice) violation at its line and column;
 * a file that cannot be read at all throws a DeclarationIoError, as a declaration path does.
 */
import { readFileSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { Ajv2020 } from "ajv/dist/2020.js";
import type { Violation } from "../violations/violation.ts";
import { violationAt } from "../violations/violation-at.ts";
import { regularFileStat } from "./declaration-files.ts";
import type { GuardrailRule, Guardrails } from "./guardrails-model.ts";
import { DeclarationIoError, describeIoError } from "./io-error.ts";
import { MAX_FILE_BYTES, parseDeclarationFile, tooLarge } from "./read-file.ts";
import { schemaErrorViolations } from "./schema-check.ts";
import { escapePointer, type FilePositions, unparsedPositions } from "./source-map.ts";

/** Path of the guardrails schema, the one line 1 of a guardrails file points editors at. */
export const GUARDRAILS_SCHEMA_FILE = join(import.meta.dirname, "..", "..", "schemas", "guardrails.schema.json");

let compiled: ReturnType<Ajv2020["compile"]> | undefined;

function validator() {
  if (compiled === undefined) {
    const ajv = new Ajv2020({ allErrors: true, strict: true, strictRequired: false, verbose: true });
    ajv.addKeyword("x-message");
    compiled = ajv.compile(JSON.parse(readFileSync(GUARDRAILS_SCHEMA_FILE, "utf8")));
  }
  return compiled;
}

/** A guardrails file read: the rules when it has no violation, and every violation. */
export interface GuardrailsLoad {
  guardrails?: Guardrails;
  violations: Violation[];
}

/**
 * Reads the guardrails file `file` (a path as the user gave it). Violations and rule positions name it `shownAs`:
 * the Pulumi stack reads a file relative to the project root and names it as the stack config wrote it.
 */
export async function loadGuardrails(file: string, shownAs: string = file): Promise<GuardrailsLoad> {
  const size = (await regularFileStat(file)).size;
  if (size > MAX_FILE_BYTES) {
    return { violations: [violationAt("yaml/syntax", unparsedPositions(shownAs).at(""), tooLarge(size))] };
  }
  let bytes: Uint8Array;
  try {
    bytes = await readFile(file);
  } catch (error) {
    throw new DeclarationIoError(file, describeIoError(error));
  }
  return guardrailsFromBytes(shownAs, bytes);
}

/** Parses and checks the bytes of the guardrails file `file`. */
export function guardrailsFromBytes(file: string, bytes: Uint8Array): GuardrailsLoad {
  const parsed = parseDeclarationFile(file, bytes);
  if (parsed.violations.length > 0) return { violations: parsed.violations };
  const { data, positions } = parsed;
  const validate = validator();
  if (typeof data !== "object" || data === null || Array.isArray(data)) {
    const message = "the document must be a mapping (apiVersion, kind: Guardrails, rules)";
    return { violations: [violationAt("schema/invalid", positions.at(""), message)] };
  }
  if (!validate(data)) return { violations: schemaErrorViolations(validate.errors ?? [], positions) };
  const rules = rulesOf(data as GuardrailsData, positions);
  const violations = duplicateIds(rules, positions);
  return violations.length > 0 ? { violations } : { guardrails: { file, rules }, violations: [] };
}

/** The file as the schema guarantees it. */
interface GuardrailsData {
  rules: Array<{
    id: string;
    description?: string;
    severity?: "error" | "warning";
    when?: Record<string, string | string[]>;
    require: Record<string, string | string[] | number>;
  }>;
}

function rulesOf(data: GuardrailsData, positions: FilePositions): GuardrailRule[] {
  const offsets = positions.itemOffsets("rules");
  const list = (value: unknown) =>
    value === undefined ? undefined : typeof value === "string" ? [value] : (value as string[]);
  return data.rules.map((rule, i) => {
    const path = `/rules/${i}`;
    const keys: GuardrailRule["keys"] = {};
    for (const section of ["when", "require"] as const) {
      for (const key of Object.keys(rule[section] ?? {})) {
        keys[`${section}.${key}`] = positions.keyAt(`${path}/${section}`, key);
      }
    }
    const when = rule.when ?? {};
    const req = rule.require;
    return {
      id: rule.id,
      ...(rule.description !== undefined ? { description: rule.description } : {}),
      severity: rule.severity ?? "error",
      when: compact({ role: list(when.role), emailDomain: list(when.emailDomain), workspace: list(when.workspace) }),
      require: compact({
        hiddenColumns: list(req.hiddenColumns),
        emailDomain: list(req.emailDomain),
        workspaces: list(req.workspaces),
        notRole: list(req.notRole),
        atMost: req.atMost as number | undefined,
        untilWithinDays: req.untilWithinDays as number | undefined,
      }),
      at: offsets[i] === undefined ? positions.at(path) : positions.offsetAt(offsets[i], path),
      keys,
    };
  });
}

/** `ref/duplicate` for every rule whose id an earlier rule has. */
function duplicateIds(rules: GuardrailRule[], positions: FilePositions): Violation[] {
  const first = new Map<string, GuardrailRule>();
  const violations: Violation[] = [];
  for (const [i, rule] of rules.entries()) {
    const earlier = first.get(rule.id);
    if (earlier === undefined) first.set(rule.id, rule);
    else {
      const at = positions.at(`/rules/${i}/${escapePointer("id")}`);
      const message = `guardrail \`${rule.id}\` is declared twice; also declared at ${earlier.at.file}:${earlier.at.line}:${earlier.at.column}`;
      violations.push(violationAt("ref/duplicate", at, message));
    }
  }
  return violations;
}

function compact<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}
