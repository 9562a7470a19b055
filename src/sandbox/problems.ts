/**
 * RFC 9457 problem details as the sandbox answers them: one error class that handlers throw, constructors named
 * after the API's `urn:tracker-access:problem:*` types, and the body written to the wire.
 */
import type { Lease, Problem, ProblemType } from "../tracker/resources.ts";

/** The short names of the API's problem types (the part after `urn:tracker-access:problem:`). */
export type ProblemKind = ProblemType extends `urn:tracker-access:problem:${infer Kind}` ? Kind : never;

/** One field-level problem of an invalid request. */
export interface FieldProblem {
  /** JSON pointer into the request body, or `query:<name>` / `path:<name>` / `header:<name>`. */
  pointer: string;
  message: string;
}

const TITLES: Record<ProblemKind, string> = {
  unauthorized: "Missing or unknown API key",
  forbidden: "The API key's role may not do this",
  "not-found": "No such resource",
  "invalid-request": "The request is not valid",
  "precondition-failed": "The object changed since it was read",
  "precondition-required": "If-Match is required",
  conflict: "The request conflicts with the account's state",
  "workspace-limit": "The account has the maximum number of private workspaces",
  "workspace-not-empty": "The workspace still has elements assigned",
  "move-changes-visibility": "The move would change what other users can see",
  "not-allowed-in-public": "This kind of element cannot be in the public workspace",
  "rule-violation": "The change breaks a rule of the account's profile",
  "payload-too-large": "The request body is too large",
  "unsupported-media-type": "The request body is not JSON",
  "rate-limited": "Too many requests",
  "lease-held": "Another run holds the account's lease",
  internal: "The tracker could not answer",
};

/** How many field-level problems an answer lists at most; its `detail` counts all of them. */
export const MAX_LISTED_PROBLEMS = 20;

/** A refusal a handler throws; the server turns it into a problem+json answer and rolls the transaction back. */
export class ProblemError extends Error {
  readonly status: number;
  readonly kind: ProblemKind;
  readonly errors?: FieldProblem[];
  readonly elements?: string[];
  /** Who holds the lease, on a `lease-held` refusal. */
  readonly lease?: Lease;
  readonly headers: Record<string, string>;

  constructor(
    status: number,
    kind: ProblemKind,
    detail: string,
    extra: { errors?: FieldProblem[]; elements?: string[]; lease?: Lease; headers?: Record<string, string> } = {},
  ) {
    const errors = extra.errors;
    // A body with 60,000 unknown keys has 60,000 problems: the answer lists the first ones and counts them all.
    const capped = errors !== undefined && errors.length > MAX_LISTED_PROBLEMS;
    super(capped ? `${detail} (${errors.length} problems; the first ${MAX_LISTED_PROBLEMS} are listed)` : detail);
    this.name = "ProblemError";
    this.status = status;
    this.kind = kind;
    this.errors = capped ? errors.slice(0, MAX_LISTED_PROBLEMS) : errors;
    this.elements = extra.elements;
    if (extra.lease !== undefined) this.lease = extra.lease;
    this.headers = extra.headers ?? {};
  }

  /** The RFC 9457 body; `instance` is the request path. */
  body(instance?: string): Problem {
    const problem: Problem = {
      type: `urn:tracker-access:problem:${this.kind}` as ProblemType,
      title: TITLES[this.kind],
      status: this.status,
      detail: this.message,
    };
    if (instance !== undefined) problem.instance = instance;
    if (this.errors !== undefined) problem.errors = this.errors;
    if (this.elements !== undefined) problem.elements = this.elements;
    if (this.lease !== undefined) problem.lease = this.lease;
    return problem;
  }
}

/** 400 invalid-request, with the field-level problems. */
export const invalidRequest = (detail: string, errors: FieldProblem[] = []): ProblemError =>
  new ProblemError(400, "invalid-request", detail, { errors });
/** 401 unauthorized. */
export const unauthorized = (detail: string): ProblemError => new ProblemError(401, "unauthorized", detail);
/** 403 forbidden. */
export const forbidden = (detail: string): ProblemError => new ProblemError(403, "forbidden", detail);
/** 404 not-found. */
export const notFound = (detail: string, elements?: string[]): ProblemError =>
  new ProblemError(404, "not-found", detail, { elements });
/** 409 conflict. */
export const conflict = (detail: string): ProblemError => new ProblemError(409, "conflict", detail);
/** 412 precondition-failed. */
export const preconditionFailed = (detail: string, elements?: string[]): ProblemError =>
  new ProblemError(412, "precondition-failed", detail, { elements });
/** 428 precondition-required. */
export const preconditionRequired = (detail: string): ProblemError =>
  new ProblemError(428, "precondition-required", detail);
/** 422 rule-violation, with the offending fields. */
export const ruleViolation = (detail: string, errors?: FieldProblem[]): ProblemError =>
  new ProblemError(422, "rule-violation", detail, { errors });
