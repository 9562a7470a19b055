/**
 * The fetch function the typed client sends every request through: it adds the API key, bounds concurrency,
 * times each attempt out, retries what retry.ts allows, reads the whole body inside the timeout, and counts
 * requests. openapi-fetch receives an ordinary `Response` (or a `TrackerTimeoutError` / `TrackerNetworkError`
 * thrown), so HTTP error statuses still reach the typed client as `{ error, response }`. Redirects are never
 * followed (`redirect: "manual"`): a 3xx answer ends the request in a `TrackerRedirectError`, not repeated, so the
 * key is only ever sent to the configured URL.
 */
import type { Semaphore } from "./concurrency.ts";
import {
  describeKeyCharacter,
  InvalidApiKeyError,
  redact,
  type TrackerError,
  TrackerNetworkError,
  TrackerRedirectError,
  TrackerTimeoutError,
} from "./errors.ts";
import { MIN_API_KEY_LENGTH } from "./redaction.ts";
import type { RequestPace } from "./request-pace.ts";
import {
  type AttemptOutcome,
  isRetryable,
  type RequestRecord,
  type RetryNotice,
  type RetryPolicy,
  retryDelayMs,
} from "./retry.ts";
import type { ClientStats } from "./tracker-client.ts";

/** What the transport needs; the client builds it from its options. */
export interface TransportSettings {
  /** Sent as `X-Api-Key` on every attempt; kept in this closure only. */
  apiKey: string;
  /** The underlying fetch (globalThis.fetch or one a test injects). */
  fetch: typeof fetch;
  /** Limit of one attempt, body included, in milliseconds. */
  timeoutMs: number;
  /** Shared bound on attempts in flight (backoff sleeps do not hold a slot). */
  semaphore: Semaphore;
  /** The run's request rate: every attempt, retries included, takes a token first (request-pace.ts). */
  pace?: RequestPace;
  retry: RetryPolicy;
  /** Counters updated on every attempt. */
  stats: ClientStats;
  /** Told before every wait for a repeat (what failed, attempt n of m, the wait). */
  onRetry?: (notice: RetryNotice) => void;
  /** Told when a request has ended, after its retries (method, path, status, milliseconds, retries). */
  onRequest?: (record: RequestRecord) => void;
}

type Attempt = { response: Response; outcome: AttemptOutcome } | { error: TrackerError; outcome: AttemptOutcome };

const NULL_BODY_STATUSES = new Set([101, 103, 204, 205, 304]);
const READ_METHODS = new Set(["GET", "HEAD"]);

/**
 * Where `apiKey` breaks as an HTTP header value (`position 4 (U+000A)`), or undefined when every character is
 * visible ASCII (0x21-0x7E). Keys are opaque tokens: a space, a line break or a pasted invisible or typographic
 * character is a mistake, and fetch would refuse it anyway, echoing the whole value.
 */
export function apiKeyFault(apiKey: string): string | undefined {
  const found = firstUnsendable(apiKey);
  return found === undefined ? undefined : describeKeyCharacter(found.position, found.codePoint);
}

/**
 * Why `apiKey` is too short to be taken for a tracker API key (`1 character long; ...`), or undefined when it has
 * at least `MIN_API_KEY_LENGTH` (16) characters. A short value is a truncated paste or a placeholder, and
 * redacting it would blank out ordinary words in every message (`th[redacted] track[redacted]r` for `e`). Names
 * the length only, never a character of the key.
 */
export function apiKeyLengthFault(apiKey: string): string | undefined {
  const length = [...apiKey].length;
  if (length >= MIN_API_KEY_LENGTH) return undefined;
  const characters = length === 1 ? "1 character" : `${length} characters`;
  return `${characters} long; an API key has at least ${MIN_API_KEY_LENGTH}: check that the whole key was copied`;
}

function firstUnsendable(apiKey: string): { position: number; codePoint: number } | undefined {
  let position = 0;
  for (const character of apiKey) {
    position += 1;
    const codePoint = character.codePointAt(0) as number;
    if (codePoint < 0x21 || codePoint > 0x7e) return { position, codePoint };
  }
  return undefined;
}

/** Builds the fetch function handed to openapi-fetch's `createClient({ fetch })`; refuses an unsendable key. */
export function createTransport(settings: TransportSettings): (request: Request) => Promise<Response> {
  const unsendable = firstUnsendable(settings.apiKey);
  if (unsendable !== undefined) throw new InvalidApiKeyError(unsendable);
  return async (request) => {
    // 1. Freeze the request: a body can be sent once, so keep its bytes for the repeats.
    const method = request.method.toUpperCase();
    const path = new URL(request.url).pathname;
    const body = request.body === null ? undefined : await request.arrayBuffer();
    const started = performance.now();

    // 2. Attempt, then retry while the policy allows, sleeping without holding a concurrency slot.
    for (let retry = 0; ; retry += 1) {
      const attempt = await settings.semaphore.run(async () => {
        await settings.pace?.take();
        return attemptOnce(settings, request, method, path, body);
      });
      if (READ_METHODS.has(method)) settings.stats.reads += 1;
      else settings.stats.writes += 1;

      const again = retry < settings.retry.maxRetries && isRetryable(method, attempt.outcome);
      if (!again) {
        settings.onRequest?.({
          method,
          path,
          ...("response" in attempt
            ? { status: attempt.response.status }
            : "status" in attempt.error
              ? { status: attempt.error.status as number }
              : { failure: describeFailure(attempt, undefined) }),
          ms: Math.round(performance.now() - started),
          retries: retry,
        });
        if ("error" in attempt) throw attempt.error;
        return attempt.response;
      }
      settings.stats.retries += 1;
      const retryAfter = attempt.outcome.kind === "answer" ? attempt.outcome.retryAfter : undefined;
      const waitMs = retryDelayMs(retry, settings.retry, retryAfter);
      settings.onRetry?.({
        method,
        path,
        failure: describeFailure(attempt, retryAfter),
        attempt: retry + 1,
        attempts: settings.retry.maxRetries + 1,
        waitMs,
      });
      await settings.retry.sleep(waitMs);
    }
  };
}

/** What an attempt that will be repeated ended in, for a RetryNotice: `answered 503`, `network error: ...`. */
function describeFailure(attempt: Attempt, retryAfter: string | null | undefined): string {
  if ("error" in attempt) {
    return attempt.error instanceof TrackerNetworkError
      ? `network error: ${attempt.error.reason}`
      : attempt.error.message;
  }
  const status = attempt.response.status;
  return retryAfter ? `answered ${status} (Retry-After: ${retryAfter.slice(0, 40)})` : `answered ${status}`;
}

async function attemptOnce(
  settings: TransportSettings,
  request: Request,
  method: string,
  path: string,
  body: ArrayBuffer | undefined,
): Promise<Attempt> {
  const controller = new AbortController();
  const headers = new Headers(request.headers);
  try {
    headers.set("X-Api-Key", settings.apiKey);
  } catch {
    // fetch's message quotes the value; never let it out (createTransport already refused such keys)
    throw new InvalidApiKeyError(firstUnsendable(settings.apiKey));
  }
  // "manual": fetch hands back the 3xx itself instead of re-sending the request, X-Api-Key included, elsewhere
  const outgoing = new Request(request.url, { method, headers, body, signal: controller.signal, redirect: "manual" });

  let timer: ReturnType<typeof setTimeout> | undefined;
  const timedOut = new Promise<"timeout">((resolve) => {
    timer = setTimeout(() => resolve("timeout"), settings.timeoutMs);
  });
  const exchange = sendAndRead(settings.fetch, outgoing).then(
    (response) => ({ response }),
    (cause: unknown) => ({ cause }),
  );
  try {
    // racing (not only aborting) means even a fetch that ignores its signal cannot hang the client
    const result = await Promise.race([exchange, timedOut]);
    if (result === "timeout") {
      controller.abort();
      return { error: new TrackerTimeoutError(method, path, settings.timeoutMs), outcome: { kind: "timeout" } };
    }
    if ("cause" in result) {
      const reason = redact(describeNetworkFailure(result.cause), [settings.apiKey]);
      const outcome = { kind: "network-error", permanent: isPermanentNetworkFailure(result.cause) } as const;
      return { error: new TrackerNetworkError(method, path, reason), outcome };
    }
    const { response } = result;
    if (isRedirect(response.status)) {
      const location = locationOrigin(response.headers.get("Location"), request.url);
      const error = new TrackerRedirectError(method, path, response.status, location, [settings.apiKey]);
      // not retryable: retry.ts repeats only 429 and 5xx answers
      return { error, outcome: { kind: "answer", status: response.status } };
    }
    return {
      response,
      outcome: { kind: "answer", status: response.status, retryAfter: response.headers.get("Retry-After") },
    };
  } finally {
    clearTimeout(timer);
  }
}

/** Whether `status` asks the client to go elsewhere (3xx but 304 Not Modified, which is an answer of its own). */
function isRedirect(status: number): boolean {
  return status >= 300 && status <= 399 && status !== 304;
}

/** The origin a `Location` header points at, resolved against the request's URL; undefined when absent or unusable. */
function locationOrigin(location: string | null, requestUrl: string): string | undefined {
  if (location === null || location.trim() === "") return undefined;
  try {
    const target = new URL(location, requestUrl);
    return target.origin === "null" ? target.protocol : target.origin;
  } catch {
    return undefined;
  }
}

/** Sends the request and buffers the body, so a connection dropped mid-body counts as a failed attempt. */
async function sendAndRead(fetchImpl: typeof fetch, request: Request): Promise<Response> {
  const response = await fetchImpl(request);
  const bytes = NULL_BODY_STATUSES.has(response.status) ? null : await response.arrayBuffer();
  return new Response(bytes, { status: response.status, statusText: response.statusText, headers: response.headers });
}

/** OpenSSL's codes for a server whose first bytes are not TLS: an `https://` URL at a plain-HTTP port. */
const NOT_TLS_CODES = ["ERR_SSL_WRONG_VERSION_NUMBER", "ERR_SSL_PACKET_LENGTH_TOO_LONG", "ERR_SSL_HTTP_REQUEST"];

/** Error codes of failures a repeat cannot mend: the name does not resolve, the URL or the certificate is refused. */
const PERMANENT_CODES = new Set([
  "ENOTFOUND",
  "ERR_INVALID_URL",
  "CERT_HAS_EXPIRED",
  "DEPTH_ZERO_SELF_SIGNED_CERT",
  "SELF_SIGNED_CERT_IN_CHAIN",
  "UNABLE_TO_GET_ISSUER_CERT_LOCALLY",
  "UNABLE_TO_VERIFY_LEAF_SIGNATURE",
  "ERR_TLS_CERT_ALTNAME_INVALID",
  ...NOT_TLS_CODES,
]);

/**
 * Whether fetch's error, or one in its cause chain, is one no retry can mend: a code of PERMANENT_CODES, or
 * fetch's own refusal of a port it never connects to (`bad port`). A refused or reset connection is not: the
 * tracker may be restarting.
 */
function isPermanentNetworkFailure(error: unknown): boolean {
  let current: unknown = error;
  for (let depth = 0; current instanceof Error && depth < 4; depth += 1) {
    const code = (current as Error & { code?: unknown }).code;
    if (typeof code === "string" && PERMANENT_CODES.has(code)) return true;
    if (current.message === "bad port") return true;
    current = current.cause;
  }
  return false;
}

/** The first of `codes` found in `error`'s cause chain. */
function codeInChain(error: unknown, codes: readonly string[]): string | undefined {
  let current: unknown = error;
  for (let depth = 0; current instanceof Error && depth < 4; depth += 1) {
    const code = (current as Error & { code?: unknown }).code;
    if (typeof code === "string" && codes.includes(code)) return code;
    current = current.cause;
  }
  return undefined;
}

/** A short reason from fetch's error and its cause chain (`ECONNRESET: other side closed`). */
function describeNetworkFailure(error: unknown): string {
  // OpenSSL's own text ("0A00010B:SSL routines:tls_validate_record_header:wrong version number:...") tells a
  // user nothing; what it means does.
  const notTls = codeInChain(error, NOT_TLS_CODES);
  if (notTls !== undefined) {
    return `the server does not speak TLS (${notTls}); it most likely serves plain HTTP: use an http:// URL, or check the port`;
  }
  const parts: string[] = [];
  let current: unknown = error;
  for (let depth = 0; current !== undefined && current !== null && depth < 4; depth += 1) {
    if (current instanceof Error) {
      const code = (current as Error & { code?: unknown }).code;
      parts.push(typeof code === "string" ? `${code}: ${current.message}` : current.message);
      current = current.cause;
    } else {
      parts.push(String(current));
      break;
    }
  }
  // undici's outer "fetch failed" says nothing its cause does not say better
  const useful = parts.length > 1 && parts[0] === "fetch failed" ? parts.slice(1) : parts;
  return useful.join(" ← ") || "unknown failure";
}
