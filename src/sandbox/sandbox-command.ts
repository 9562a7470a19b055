/**
 * `tracker-access sandbox [--db FILE] [--seed FILE] [--port N]`: runs the sandbox tracker until SIGINT or
 * SIGTERM. It prints the URL and the seeded API keys: a sandbox exists to be used with its keys, and this is
 * the one place tracker-access ever prints a key. Also runnable directly: `node src/sandbox/sandbox-command.ts`.
 */
import { existsSync } from "node:fs";
import { integerOption, parseArguments } from "../cli/arguments.ts";
import { type CommandIo, EXIT, UsageError } from "../cli/command.ts";
import { SeedError } from "./seed.ts";
import { type RunningSandbox, startSandbox } from "./server.ts";
import { StoreOpenError } from "./store.ts";

/** The help of `sandbox`. */
export const SANDBOX_USAGE = `usage: tracker-access sandbox [--db FILE] [--seed FILE] [--port N] [--rate-limit N]

Runs a sandbox tracker on 127.0.0.1 that implements the Tracker Access API over a SQLite database,
enforcing the permission rules of the account's profile (policies/). --seed (YAML, see
schemas/sandbox-seed.schema.json and examples/sandbox/) fills an empty database; a database that already
holds an account keeps its state. Without --db the state lives in memory. --port defaults to 8787
(0 picks a free port). --rate-limit N answers 429 with Retry-After to requests beyond N per second, as a
tracker enforcing its documented rate would. Prints the URL and the seed's API keys; stops on Ctrl-C (SIGINT)
or SIGTERM.`;

/** Runs `sandbox` until `stop` aborts (default: SIGINT or SIGTERM); returns the exit code. */
export async function runSandboxCommand(args: string[], io: CommandIo, stop?: AbortSignal): Promise<number> {
  // Phase 1: arguments.
  let options: { db?: string; seed?: string; port: number; rateLimit?: number };
  try {
    const parsed = parseArguments(args, {
      values: ["db", "seed", "port", "rate-limit"],
      flags: [],
      positional: "none",
    });
    if (parsed === "help") {
      io.stdout.write(`${SANDBOX_USAGE}\n`);
      return EXIT.ok;
    }
    const port = integerOption(parsed, "port") ?? 8787;
    if (port > 65535) throw new UsageError(`--port must be at most 65535, not ${port}`);
    const rateLimit = integerOption(parsed, "rate-limit");
    if (rateLimit === 0) throw new UsageError("--rate-limit must be at least 1 request per second");
    options = { db: parsed.values.db, seed: parsed.values.seed, port, rateLimit };
    if (options.seed !== undefined && !existsSync(options.seed)) throw new UsageError(`no seed file ${options.seed}`);
    if (options.seed === undefined && (options.db === undefined || !existsSync(options.db))) {
      throw new UsageError("give --seed FILE to start a new sandbox (or --db FILE of an existing one)");
    }
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    io.stderr.write(`tracker-access sandbox: ${error.message} (see --help)\n`);
    return EXIT.usage;
  }

  // Phase 2: start.
  let sandbox: RunningSandbox;
  try {
    sandbox = await startSandbox({
      db: options.db,
      seed: options.seed,
      port: options.port,
      rateLimit: options.rateLimit,
    });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const expected = error instanceof SeedError || error instanceof StoreOpenError || code === "EADDRINUSE";
    if (!expected && !/^sandbox: /.test((error as Error).message)) throw error;
    const message =
      code === "EADDRINUSE" ? `port ${options.port} is in use; pick another with --port` : (error as Error).message;
    io.stderr.write(`tracker-access sandbox: ${message.replace(/^sandbox: /, "")}\n`);
    return EXIT.usage;
  }

  // Phase 3: announce, serve until stopped, close.
  try {
    io.stdout.write(await announcement(sandbox, options.db));
    await stopped(stop);
    io.stdout.write("sandbox: stopping\n");
  } finally {
    await sandbox.close();
  }
  return EXIT.ok;
}

/** What the command prints once the sandbox listens: URL, database and keys with their users' roles. */
async function announcement(sandbox: RunningSandbox, db: string | undefined): Promise<string> {
  const keys = Object.entries(sandbox.apiKeys);
  const lines = [`sandbox tracker listening on ${sandbox.url}`];
  lines.push(db === undefined ? "database: in memory (state is lost on stop)" : `database: ${db}`);
  if (keys.length === 0) lines.push("API keys: none from a seed (start with --seed to list them)");
  else {
    const roles = await rolesByEmail(sandbox.url, keys[0][1]);
    lines.push("API keys (sandbox only):");
    for (const [email, key] of keys) lines.push(`  ${email} (${roles.get(email) ?? "?"}): ${key}`);
  }
  lines.push("stop with Ctrl-C");
  return `${lines.join("\n")}\n`;
}

/** Every user's role, read through the API like any client would. */
async function rolesByEmail(url: string, key: string): Promise<Map<string, string>> {
  const roles = new Map<string, string>();
  let cursor: string | null = null;
  do {
    const query: string = cursor === null ? "" : `&cursor=${cursor}`;
    const response = await fetch(`${url}/v1/users?limit=1000${query}`, { headers: { "X-Api-Key": key } });
    if (!response.ok) break;
    const page = (await response.json()) as {
      items: Array<{ email: string; role: string }>;
      nextCursor: string | null;
    };
    for (const user of page.items) roles.set(user.email, user.role);
    cursor = page.nextCursor;
  } while (cursor !== null);
  return roles;
}

/** Resolves when `stop` aborts, or on SIGINT/SIGTERM when no signal is given. */
function stopped(stop: AbortSignal | undefined): Promise<void> {
  if (stop !== undefined) {
    return stop.aborted ? Promise.resolve() : new Promise((resolve) => stop.addEventListener("abort", () => resolve()));
  }
  return new Promise((resolve) => {
    const onSignal = () => {
      process.off("SIGINT", onSignal);
      process.off("SIGTERM", onSignal);
      resolve();
    };
    process.on("SIGINT", onSignal);
    process.on("SIGTERM", onSignal);
  });
}

if (import.meta.main) {
  process.exitCode = await runSandboxCommand(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr });
}
