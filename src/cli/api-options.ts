/**
 * Where the tracker is and which key to use. The API URL comes from `--api-url` or TRACKER_ACCESS_API_URL; the
 * key only from TRACKER_ACCESS_API_KEY, never from an argument (arguments end up in shell history and process
 * lists). A key given as an argument is refused before anything else happens, without echoing it.
 */
import { apiKeyFault, apiKeyLengthFault } from "../tracker/transport.ts";
import { UsageError } from "./command.ts";

/** The environment variable holding the API URL (overridden by `--api-url`). */
export const API_URL_ENV = "TRACKER_ACCESS_API_URL";
/** The environment variable holding the API key: the only place a key is read from. */
export const API_KEY_ENV = "TRACKER_ACCESS_API_KEY";

/** How to reach the tracker account. */
export interface ApiOptions {
  /** Root URL of the Tracker Access API. */
  baseUrl: string;
  /** The API key; never printed. */
  apiKey: string;
}

const KEY_ARGUMENTS = ["--api-key", "--key", "--apikey", "--token"];

/**
 * The key in TRACKER_ACCESS_API_KEY is refused before anything is sent (too short to be a key). Not a usage
 * mistake of the arguments: exit 1, so a scheduled `drift` (2 on drift) or `plan --detailed-exitcode` (2 on
 * changes) cannot take it for a result.
 */
export class ApiKeyRefusedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ApiKeyRefusedError";
  }
}

/** Throws a UsageError when `args` try to pass an API key; the message never repeats the value. */
export function rejectKeyArguments(args: string[]): void {
  for (const arg of args) {
    if (arg === "--") return;
    const name = arg.split("=")[0];
    if (KEY_ARGUMENTS.includes(name)) {
      throw new UsageError(
        `${name} is not accepted: the API key is read only from the ${API_KEY_ENV} environment variable`,
      );
    }
  }
}

/** Resolves the API URL (`--api-url` value first, then the environment) and the key (environment only). */
export function resolveApiOptions(apiFlag: string | undefined, env: NodeJS.ProcessEnv): ApiOptions {
  const url = (apiFlag ?? env[API_URL_ENV] ?? "").trim();
  if (url === "") throw new UsageError(`no tracker API URL: pass --api-url URL or set ${API_URL_ENV}`);
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new UsageError(`the tracker API URL is not a URL: ${JSON.stringify(url)}`);
  }
  if (parsed.protocol !== "http:" && parsed.protocol !== "https:") {
    throw new UsageError(`the tracker API URL must be http or https, not ${parsed.protocol}`);
  }
  if (parsed.username !== "" || parsed.password !== "") {
    throw new UsageError("the tracker API URL may not carry credentials; the key is read from " + API_KEY_ENV);
  }
  const apiKey = env[API_KEY_ENV] ?? "";
  if (apiKey.trim() === "") throw new UsageError(`no API key: set ${API_KEY_ENV} (keys are never passed as arguments)`);
  const fault = apiKeyFault(apiKey.trim());
  if (fault !== undefined) {
    throw new UsageError(
      `${API_KEY_ENV} holds a character that cannot be sent in an HTTP header at ${fault}; ` +
        "check for a stray newline or a pasted invisible character",
    );
  }
  const short = apiKeyLengthFault(apiKey.trim());
  if (short !== undefined) throw new ApiKeyRefusedError(`${API_KEY_ENV} is ${short}`);
  return { baseUrl: url.replace(/\/+$/, ""), apiKey: apiKey.trim() };
}
