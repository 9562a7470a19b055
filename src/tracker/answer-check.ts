/**
 * The tracker's success answers, checked against the contract before anything uses them: the status must be one
 * the operation defines, and its body must be JSON matching the response schema of that operation and status in
 * schemas/tracker-api.yaml. A tracker that answers 200 with an HTML page, or with `{"items": 5}`, ends the request
 * in a `TrackerAnswerError` naming the method, the path and what was wrong, instead of a crash somewhere in the
 * planner. Validators are compiled once per operation and status, on first use, and stop at the first error.
 */
import type { Ajv2020, ValidateFunction } from "ajv/dist/2020.js";
import { apiSpec, createSchemaAjv, rewriteRefs } from "./api-spec.ts";
import { TrackerAnswerError } from "./errors.ts";

interface ResponseObject {
  content?: Record<string, { schema?: unknown }>;
}

interface OperationObject {
  responses?: Record<string, ResponseObject>;
}

/** What the contract says a success answer of one operation and status carries. */
type Expected =
  | { kind: "undefined" }
  | { kind: "empty" }
  | { kind: "json"; schema: string; validate: ValidateFunction };

let ajv: Ajv2020 | undefined;
const compiled = new Map<string, Expected>();

/**
 * The body of a success answer (status 200-299) of `method template` (the spec's path template, e.g.
 * `/v1/users/{userId}`), parsed and checked; `path` is the concrete path the request went to, for the message.
 * `text` is the body as received (undefined when there was none). Throws a `TrackerAnswerError`.
 */
export function checkAnswer(
  method: string,
  template: string,
  path: string,
  response: Pick<Response, "status" | "headers">,
  text: string | undefined,
): unknown {
  const { status } = response;
  const fail = (reason: string) => new TrackerAnswerError(method, path, status, reason);
  const expected = expectedAnswer(method, template, status);
  if (expected.kind === "undefined") {
    const defined = successStatuses(method, template).join(", ");
    throw fail(`the contract defines ${defined || "no success status"} for this operation, not ${status}`);
  }
  if (expected.kind === "empty") return undefined;

  if (text === undefined || text.trim() === "") throw fail(`the body is empty; expected JSON (${expected.schema})`);
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw fail(`the body is not JSON (${describeContentType(response.headers.get("Content-Type"))})`);
  }
  if (!expected.validate(body)) {
    const first = expected.validate.errors?.[0];
    const where = first?.instancePath ? first.instancePath : "the body";
    throw fail(`${where} ${first?.message ?? "does not match"} (${expected.schema})`);
  }
  return body;
}

function expectedAnswer(method: string, template: string, status: number): Expected {
  const key = `${method} ${template} ${status}`;
  let expected = compiled.get(key);
  if (expected === undefined) {
    expected = compileAnswer(method, template, status);
    compiled.set(key, expected);
  }
  return expected;
}

function compileAnswer(method: string, template: string, status: number): Expected {
  const answer = operationOf(method, template)?.responses?.[String(status)];
  if (answer === undefined) return { kind: "undefined" };
  const schema = answer.content?.["application/json"]?.schema;
  if (schema === undefined) return { kind: "empty" };
  ajv ??= createSchemaAjv({ allErrors: false, validateSchema: false });
  const ref = (schema as { $ref?: unknown }).$ref;
  const name = typeof ref === "string" ? (ref.split("/").at(-1) as string) : `the ${status} answer`;
  return { kind: "json", schema: name, validate: ajv.compile(rewriteRefs(schema as object)) };
}

function operationOf(method: string, template: string): OperationObject | undefined {
  return apiSpec().paths[template]?.[method.toLowerCase()] as OperationObject | undefined;
}

function successStatuses(method: string, template: string): string[] {
  return Object.keys(operationOf(method, template)?.responses ?? {}).filter((s) => /^2\d\d$/.test(s));
}

/** `Content-Type text/html`, or a neutral phrase for a missing or odd-looking value (it is the tracker's text). */
function describeContentType(value: string | null): string {
  if (value === null) return "no Content-Type";
  const mediaType = value.split(";")[0].trim().toLowerCase();
  return /^[a-z0-9.+-]{1,40}\/[a-z0-9.+-]{1,60}$/.test(mediaType) ? `Content-Type ${mediaType}` : "odd Content-Type";
}
