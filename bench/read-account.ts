/**
 * Reads a generated account of 10,000 users, 50 workspaces and 100,000 elements from a sandbox tracker through
 * the HTTP client and prints, per collection, the requests made against ceil(n / pageSize) and the time taken.
 * With `--faults`, the sandbox answers every 10th request 429 (Retry-After: 1), 5% with 5xx and drops 2% of
 * connections, and the client waits for real.
 * Run: node bench/read-account.ts [users] [workspaces] [elements] [--faults]
 */
import { startSandbox } from "../src/sandbox/server.ts";
import { createTrackerClient } from "../src/tracker/http-client.ts";
import type { TrackerClient } from "../src/tracker/tracker-client.ts";
import { generateAccount, OWNER_KEY } from "./account-generator.ts";

const PAGE_SIZE = 1000;
const FAULTS = { rateLimit: { everyNth: 10, retryAfterSeconds: 1 }, serverErrorRate: 0.05, dropConnectionRate: 0.02 };

async function main(): Promise<void> {
  // 1. Generate the account and start a sandbox seeded with it.
  const args = process.argv.slice(2);
  const withFaults = args.includes("--faults");
  const sizes = args.filter((arg) => !arg.startsWith("--")).map(Number);
  const [users = 10_000, workspaces = 50, elements = 100_000] = sizes;
  const seed = generateAccount({ users, workspaces, elements });
  const seedStart = performance.now();
  const sandbox = await startSandbox({ seed, port: 0, faults: withFaults ? FAULTS : undefined });
  const seedMs = performance.now() - seedStart;
  console.log(`sandbox seeded with ${users} users, ${workspaces} workspaces, ${elements} elements in ${ms(seedMs)}`);
  if (withFaults) console.log(`faults: ${JSON.stringify(FAULTS)}`);

  try {
    // 2. Read every collection, counting the requests each one takes.
    const client = createTrackerClient({ baseUrl: sandbox.url, apiKey: OWNER_KEY, pageSize: PAGE_SIZE });
    const total = performance.now();
    const rows = [
      await measure(client, "workspaces", () => client.listWorkspaces()),
      await measure(client, "users", () => client.listUsers()),
      await measure(client, "elements", () => client.listElements()),
    ];
    const totalMs = performance.now() - total;

    // 3. Report.
    console.log("collection   items   requests   ceil(n/1000)   time");
    for (const row of rows) {
      const expected = Math.max(1, Math.ceil(row.items / PAGE_SIZE));
      console.log(
        `${row.name.padEnd(10)} ${String(row.items).padStart(7)} ${String(row.requests).padStart(10)} ${String(expected).padStart(14)}   ${ms(row.ms)}`,
      );
    }
    console.log(`all collections: ${client.stats.reads} requests (${client.stats.retries} retries) in ${ms(totalMs)}`);
    // without faults every collection must take exactly ceil(n / pageSize) requests (retries add to it otherwise)
    const wrong = rows.filter((r) => r.requests !== Math.max(1, Math.ceil(r.items / PAGE_SIZE)));
    if (!withFaults && wrong.length > 0) process.exitCode = 1;
  } finally {
    await sandbox.close();
  }
}

async function measure(client: TrackerClient, name: string, read: () => Promise<unknown[]>) {
  const before = client.stats.reads;
  const start = performance.now();
  const items = await read();
  return { name, items: items.length, requests: client.stats.reads - before, ms: performance.now() - start };
}

function ms(value: number): string {
  return value >= 1000 ? `${(value / 1000).toFixed(2)} s` : `${value.toFixed(0)} ms`;
}

await main();
