/**
 * The provider host's connection to the tracker: the settings `configure()` received from the stack config
 * (API URL and the secret API key), one client for the run, and a shared snapshot of the live account so that a
 * refresh's Read, the Check and the Update of one engine run cost one account read, as `tracker-access apply`
 * reads once, plans, and applies that plan (ETags catch a write in between). A write drops the snapshot. The key
 * lives only in this process's memory; every message that leaves it is redacted.
 */
import { createHash } from "node:crypto";
import { loadProfile } from "../policy/profile-loader.ts";
import { type LiveAccount, readLiveAccount } from "../reconcile/live-account.ts";
import { redact } from "../tracker/errors.ts";
import { createTrackerClient } from "../tracker/http-client.ts";
import { RequestPace } from "../tracker/request-pace.ts";
import type { TrackerClient } from "../tracker/tracker-client.ts";
import { apiKeyLengthFault } from "../tracker/transport.ts";

/**
 * What the provider reads from the stack config in `configure()` (`tracker-access:apiUrl`, `tracker-access:apiKey`,
 * and `tracker-access:maxRps`, which overrides the profile's documented request rate).
 */
export interface ProviderSettings {
  apiUrl?: string;
  apiKey?: string;
  maxRps?: string;
}

/** A failure a user can act on: the message names what to fix and never contains the API key. */
export class ProviderError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ProviderError";
  }
}

/** One tracker connection of the provider host. */
export interface ProviderSession {
  /** The client; throws a ProviderError when the URL or the key is not configured. */
  client(): TrackerClient;
  /** The live account: the shared snapshot (at most `SNAPSHOT_TTL_MS` old), or a fresh read. */
  live(options?: { fresh?: boolean }): Promise<LiveAccount>;
  /** Marks the shared snapshot stale after a write. */
  wrote(): void;
  /** `message` with the API key removed. */
  redact(message: string): string;
}

/** How long a snapshot serves (Read, Check, Update of one run) before the account is read again. */
export const SNAPSHOT_TTL_MS = 30_000;

const sessions = new Map<string, ProviderSession>();

/** The session for these settings: one per URL and key in the host process. */
export function openSession(settings: ProviderSettings): ProviderSession {
  const apiUrl = (settings.apiUrl ?? "").trim().replace(/\/+$/, "");
  const apiKey = (settings.apiKey ?? "").trim();
  const id = `${apiUrl}\0${createHash("sha256").update(apiKey).digest("hex")}\0${settings.maxRps ?? ""}`;
  let session = sessions.get(id);
  if (session === undefined) {
    session = createSession(apiUrl, apiKey, settings.maxRps);
    sessions.set(id, session);
  }
  return session;
}

function createSession(apiUrl: string, apiKey: string, maxRps: string | undefined): ProviderSession {
  let client: TrackerClient | undefined;
  // The rate: tracker-access:maxRps, else the documented rate of the account's profile once the account is read.
  const maxRate = maxRps === undefined || maxRps.trim() === "" ? undefined : Number(maxRps);
  const pace = new RequestPace(maxRate !== undefined && maxRate > 0 ? maxRate : undefined);
  let snapshot: { at: number; account: Promise<LiveAccount> } | undefined;
  // a key too short to be one is refused before it is sent, so nothing echoes it: redacting it would mangle messages
  const tooShort = apiKey === "" ? undefined : apiKeyLengthFault(apiKey);
  const clean = (message: string) => (tooShort === undefined ? redact(message, [apiKey]) : message);
  const connect = (): TrackerClient => {
    if (apiUrl === "") {
      throw new ProviderError("no tracker API URL: pulumi config set tracker-access:apiUrl <url>");
    }
    if (apiKey === "") {
      throw new ProviderError("no API key: pulumi config set --secret tracker-access:apiKey <key>");
    }
    if (tooShort !== undefined) {
      throw new ProviderError(
        `the API key (tracker-access:apiKey) is ${tooShort}; pulumi config set --secret tracker-access:apiKey <key>`,
      );
    }
    if (maxRate !== undefined && !(maxRate > 0)) {
      throw new ProviderError(`tracker-access:maxRps must be a positive number of requests per second, not ${maxRps}`);
    }
    client ??= createTrackerClient({ baseUrl: apiUrl, apiKey, requestsPerSecond: pace });
    return client;
  };
  const read = async (): Promise<LiveAccount> => {
    try {
      const account = await readLiveAccount(connect());
      if (maxRate === undefined) pace.setRate(loadProfile(account.account.profile)?.requestsPerSecond ?? undefined);
      return account;
    } catch (error) {
      if (error instanceof ProviderError) throw error;
      throw new ProviderError(`reading the account at ${apiUrl} failed: ${clean(messageOf(error))}`);
    }
  };

  return {
    client: connect,
    redact: clean,
    wrote() {
      snapshot = undefined;
    },
    live(options = {}) {
      const now = Date.now();
      if (options.fresh || snapshot === undefined || now - snapshot.at > SNAPSHOT_TTL_MS) {
        const account = read();
        snapshot = { at: now, account };
        account.catch(() => {
          if (snapshot?.account === account) snapshot = undefined;
        });
      }
      return snapshot.account;
    },
  };
}

/** The message of anything thrown. */
export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
