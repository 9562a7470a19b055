/**
 * The errors a `TrackerClient` rejects with. Each names the request as `METHOD /path` and nothing else of it:
 * no headers, no query string, never the API key. `toTrackerApiError()` is the one place that turns an
 * error response into a typed error.
 */
import { redactText } from "./redaction.ts";
import type { Problem } from "./resources.ts";

const PROBLEM_TYPE_PREFIX = "urn:tracker-access:problem:";
const MAX_TEXT_BODY = 200;

/** Base of every error a tracker request can end in; `method` and `path` name the request. */
export class TrackerError extends Error {
  /** HTTP method of the failed request (GET, POST, ...). */
  readonly method: string;
  /** URL path of the failed request, without query string. */
  readonly path: string;

  constructor(method: string, path: string, message: string) {
    super(message);
    this.name = new.target.name;
    this.method = method;
    this.path = path;
  }
}

/** The tracker answered with an error status (after retries, where the status is retryable). */
export class TrackerApiError extends TrackerError {
  /** HTTP status of the final answer. */
  readonly status: number;
  /** The RFC 9457 problem body, when the answer carried one. */
  readonly problem?: Problem;

  constructor(method: string, path: string, status: number, message: string, problem?: Problem) {
    super(method, path, message);
    this.status = status;
    if (problem !== undefined) this.problem = problem;
  }

  /** The problem type without its URN prefix (`precondition-failed`), when the answer carried one. */
  get problemKind(): string | undefined {
    return this.problem ? problemKind(this.problem.type) : undefined;
  }
}

/** A request got no answer within the client's `timeoutMs`; it is not retried (see retry.ts). */
export class TrackerTimeoutError extends TrackerError {
  /** The timeout that elapsed, in milliseconds. */
  readonly timeoutMs: number;

  constructor(method: string, path: string, timeoutMs: number) {
    super(method, path, `${method} ${path} → no answer within ${timeoutMs} ms`);
    this.timeoutMs = timeoutMs;
  }
}

/**
 * The connection failed or dropped before a complete answer (after retries, where the method is retryable).
 * For a POST the tracker may or may not have applied the request: re-read before trying again.
 */
export class TrackerNetworkError extends TrackerError {
  /** A short reason such as `ECONNRESET: other side closed`; never the request's headers. */
  readonly reason: string;

  constructor(method: string, path: string, reason: string) {
    super(method, path, `${method} ${path} → network error: ${reason}`);
    this.reason = reason;
  }
}

/**
 * The tracker answered with a redirect (3xx). A tracker API does not redirect, and following one would send the
 * API key to wherever the `Location` points: the client never follows it and does not repeat the request. The
 * message names the status and the origin of the `Location` only (no path, no query).
 */
export class TrackerRedirectError extends TrackerError {
  /** HTTP status of the redirect (301, 302, 303, 307, 308, ...). */
  readonly status: number;
  /** Origin (`scheme://host:port`) the `Location` header points at, when it has one that parses. */
  readonly location?: string;

  constructor(method: string, path: string, status: number, location: string | undefined, secrets: readonly string[]) {
    const where = location === undefined ? "without a usable Location" : `to ${location}`;
    const message =
      `${method} ${path} → ${status} redirect ${where}; not followed: a tracker API does not redirect, ` +
      "and the API key is only ever sent to the configured URL";
    super(method, path, redactText(message, secrets));
    this.status = status;
    if (location !== undefined) this.location = redactText(location, secrets);
  }
}

/**
 * A success answer that breaks the contract (schemas/tracker-api.yaml): a body that is not JSON, a status the
 * operation does not define, or JSON of the wrong shape. Nothing of the answer is used; the message names what
 * was wrong (a JSON pointer and the rule it broke), never the values.
 */
export class TrackerAnswerError extends TrackerError {
  /** HTTP status of the answer. */
  readonly status: number;
  /** What was wrong, e.g. `/items/0/email must match format "email"`. */
  readonly reason: string;

  constructor(method: string, path: string, status: number, reason: string) {
    super(method, path, `${method} ${path} → ${status}, an answer the API contract does not allow: ${reason}`);
    this.status = status;
    this.reason = reason;
  }
}

/**
 * The API key holds a character an HTTP header cannot carry (anything but visible ASCII). Raised before any
 * request is sent; the message names the position and code point of the first such character, never the key.
 */
export class InvalidApiKeyError extends Error {
  /** 1-based position of the first character that cannot be sent, when known. */
  readonly position?: number;

  constructor(at?: { position: number; codePoint: number }) {
    const where = at === undefined ? "" : `: ${describeKeyCharacter(at.position, at.codePoint)}`;
    super(`the API key cannot be sent in an HTTP header${where}`);
    this.name = "InvalidApiKeyError";
    if (at !== undefined) this.position = at.position;
  }
}

/** `position 4 (U+000A)`: where a key breaks, without any of the key's other characters. */
export function describeKeyCharacter(position: number, codePoint: number): string {
  return `position ${position} (U+${codePoint.toString(16).toUpperCase().padStart(4, "0")})`;
}

/** `urn:tracker-access:problem:not-found` → `not-found`; other strings are returned as they are. */
export function problemKind(type: string): string {
  return type.startsWith(PROBLEM_TYPE_PREFIX) ? type.slice(PROBLEM_TYPE_PREFIX.length) : type;
}

/**
 * Turns an error answer into a `TrackerApiError` whose message reads
 * `PATCH /v1/users/u-12 → 412 precondition-failed: <detail or title>`. `body` is the parsed JSON body or the
 * raw text; any of `secrets` found in it is replaced by `[redacted]`. The response's headers are not kept.
 */
export function toTrackerApiError(
  method: string,
  path: string,
  response: Pick<Response, "status" | "statusText">,
  body: unknown,
  secrets: readonly string[] = [],
): TrackerApiError {
  const clean = redact(body, secrets);
  const head = `${method} ${path} → ${response.status}`;
  if (isProblem(clean)) {
    const summary = problemSummary(clean);
    return new TrackerApiError(method, path, response.status, `${head} ${problemKind(clean.type)}: ${summary}`, clean);
  }
  const text = typeof clean === "string" ? clean.trim().slice(0, MAX_TEXT_BODY) : "";
  const reason = response.statusText || "error";
  return new TrackerApiError(method, path, response.status, text ? `${head} ${reason}: ${text}` : `${head} ${reason}`);
}

/**
 * Redacts the given secrets, and what is close to them (any run of just under half of a key's characters, at least
 * 8, in any letter case, raw or URL-encoded: see redaction.ts), in strings nested anywhere in `value`.
 */
export function redact<T>(value: T, secrets: readonly string[]): T {
  const active = secrets.filter((s) => s.length > 0);
  if (active.length === 0) return value;
  const visit = (v: unknown): unknown => {
    if (typeof v === "string") return redactText(v, active);
    if (Array.isArray(v)) return v.map(visit);
    if (v !== null && typeof v === "object") {
      return Object.fromEntries(Object.entries(v).map(([k, inner]) => [k, visit(inner)]));
    }
    return v;
  };
  return visit(value) as T;
}

/** The occurrence's `detail` when given (the problem kind already names the type), else the type's `title`. */
function problemSummary(problem: Problem): string {
  return problem.detail?.trim() || problem.title;
}

function isProblem(body: unknown): body is Problem {
  if (body === null || typeof body !== "object") return false;
  const candidate = body as Record<string, unknown>;
  return typeof candidate.type === "string" && typeof candidate.title === "string";
}
