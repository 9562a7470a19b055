/**
 * Checks one file's data against schemas/access.schema.json (compiled ahead of time: schema-codegen.ts) and turns Ajv's
 * errors into `schema/invalid` violations at the YAML node each error is about.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { ErrorObject, ValidateFunction } from "ajv";
import { invisibleCharacterProblem } from "../violations/invisible-characters.ts";
import type { Violation } from "../violations/violation.ts";
import { violationAt } from "../violations/violation-at.ts";
import { validateAccess } from "./schema-validators.generated.js";
import type { FilePositions } from "./source-map.ts";

/** Path of the declaration schema, the one editors are pointed at from line 1 of a declaration file. */
export const ACCESS_SCHEMA_FILE = join(import.meta.dirname, "..", "..", "schemas", "access.schema.json");

type SchemaObject = Record<string, unknown>;

const schema = JSON.parse(readFileSync(ACCESS_SCHEMA_FILE, "utf8")) as SchemaObject;
// Compiled ahead of time (schema-codegen.ts), with `x-message` (the human message for an anyOf/oneOf that failed as
// a whole) and `x-api` (the contract definition a limit is copied from; test/validate/contract-limits.test.ts
// holds the copies equal to their source) as annotations, and `verbose`: each error carries its parent schema,
// where that message (and the allowed properties) are read. Loading Ajv and compiling at start-up took ~0.3 s.
function validator(): ValidateFunction {
  return validateAccess;
}

/** Every way `data` (one parsed file) breaks the declaration schema, positioned with `positions`. */
export function checkSchema(data: unknown, positions: FilePositions): Violation[] {
  const validate = validator();
  if (typeof data !== "object" || data === null || Array.isArray(data)) {
    if (validate(data)) return [];
    const found =
      data === null || data === undefined ? "an empty document" : `a ${Array.isArray(data) ? "list" : typeof data}`;
    return [
      violationAt(
        "schema/invalid",
        positions.at(""),
        `the document must be a mapping (apiVersion, tracker, ...); found ${found}`,
      ),
    ];
  }
  const all = chunkedErrors(validate, data as Record<string, unknown>);
  if (all.length === 0) return [];
  const errors = all.length > MAX_SCHEMA_ERRORS ? all.slice(0, MAX_SCHEMA_ERRORS) : all;
  // An `if` error only says which branch failed; the branch's own errors say how.
  const thenElse = errors.filter((e) => e.keyword !== "if");
  const violations = relevantErrors(thenElse).map((error) => toViolation(error, positions));
  if (all.length >= MAX_SCHEMA_ERRORS)
    violations.push(
      violationAt(
        "schema/invalid",
        positions.at(""),
        `the schema check of this file stopped after ${MAX_SCHEMA_ERRORS} errors; fix these and validate again`,
      ),
    );
  return violations;
}

/**
 * Schema errors collected per file before the check stops: a file of millions of bad items would otherwise hold
 * gigabytes of error objects (an 8 MiB list of 2 million bad items took 3 GB), and nobody reads past the first
 * thousands. The check stops at the chunk that reaches this count, and the first this many are reported.
 */
export const MAX_SCHEMA_ERRORS = 5000;

/** Items of a top-level list checked per validation call: Ajv joins a `$ref`'s errors with `concat`, O(n²). */
const CHUNK_ITEMS = 1000;

/**
 * All schema errors of `data`, checking each long top-level list (`users`, `elements`, ...) in chunks of
 * CHUNK_ITEMS items, their errors' paths shifted back: one call over a list of a million bad items would take
 * hours (every item's errors are concatenated onto all before). Only lists whose schema constrains each item
 * alone (`type` and `items`, no `maxItems` or `uniqueItems`) are chunked; the rest of the document once.
 */
function chunkedErrors(validate: ValidateFunction, data: Record<string, unknown>): ErrorObject[] {
  const long = Object.keys(data).filter(
    (key) => Array.isArray(data[key]) && (data[key] as unknown[]).length > CHUNK_ITEMS && itemWise(key),
  );
  if (long.length === 0) return validate(data) ? [] : (validate.errors ?? []);
  const rest: Record<string, unknown> = { ...data };
  for (const key of long) rest[key] = [];
  validate(rest);
  const errors = [...(validate.errors ?? [])];
  for (const key of long) {
    const items = data[key] as unknown[];
    const prefix = `/${key}/`;
    for (let start = 0; start < items.length && errors.length < MAX_SCHEMA_ERRORS; start += CHUNK_ITEMS) {
      if (validate({ ...rest, [key]: items.slice(start, start + CHUNK_ITEMS) })) continue;
      for (const error of validate.errors ?? []) {
        if (!error.instancePath.startsWith(prefix)) continue;
        const tail = error.instancePath.slice(prefix.length);
        const slash = tail.indexOf("/");
        const index = Number(slash === -1 ? tail : tail.slice(0, slash)) + start;
        errors.push({ ...error, instancePath: `${prefix}${index}${slash === -1 ? "" : tail.slice(slash)}` });
      }
    }
  }
  return errors;
}

function itemWise(key: string): boolean {
  const property = (schema.properties as Record<string, SchemaObject> | undefined)?.[key];
  return property !== undefined && Object.keys(property).every((k) => ["type", "items", "description"].includes(k));
}

/** Errors that say a value has the wrong shape for a branch, rather than that it breaks the branch's limit. */
const SHAPE_KEYWORDS = new Set(["type", "const", "enum", "required"]);

/**
 * Drops the noise of anyOf/oneOf: the branches' own shape errors at the same place are replaced by the
 * combinator's `x-message`; when a branch failed deeper (an item of a list) or on a limit of a value of its
 * shape (a list over `maxItems`), only that branch's errors stay.
 */
function relevantErrors(errors: ErrorObject[]): ErrorObject[] {
  const combinators = new Map<string, ErrorObject>();
  for (const e of errors) {
    if (e.keyword === "anyOf" || e.keyword === "oneOf") combinators.set(`${e.instancePath}\0${e.schemaPath}`, e);
  }
  if (combinators.size === 0) return errors;
  const dropped = new Set<ErrorObject>();
  for (const e of errors) {
    const branch = /^(.*?\/(?:anyOf|oneOf))\/\d+\//.exec(e.schemaPath);
    if (branch === null) continue;
    // The combinator sits at this error's place or at one of its ancestors (a branch that failed deeper).
    for (let at = e.instancePath; ; at = at.slice(0, at.lastIndexOf("/"))) {
      const combinator = combinators.get(`${at}\0${branch[1]}`);
      if (combinator !== undefined) {
        dropped.add(at === e.instancePath && SHAPE_KEYWORDS.has(e.keyword) ? e : combinator);
        break;
      }
      if (at === "") break;
    }
  }
  // An anyOf whose branches sit behind a `$ref` (a membership: a name or `{ name, until }`) has errors whose
  // schema paths start at the referenced schema; an error below its place still says what is wrong, more exactly.
  for (const combinator of combinators.values()) {
    if (combinator.keyword !== "anyOf" || dropped.has(combinator)) continue;
    const below = `${combinator.instancePath}/`;
    if (errors.some((e) => !dropped.has(e) && e.instancePath.startsWith(below))) dropped.add(combinator);
  }
  return errors.filter((e) => !dropped.has(e));
}

/**
 * Ajv's `errors` for one file's data as `schema/invalid` violations at the nodes they are about, the noise of
 * anyOf/oneOf dropped: how any data file with a schema (guardrails too) reports its mistakes.
 */
export function schemaErrorViolations(errors: ErrorObject[], positions: FilePositions): Violation[] {
  return relevantErrors(errors).map((error) => toViolation(error, positions));
}

function toViolation(error: ErrorObject, positions: FilePositions): Violation {
  const path = error.instancePath;
  const where = path === "" ? "the document" : `\`${readablePath(path)}\``;
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case "additionalProperties": {
      const key = String(params.additionalProperty);
      return violationAt(
        "schema/invalid",
        positions.keyAt(path, key),
        `${where} has unknown property \`${key}\`${allowed(error)}`,
      );
    }
    case "required":
      return violationAt(
        "schema/invalid",
        positions.at(path),
        `${where} is missing required property \`${String(params.missingProperty)}\``,
      );
    default:
      return violationAt("schema/invalid", positions.at(path), `${where} ${messageOf(error)}`);
  }
}

function messageOf(error: ErrorObject): string {
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case "anyOf":
    case "oneOf":
      return String(error.parentSchema?.["x-message"] ?? error.message);
    case "const":
      return `must be \`${String(params.allowedValue)}\``;
    case "enum":
      return `must be one of ${(params.allowedValues as unknown[]).map((v) => `\`${String(v)}\``).join(", ")}`;
    case "type":
      return `must be ${article(String(params.type))}`;
    case "minLength":
      return "must not be empty";
    case "maxLength":
      return `is ${[...String(error.data)].length} characters long; the tracker API takes at most ${String(params.limit)}`;
    case "maxItems":
      return `lists ${(error.data as unknown[]).length} items; the tracker API takes at most ${String(params.limit)}`;
    case "pattern": {
      if (error.parentSchema?.["x-message"] !== undefined) return String(error.parentSchema["x-message"]);
      const invisible = invisibleCharacterProblem(String(error.data));
      if (invisible !== undefined)
        return `${invisible}; e-mails and names may not hold control or invisible characters`;
      return String(error.parentSchema?.["x-message"] ?? "is not an e-mail address");
    }
    case "uniqueItems":
      return `lists the same value twice (items ${String(params.j)} and ${String(params.i)})`;
    default:
      return String(error.parentSchema?.["x-message"] ?? error.message ?? "is invalid");
  }
}

/** `; allowed: a, b` for an unknown property, from the schema's `properties`. */
function allowed(error: ErrorObject): string {
  const properties = error.parentSchema?.properties as SchemaObject | undefined;
  return properties ? `; allowed: ${Object.keys(properties).join(", ")}` : "";
}

function article(type: string): string {
  const word = type === "object" ? "mapping" : type === "array" ? "list" : type;
  return /^[aeiou]/.test(word) ? `an ${word}` : `a ${word}`;
}

/** `/users/3/role` as `users[3].role`, the way people read it. */
function readablePath(pointer: string): string {
  return pointer
    .slice(1)
    .split("/")
    .map((s) => s.replaceAll("~1", "/").replaceAll("~0", "~"))
    .reduce((out, s) => (/^\d+$/.test(s) ? `${out}[${s}]` : out === "" ? s : `${out}.${s}`), "");
}
