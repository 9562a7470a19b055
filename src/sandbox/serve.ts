/**
 * The sandbox's start, as its own process: `node src/sandbox/serve.ts [--db FILE] [--seed FILE] [--port N]` starts
 * the server, prints the URL and the seeded API keys (a sandbox exists to be used with its keys: the one place
 * tracker-access ever prints a key) and serves until SIGINT or SIGTERM. `tracker-access sandbox`
 * (src/cli/sandbox-command.ts) checks the arguments and runs this file, so the product never imports the sandbox.
 * A start-up failure (seed, database, port) is one line on stderr, exit 2.
 */
import { parseArgs } from "node:util";
import { SeedError } from "./seed.ts";
import { type RunningSandbox, startSandbox } from "./server.ts";
import { StoreOpenError } from "./store.ts";

/** How the sandbox is started. */
export interface ServeOptions {
  db?: string;
  seed?: string;
  port: number;
  /** Requests per second beyond which the sandbox answers 429 (a tracker's documented rate). */
  rateLimit?: number;
}

/** Exit status of a start-up failure (as a usage error of `tracker-access sandbox`). */
const EXIT_START_FAILED = 2;

/** Starts the sandbox, announces it on `io.stdout` and serves until `stop` aborts (default: SIGINT or SIGTERM). */
export async function serveSandbox(
  options: ServeOptions,
  io: { stdout: { write(text: string): unknown }; stderr: { write(text: string): unknown } },
  stop?: AbortSignal,
): Promise<number> {
  // Phase 1: start.
  let sandbox: RunningSandbox;
  try {
    sandbox = await startSandbox({
      db: options.db,
      seed: options.seed,
      port: options.port,
      ...(options.rateLimit !== undefined ? { rateLimit: options.rateLimit } : {}),
    });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const expected = error instanceof SeedError || error instanceof StoreOpenError || code === "EADDRINUSE";
    if (!expected && !/^sandbox: /.test((error as Error).message)) throw error;
    const message =
      code === "EADDRINUSE" ? `port ${options.port} is in use; pick another with --port` : (error as Error).message;
    io.stderr.write(`tracker-access sandbox: ${message.replace(/^sandbox: /, "")}\n`);
    return EXIT_START_FAILED;
  }

  // Phase 2: announce, serve until stopped, close.
  try {
    io.stdout.write(await announcement(sandbox, options.db));
    await stopped(stop);
    io.stdout.write("sandbox: stopping\n");
  } finally {
    await sandbox.close();
  }
  return 0;
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
  // The handlers stay: a second signal (the terminal's SIGINT and the command's SIGTERM both arrive) must not
  // kill the process before the database is closed. Signal handlers keep no process alive.
  return new Promise((resolve) => {
    process.on("SIGINT", () => resolve());
    process.on("SIGTERM", () => resolve());
  });
}

/**
 * A stop signal for a sandbox run by `tracker-access sandbox`: SIGINT, SIGTERM, or the end of stdin, a pipe held
 * by the parent command. A parent killed with SIGKILL closes that pipe, so its sandbox never outlives it.
 */
function stopWithParent(): AbortSignal {
  const controller = new AbortController();
  const stop = () => controller.abort();
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
  process.stdin.on("end", stop).on("close", stop).on("error", stop).resume();
  return controller.signal;
}

if (import.meta.main) {
  const { values } = parseArgs({
    options: {
      db: { type: "string" },
      seed: { type: "string" },
      port: { type: "string", default: "8787" },
      "rate-limit": { type: "string" },
      "stop-with-stdin": { type: "boolean", default: false },
    },
  });
  const rateLimit = values["rate-limit"] === undefined ? undefined : Number(values["rate-limit"]);
  const options = { db: values.db, seed: values.seed, port: Number(values.port), rateLimit };
  try {
    process.exitCode = await serveSandbox(
      options,
      { stdout: process.stdout, stderr: process.stderr },
      values["stop-with-stdin"] ? stopWithParent() : undefined,
    );
  } catch (error) {
    // As the CLI's last line of defence (cli/main.ts): one line and 70, never a stack trace.
    process.stderr.write(
      `tracker-access sandbox: internal error: ${String((error as Error)?.message ?? error).split("\n")[0]}\n`,
    );
    process.exitCode = 70;
  } finally {
    // The parent's pipe must not keep a stopped sandbox's process alive.
    process.stdin.destroy();
  }
}
