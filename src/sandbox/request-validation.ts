/**
 * The sandbox's view of schemas/tracker-api.yaml: the operation table the router matches against, and the request
 * checks (path, query and body against the spec's schemas, compiled once with Ajv 2020). Because routes and
 * checks come from the spec itself, the sandbox cannot accept a request the contract forbids.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { Ajv2020, type ErrorObject, type ValidateFunction } from "ajv/dist/2020.js";
import { parse } from "yaml";
import { type FieldProblem, invalidRequest, ProblemError } from "./problems.ts";

const specFile = join(import.meta.dirname, "..", "..", "schemas", "tracker-api.yaml");
const METHODS = ["get", "post", "put", "patch", "delete"] as const;
const SCHEMAS_ID = "urn:tracker-access:api";

/** The parsed OpenAPI document (read once). */
export const apiSpec: OpenApiDocument = parse(readFileSync(specFile, "utf8"));

/** The part of an OpenAPI 3.1 document the sandbox reads. */
export interface OpenApiDocument {
  paths: Record<string, Record<string, unknown>>;
  components: { schemas: Record<string, unknown>; parameters: Record<string, Parameter> };
}

interface Parameter {
  name: string;
  in: "path" | "query" | "header";
  required?: boolean;
  schema: unknown;
}

/** One operation of the spec, ready to match and check requests. */
export interface OperationSpec {
  operationId: string;
  /** Upper-case HTTP method. */
  method: string;
  /** The spec's path template: `/v1/users/{userId}`. */
  template: string;
  /** Whether the spec requires an `If-Match` header. */
  requiresIfMatch: boolean;
  /** Name of the component schema of the JSON body, when the operation has one. */
  bodySchema?: string;
  pattern: RegExp;
  pathNames: string[];
  validatePath: ValidateFunction;
  validateQuery: ValidateFunction;
}

/** A request's checked inputs. */
export interface RequestInput {
  path: Record<string, string>;
  /** Query parameters, coerced to their schema types, defaults applied (`limit` is 100 when absent). */
  query: Record<string, unknown>;
  body: unknown;
}

/** An Ajv 2020 instance that knows every component schema as `urn:tracker-access:api#/$defs/<Name>`. */
export function createSchemaAjv(options: { coerceTypes?: boolean } = {}): Ajv2020 {
  const ajv = new Ajv2020({
    allErrors: true,
    strict: true,
    allowUnionTypes: true,
    useDefaults: options.coerceTypes === true,
    coerceTypes: options.coerceTypes === true,
  });
  ajv.addFormat("email", /^[^\s@]+@[^\s@]+\.[^\s@]+$/);
  ajv.addFormat("date-time", { type: "string", validate: isDateTime });
  ajv.addSchema({ $id: SCHEMAS_ID, $defs: rewriteRefs(apiSpec.components.schemas) });
  return ajv;
}

/** A `$ref` to component schema `name` for use with `createSchemaAjv()`. */
export function schemaRef(name: string): { $ref: string } {
  return { $ref: `${SCHEMAS_ID}#/$defs/${name}` };
}

const bodyAjv = createSchemaAjv();
const paramAjv = createSchemaAjv({ coerceTypes: true });
const bodyValidators = new Map<string, ValidateFunction>();

/** Every operation in the spec, in document order. */
export const OPERATIONS: readonly OperationSpec[] = Object.entries(apiSpec.paths).flatMap(([template, item]) =>
  METHODS.filter((method) => item[method] !== undefined).map((method) =>
    operationSpec(template, method, item as PathItem),
  ),
);

type PathItem = Record<string, unknown> & { parameters?: unknown[] };
interface OperationObject {
  operationId: string;
  parameters?: unknown[];
  requestBody?: { content: { "application/json": { schema: { $ref: string } } } };
}

function operationSpec(template: string, method: (typeof METHODS)[number], item: PathItem): OperationSpec {
  const operation = item[method] as OperationObject;
  const parameters = [...(item.parameters ?? []), ...(operation.parameters ?? [])].map(resolveParameter);
  const pathNames = [...template.matchAll(/\{(\w+)\}/g)].map((m) => m[1]);
  const pattern = new RegExp(`^${template.replace(/\{\w+\}/g, "([^/]+)")}$`);
  const ref = operation.requestBody?.content["application/json"].schema.$ref;
  return {
    operationId: operation.operationId,
    method: method.toUpperCase(),
    template,
    requiresIfMatch: parameters.some((p) => p.in === "header" && p.name === "If-Match" && p.required === true),
    bodySchema: ref?.split("/").at(-1),
    pattern,
    pathNames,
    validatePath: paramAjv.compile(objectSchema(parameters.filter((p) => p.in === "path"))),
    validateQuery: paramAjv.compile(objectSchema(parameters.filter((p) => p.in === "query"))),
  };
}

/** The operation `method pathname` names; `allowed` lists the methods of a known path with another method. */
export function matchOperation(
  method: string,
  pathname: string,
): { operation: OperationSpec; path: Record<string, string> } | { allowed: string[] } | undefined {
  const allowed: string[] = [];
  for (const operation of OPERATIONS) {
    const match = operation.pattern.exec(pathname);
    if (match === null) continue;
    if (operation.method !== method) {
      allowed.push(operation.method);
      continue;
    }
    const path: Record<string, string> = {};
    operation.pathNames.forEach((name, i) => {
      path[name] = decodeSegment(match[i + 1]);
    });
    return { operation, path };
  }
  return allowed.length > 0 ? { allowed } : undefined;
}

/** Checks path, query and body of a request against the operation's schemas; throws 400 invalid-request. */
export function checkRequest(
  operation: OperationSpec,
  path: Record<string, string>,
  search: URLSearchParams,
  rawBody: string,
): RequestInput {
  // Phase 1: path and query parameters (query values coerced from strings).
  const problems: FieldProblem[] = [];
  if (!operation.validatePath(path)) problems.push(...fieldProblems(operation.validatePath.errors, "path:"));
  const query: Record<string, unknown> = {};
  for (const [name, value] of search) {
    if (name in query) problems.push({ pointer: `query:${name}`, message: "must be given at most once" });
    query[name] = value;
  }
  if (!operation.validateQuery(query)) problems.push(...fieldProblems(operation.validateQuery.errors, "query:"));
  if (problems.length > 0) throw invalidRequest("the request's parameters do not match the API", problems);

  // Phase 2: the JSON body, when the operation takes one.
  if (operation.bodySchema === undefined) return { path, query, body: undefined };
  let body: unknown;
  try {
    body = JSON.parse(rawBody);
  } catch (error) {
    const message = rawBody.trim() === "" ? "the request has no body" : (error as Error).message;
    throw invalidRequest("the request body is not well-formed JSON", [{ pointer: "", message }]);
  }
  const validate = bodyValidator(operation.bodySchema);
  if (!validate(body)) {
    throw invalidRequest(`the request body does not match ${operation.bodySchema}`, fieldProblems(validate.errors, ""));
  }
  return { path, query, body };
}

/**
 * 415 when an operation that takes a JSON body is sent another media type (or a body without any); an empty
 * body without a Content-Type is left to `checkRequest` (400, no body).
 */
export function requireJsonBody(operation: OperationSpec, contentType: string | undefined, rawBody: string): void {
  if (operation.bodySchema === undefined) return;
  if (contentType === undefined && rawBody === "") return;
  const mediaType = (contentType ?? "").split(";")[0].trim().toLowerCase();
  if (mediaType === "application/json") return;
  const given = contentType === undefined ? "no Content-Type" : `Content-Type ${mediaType || "(empty)"}`;
  throw new ProblemError(415, "unsupported-media-type", `the body must be application/json, not ${given}`);
}

function bodyValidator(name: string): ValidateFunction {
  let validate = bodyValidators.get(name);
  if (validate === undefined) {
    validate = bodyAjv.compile(schemaRef(name));
    bodyValidators.set(name, validate);
  }
  return validate;
}

/** Ajv errors as `{pointer, message}`, the pointer naming the missing or unexpected property itself. */
export function fieldProblems(errors: ErrorObject[] | null | undefined, prefix: string): FieldProblem[] {
  const seen = new Set<string>();
  const problems: FieldProblem[] = [];
  for (const error of errors ?? []) {
    let pointer = error.instancePath;
    const params = error.params as { missingProperty?: string; additionalProperty?: string };
    const property = params.missingProperty ?? params.additionalProperty;
    if (property !== undefined) pointer += `/${property}`;
    if (prefix !== "") pointer = prefix + pointer.replace(/^\//, "");
    const message = params.additionalProperty !== undefined ? "is not a known property" : (error.message ?? "");
    const key = `${pointer}\n${message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    problems.push({ pointer, message });
  }
  return problems;
}

function resolveParameter(parameter: unknown): Parameter {
  const ref = (parameter as { $ref?: string }).$ref;
  if (ref === undefined) return parameter as Parameter;
  return apiSpec.components.parameters[ref.split("/").at(-1) as string];
}

function objectSchema(parameters: Parameter[]): object {
  return {
    type: "object",
    additionalProperties: false,
    properties: Object.fromEntries(parameters.map((p) => [p.name, rewriteRefs(p.schema)])),
    required: parameters.filter((p) => p.required === true).map((p) => p.name),
  };
}

/** Deep copy with `#/components/schemas/X` refs pointing at the Ajv document's `$defs`. */
function rewriteRefs<T>(value: T): T {
  return JSON.parse(JSON.stringify(value), (key, v) =>
    key === "$ref" && typeof v === "string" ? v.replace("#/components/schemas/", `${SCHEMAS_ID}#/$defs/`) : v,
  );
}

function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

function isDateTime(value: string): boolean {
  return /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$/i.test(value) && !Number.isNaN(Date.parse(value));
}
