/**
 * Speed of the sandbox tracker at account scale: seeding 10,000 users and 100,000 connected elements into a
 * database file, then reading every page of 1,000 users and elements over HTTP.
 * `node bench/sandbox-seed.ts [users] [elements]`; prints one line per measure.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { largeSeed } from "../src/sandbox/large-seed.ts";
import { startSandbox } from "../src/sandbox/server.ts";

const users = Number(process.argv[2] ?? 10_000);
const elements = Number(process.argv[3] ?? 100_000);
const seed = largeSeed({ users, elements, workspaces: 50 });
const dir = mkdtempSync(join(tmpdir(), "sandbox-bench-"));
try {
  let started = performance.now();
  const sandbox = await startSandbox({ db: join(dir, "bench.db"), seed });
  const seeding = performance.now() - started;
  console.log(
    `seed ${users} users, ${elements} elements, ${seed.workspaces?.length} workspaces: ${seeding.toFixed(0)} ms`,
  );

  const key = Object.values(sandbox.apiKeys)[0];
  for (const resource of ["users", "elements"]) {
    started = performance.now();
    let pages = 0;
    let items = 0;
    let slowest = 0;
    let cursor: string | null = null;
    do {
      const pageStarted = performance.now();
      const query: string = cursor === null ? "" : `&cursor=${cursor}`;
      const response = await fetch(`${sandbox.url}/v1/${resource}?limit=1000${query}`, {
        headers: { "X-Api-Key": key },
      });
      const page = (await response.json()) as { items: unknown[]; nextCursor: string | null };
      slowest = Math.max(slowest, performance.now() - pageStarted);
      pages += 1;
      items += page.items.length;
      cursor = page.nextCursor;
    } while (cursor !== null);
    const total = performance.now() - started;
    console.log(
      `list ${items} ${resource} in ${pages} pages of 1000: ${total.toFixed(0)} ms (${(total / pages).toFixed(1)} ms/page, slowest ${slowest.toFixed(1)} ms)`,
    );
  }
  started = performance.now();
  await sandbox.close();
  const reopened = await startSandbox({ db: join(dir, "bench.db"), seed });
  console.log(`restart on the seeded file (no reseed): ${(performance.now() - started).toFixed(0)} ms`);
  await reopened.close();
} finally {
  rmSync(dir, { recursive: true, force: true });
}
