/**
 * What every operation handler receives and returns, and the helpers they share: pagination cursors and the
 * If-Match precondition.
 */
import type { Profile, Role } from "../../policy/profile.ts";
import type { User } from "../../tracker/resources.ts";
import { invalidRequest, preconditionFailed, preconditionRequired } from "../problems.ts";
import type { RequestInput } from "../request-validation.ts";
import type { AccountRecord, SandboxStore, StorePage } from "../store.ts";

/** One authenticated request, inside its transaction. */
export interface HandlerContext {
  store: SandboxStore;
  account: AccountRecord;
  profile: Profile;
  /** The user the API key belongs to. */
  actor: User;
  actorRole: Role;
  now: () => Date;
  input: RequestInput;
  /** The `If-Match` header's entity tags (quotes and `W/` removed); undefined without the header. */
  ifMatch: string[] | undefined;
}

/** A successful answer: status, JSON body and the ETag header of a single-object answer. */
export interface Answer {
  status: number;
  body?: unknown;
  etag?: string;
}

/** An operation handler; it throws a ProblemError to refuse (the transaction is then rolled back). */
export type Handler = (context: HandlerContext) => Answer;

/** The entity tags of an `If-Match` header value, accepting `"abc"`, `abc`, `W/"abc"` and comma-separated lists. */
export function parseIfMatch(header: string | undefined): string[] | undefined {
  if (header === undefined || header.trim() === "") return undefined;
  return header
    .split(",")
    .map((tag) =>
      tag
        .trim()
        .replace(/^W\//, "")
        .replace(/^"(.*)"$/, "$1"),
    )
    .filter((tag) => tag !== "");
}

/** 428 without If-Match, 412 when it names neither `current` nor `*` (any current etag, RFC 9110). */
export function requireIfMatch(context: HandlerContext, current: string, what: string): void {
  if (context.ifMatch === undefined) throw preconditionRequired(`changing ${what} requires If-Match with its etag`);
  if (!context.ifMatch.includes(current) && !context.ifMatch.includes("*")) {
    throw preconditionFailed(`${what} changed since it was read (its etag is no longer the one in If-Match)`);
  }
}

/** The page position from the `cursor` and `limit` query parameters. */
export function pageRequest(context: HandlerContext): { after: number; limit: number } {
  const { cursor, limit } = context.input.query as { cursor?: string; limit?: number };
  return { after: cursor === undefined ? 0 : decodeCursor(cursor), limit: limit ?? 100 };
}

/** The API's page body: items and the opaque cursor of the next page (null on the last). */
export function pageBody<T>(page: StorePage<T>): { items: T[]; nextCursor: string | null } {
  return {
    items: page.items,
    nextCursor: page.nextAfter === undefined ? null : Buffer.from(`after:${page.nextAfter}`).toString("base64url"),
  };
}

function decodeCursor(cursor: string): number {
  const match = /^after:([1-9]\d{0,14})$/.exec(Buffer.from(cursor, "base64url").toString("utf8"));
  if (match === null) {
    throw invalidRequest("the cursor was not given by this tracker", [
      { pointer: "query:cursor", message: "is not a cursor of this list" },
    ]);
  }
  return Number(match[1]);
}
