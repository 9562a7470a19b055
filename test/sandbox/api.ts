/**
 * Test helpers: a plain-fetch client for the sandbox that checks every answer against schemas/tracker-api.yaml
 * (status declared, content type, body schema, ETag header) and records which operations were exercised.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { ValidateFunction } from "ajv/dist/2020.js";
import { parse } from "yaml";
import { createSchemaAjv } from "../../src/sandbox/request-validation.ts";
import type { RunningSandbox } from "../../src/sandbox/server.ts";

const spec = parse(readFileSync(join(import.meta.dirname, "..", "..", "schemas", "tracker-api.yaml"), "utf8"));
const ajv = createSchemaAjv();
const validators = new Map<string, ValidateFunction>();

/** Every operation in the spec: id, method, path template. */
export const SPEC_OPERATIONS: Array<{ operationId: string; method: string; template: string; pattern: RegExp }> =
  Object.entries(spec.paths as Record<string, Record<string, { operationId?: string }>>).flatMap(([template, item]) =>
    ["get", "post", "put", "patch", "delete"]
      .filter((method) => item[method] !== undefined)
      .map((method) => ({
        operationId: item[method].operationId as string,
        method: method.toUpperCase(),
        template,
        pattern: new RegExp(`^${template.replace(/\{\w+\}/g, "[^/]+")}$`),
      })),
  );

/** `operationId status` of every answer checked so far (per test file). */
export const exercised = new Set<string>();

/** One answer from the sandbox. */
export interface ApiAnswer {
  status: number;
  headers: Headers;
  // biome-ignore lint/suspicious/noExplicitAny: answers are checked against the spec, tests read them freely.
  body: any;
  operationId?: string;
}

/** Options of one request. */
export interface ApiRequest {
  key?: string;
  body?: unknown;
  /** Sent as-is (no JSON encoding). */
  rawBody?: string;
  ifMatch?: string;
  headers?: Record<string, string>;
}

/** Sends a request and checks the answer against the spec. */
export async function call(
  sandbox: RunningSandbox | string,
  method: string,
  path: string,
  request: ApiRequest = {},
): Promise<ApiAnswer> {
  const base = typeof sandbox === "string" ? sandbox : sandbox.url;
  const headers: Record<string, string> = { ...request.headers };
  if (request.key !== undefined) headers["X-Api-Key"] = request.key;
  if (request.ifMatch !== undefined) headers["If-Match"] = request.ifMatch;
  let payload = request.rawBody;
  if (request.body !== undefined) payload = JSON.stringify(request.body);
  if (payload !== undefined) headers["Content-Type"] = "application/json";
  const response = await fetch(base + path, { method, headers, body: payload });
  const text = await response.text();
  const answer: ApiAnswer = {
    status: response.status,
    headers: response.headers,
    body: text ? JSON.parse(text) : undefined,
  };
  checkAgainstSpec(method, new URL(base + path).pathname, answer);
  return answer;
}

/** Throws unless `answer` is one the spec allows for `method path`. */
export function checkAgainstSpec(method: string, pathname: string, answer: ApiAnswer): void {
  const operation = SPEC_OPERATIONS.find((o) => o.method === method && o.pattern.test(pathname));
  if (operation === undefined) {
    // Not an operation: the sandbox must still answer with a problem.
    expectProblem(answer, `${method} ${pathname}`);
    return;
  }
  answer.operationId = operation.operationId;
  const where = `${operation.operationId} ${answer.status}`;
  const responses = spec.paths[operation.template][method.toLowerCase()].responses;
  let response = responses[String(answer.status)] ?? responses.default;
  if (response === undefined) throw new Error(`${where}: status not declared by the spec`);
  if (response.$ref) response = spec.components.responses[response.$ref.split("/").at(-1)];
  const [contentType, media] = Object.entries(response.content ?? {})[0] ?? [];
  if (contentType === undefined) {
    if (answer.body !== undefined) throw new Error(`${where}: the spec declares no body`);
  } else {
    const got = answer.headers.get("content-type") ?? "";
    if (!got.startsWith(contentType as string))
      throw new Error(`${where}: content-type ${got}, expected ${contentType}`);
    const validate = validatorFor((media as { schema: { $ref: string } }).schema.$ref);
    if (!validate(answer.body)) throw new Error(`${where}: body ${JSON.stringify(validate.errors)}`);
  }
  if (response.headers?.ETag !== undefined && answer.status < 300) {
    if (answer.headers.get("etag") !== `"${answer.body.etag}"`) throw new Error(`${where}: ETag header differs`);
  }
  if (answer.status === 429 && !/^\d+$/.test(answer.headers.get("retry-after") ?? "")) {
    throw new Error(`${where}: 429 without Retry-After`);
  }
  exercised.add(where);
}

function expectProblem(answer: ApiAnswer, where: string): void {
  if (!(answer.headers.get("content-type") ?? "").startsWith("application/problem+json")) {
    throw new Error(`${where}: not a problem+json answer`);
  }
  const validate = validatorFor("#/components/schemas/Problem");
  if (!validate(answer.body)) throw new Error(`${where}: ${JSON.stringify(validate.errors)}`);
}

function validatorFor(ref: string): ValidateFunction {
  let validate = validators.get(ref);
  if (validate === undefined) {
    validate = ajv.compile({ $ref: ref.replace("#/components/schemas/", "urn:tracker-access:api#/$defs/") });
    validators.set(ref, validate);
  }
  return validate;
}

/** The problem type's short name of an error answer (`forbidden`, `conflict`, ...). */
export function problemKind(answer: ApiAnswer): string | undefined {
  return typeof answer.body?.type === "string"
    ? answer.body.type.replace("urn:tracker-access:problem:", "")
    : undefined;
}
