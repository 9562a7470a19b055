/**
 * The sandbox's view of schemas/tracker-api.yaml: the operation table the router matches against, and the request
 * checks (path, query and body against the spec's schemas, compiled once with Ajv 2020). Because routes and
 * checks come from the spec itself, the sandbox cannot accept a request the contract forbids.
 */
import type { ErrorObject, ValidateFunction } from "ajv/dist/2020.js";
import {
  apiSpec,
  createSchemaAjv,
  type ApiParameter as Parameter,
  rewriteRefs,
  schemaRef,
} from "../tracker/api-spec.ts";
import { invisibleCharacterProblem } from "../violations/invisible-characters.ts";
import { type FieldProblem, invalidRequest, ProblemError } from "./problems.ts";

// The contract is loaded once, in src/tracker/api-spec.ts, for the client and the sandbox alike.
export { apiSpec, createSchemaAjv, type OpenApiDocument, schemaRef } from "../tracker/api-spec.ts";

const METHODS = ["get", "post", "put", "patch", "delete"] as const;

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
  /** The query parameters, whose values `checkRequest` reads (integers, defaults) before checking them. */
  queryParameters: Parameter[];
  validatePath: ValidateFunction;
  validateQuery: ValidateFunction;
}

/** A request's checked inputs. */
export interface RequestInput {
  path: Record<string, string>;
  /** Query parameters, integers read as numbers, defaults applied (`limit` is 100 when absent). */
  query: Record<string, unknown>;
  body: unknown;
}

const bodyAjv = createSchemaAjv();
// No type coercion: Ajv's takes `Infinity`, `1e400`, `0x10` and ` 5` for integers (Infinity then passes
// `maximum`, and SQLite answers "datatype mismatch"); `readQuery` reads the values instead.
const paramAjv = createSchemaAjv();
const bodyValidators = new Map<string, ValidateFunction>();

/** Every operation in the spec, in document order. */
export const OPERATIONS: readonly OperationSpec[] = Object.entries(apiSpec().paths).flatMap(([template, item]) =>
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
    queryParameters: parameters.filter((p) => p.in === "query"),
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
  // Phase 1: path and query parameters (integers read from their decimal text, defaults filled in).
  const problems: FieldProblem[] = [];
  if (!operation.validatePath(path)) problems.push(...fieldProblems(operation.validatePath.errors, "path:", path));
  const { query, repeated } = readQuery(operation.queryParameters, search);
  for (const name of repeated) problems.push({ pointer: `query:${name}`, message: "must be given at most once" });
  if (!operation.validateQuery(query)) {
    problems.push(...fieldProblems(operation.validateQuery.errors, "query:", query));
  }
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
    const detail = `the request body does not match ${operation.bodySchema}`;
    throw invalidRequest(detail, fieldProblems(validate.errors, "", body));
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

/**
 * The query as the schemas check it: a parameter of type integer is a number when written as a decimal integer
 * (`-3`, `100`) and stays text otherwise, which the schema refuses ("must be integer"): `1e3`, `1.0`, `0x10`,
 * ` 5`, `Infinity`, `1e400` are not integers here. Absent parameters get their schema's default.
 */
function readQuery(parameters: Parameter[], search: URLSearchParams) {
  const query: Record<string, unknown> = {};
  const repeated = new Set<string>();
  for (const [name, value] of search) {
    if (name in query) repeated.add(name);
    const schema = parameters.find((p) => p.name === name)?.schema as { type?: unknown } | undefined;
    query[name] = schema?.type === "integer" && /^-?[0-9]+$/.test(value) ? Number(value) : value;
  }
  for (const { name, schema } of parameters) {
    const fallback = (schema as { default?: unknown }).default;
    if (!(name in query) && fallback !== undefined) query[name] = fallback;
  }
  return { query, repeated };
}

/**
 * Ajv errors as `{pointer, message}`, the pointer naming the missing or unexpected property itself; with the
 * checked `data`, a pattern that refuses an invisible character names the character instead of the pattern.
 */
export function fieldProblems(
  errors: ErrorObject[] | null | undefined,
  prefix: string,
  data?: unknown,
): FieldProblem[] {
  const seen = new Set<string>();
  const problems: FieldProblem[] = [];
  // `Email` has a format and a pattern: where both fail, "must match format" says it without the regex
  const formatFailed = new Set((errors ?? []).filter((e) => e.keyword === "format").map((e) => e.instancePath));
  for (const error of errors ?? []) {
    let pointer = error.instancePath;
    const params = error.params as { missingProperty?: string; additionalProperty?: string };
    const property = params.missingProperty ?? params.additionalProperty;
    if (property !== undefined) pointer += `/${property}`;
    if (prefix !== "") pointer = prefix + pointer.replace(/^\//, "");
    const message = params.additionalProperty !== undefined ? "is not a known property" : messageOf(error, data);
    if (error.keyword === "pattern" && formatFailed.has(error.instancePath) && !message.startsWith("holds ")) continue;
    const key = `${pointer}\n${message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    problems.push({ pointer, message });
  }
  return problems;
}

function messageOf(error: ErrorObject, data: unknown): string {
  if (error.keyword === "pattern") {
    const value = valueAt(data, error.instancePath);
    const invisible = typeof value === "string" ? invisibleCharacterProblem(value) : undefined;
    if (invisible !== undefined) return `${invisible}; e-mails and names may not hold control or invisible characters`;
  }
  return error.message ?? "";
}

/** The value at a JSON pointer (`/moves/0/id`) of `data`. */
function valueAt(data: unknown, pointer: string): unknown {
  let value = data;
  for (const segment of pointer.split("/").slice(1)) {
    const key = segment.replaceAll("~1", "/").replaceAll("~0", "~");
    value = typeof value === "object" && value !== null ? (value as Record<string, unknown>)[key] : undefined;
  }
  return value;
}

function resolveParameter(parameter: unknown): Parameter {
  const ref = (parameter as { $ref?: string }).$ref;
  if (ref === undefined) return parameter as Parameter;
  return apiSpec().components.parameters[ref.split("/").at(-1) as string];
}

function objectSchema(parameters: Parameter[]): object {
  return {
    type: "object",
    additionalProperties: false,
    properties: Object.fromEntries(parameters.map((p) => [p.name, rewriteRefs(p.schema)])),
    required: parameters.filter((p) => p.required === true).map((p) => p.name),
  };
}

function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}
