/**
 * schemas/tracker-api.yaml as data, read once: the parsed OpenAPI document and an Ajv 2020 instance that knows every
 * component schema. The one loader of the contract for both sides of it: the client checks the tracker's answers
 * with it (answer-check.ts), the sandbox checks requests with it (src/sandbox/request-validation.ts).
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { Ajv2020 } from "ajv/dist/2020.js";
import { load } from "js-yaml";

const specFile = join(import.meta.dirname, "..", "..", "schemas", "tracker-api.yaml");
const SCHEMAS_ID = "urn:tracker-access:api";

/** The part of an OpenAPI 3.1 document tracker-access reads. */
export interface OpenApiDocument {
  paths: Record<string, Record<string, unknown>>;
  components: { schemas: Record<string, unknown>; parameters: Record<string, ApiParameter> };
}

/** A parameter object of the spec. */
export interface ApiParameter {
  name: string;
  in: "path" | "query" | "header";
  required?: boolean;
  schema: unknown;
}

let document: OpenApiDocument | undefined;

/**
 * The parsed OpenAPI document, read on first use (a command that never talks to a tracker, such as `validate`,
 * never pays for it). js-yaml reads this file to the same value as yaml, 5-10 times faster.
 */
export function apiSpec(): OpenApiDocument {
  document ??= load(readFileSync(specFile, "utf8")) as OpenApiDocument;
  return document;
}

/** Options of `createSchemaAjv()`. */
export interface SchemaAjvOptions {
  /** Coerce query and path strings to their schema types and apply defaults (request parameters). */
  coerceTypes?: boolean;
  /** Collect every error rather than stop at the first (default true). */
  allErrors?: boolean;
  /**
   * Check the spec's schemas against JSON Schema 2020-12 as they are added (default true). The client turns it
   * off: compiling the meta-schema costs 50-350 ms per Ajv instance (2 shared cores), and the sandbox's own
   * instances and the spec lint in the tests hold the spec to it already.
   */
  validateSchema?: boolean;
}

/** An Ajv 2020 instance that knows every component schema as `urn:tracker-access:api#/$defs/<Name>`. */
export function createSchemaAjv(options: SchemaAjvOptions = {}): Ajv2020 {
  const ajv = new Ajv2020({
    allErrors: options.allErrors ?? true,
    validateSchema: options.validateSchema ?? true,
    strict: true,
    allowUnionTypes: true,
    useDefaults: options.coerceTypes === true,
    coerceTypes: options.coerceTypes === true,
  });
  ajv.addFormat("email", /^[^\s@]+@[^\s@]+\.[^\s@]+$/);
  ajv.addFormat("date-time", { type: "string", validate: isDateTime });
  ajv.addSchema({ $id: SCHEMAS_ID, $defs: rewriteRefs(apiSpec().components.schemas) });
  return ajv;
}

/** A `$ref` to component schema `name` for use with `createSchemaAjv()`. */
export function schemaRef(name: string): { $ref: string } {
  return { $ref: `${SCHEMAS_ID}#/$defs/${name}` };
}

/** Deep copy with `#/components/schemas/X` refs pointing at the Ajv document's `$defs`. */
export function rewriteRefs<T>(value: T): T {
  return JSON.parse(JSON.stringify(value), (key, v) =>
    key === "$ref" && typeof v === "string" ? v.replace("#/components/schemas/", `${SCHEMAS_ID}#/$defs/`) : v,
  );
}

function isDateTime(value: string): boolean {
  return /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$/i.test(value) && !Number.isNaN(Date.parse(value));
}
