/**
 * Benchmark of the client's pacing: `tracker-access apply` of N changes (default 1,000) against a sandbox that
 * enforces PeerClick's documented 3 requests per second (policies/peerclick.yaml). Reports the 429s the sandbox
 * answered (target: zero) and the time it took against the ideal N / 3 s. The full run takes about 6 minutes;
 * `node bench/rate-limit.ts 30` (or `npm run bench -- rate-limit:30`) is a quick try.
 * Results also in bench/out/rate-limit.json.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { main } from "../src/cli/main.ts";
import { loadProfile } from "../src/policy/profile-loader.ts";
import { startSandbox } from "../src/sandbox/server.ts";
import { OWNER_KEY, rateLimitedDeclaration, rateLimitedSeed } from "./rate-limited-account.ts";

const changes = Number(process.argv[2] ?? 1000);
if (!Number.isInteger(changes) || changes < 1) {
  console.error(`bench/rate-limit: the number of changes must be a whole number ≥ 1, not ${process.argv[2]}`);
  process.exit(2);
}
const rate = loadProfile("peerclick")?.requestsPerSecond ?? 3;

// Phase 1: the account, and a declaration that changes every worker's workspace.
const sandbox = await startSandbox({ seed: rateLimitedSeed(changes), rateLimit: rate, log: () => {} });
const tmp = mkdtempSync(join(tmpdir(), "tracker-access-bench-rate-"));
try {
  const file = join(tmp, "access.yaml");
  writeFileSync(file, rateLimitedDeclaration(changes));
  let stderr = "";
  const io = {
    stdout: { write: () => true },
    stderr: {
      write: (text: string) => {
        stderr += text;
        return true;
      },
    },
    env: { TRACKER_ACCESS_API_URL: sandbox.url, TRACKER_ACCESS_API_KEY: OWNER_KEY },
    isTTY: false,
    stdoutIsTTY: false,
    stderrIsTTY: false,
  };

  // Phase 2: the apply, through the CLI as a user runs it, paced by the profile's rate.
  const start = performance.now();
  const code = await main(["apply", file, "--yes", "--quiet"], io);
  const seconds = (performance.now() - start) / 1000;
  const requests = sandbox.traffic.requests;
  const idealSeconds = changes / rate;
  const report = {
    changes,
    enforcedRequestsPerSecond: rate,
    exitCode: code,
    requests,
    rateLimited429: sandbox.traffic.rateLimited,
    seconds: Number(seconds.toFixed(1)),
    idealSeconds: Number(idealSeconds.toFixed(1)),
    overIdeal: Number((seconds / idealSeconds).toFixed(3)),
    // the reads before the writes take their share of the rate too
    idealSecondsForAllRequests: Number((requests / rate).toFixed(1)),
  };
  console.log(JSON.stringify(report, null, 2));
  if (code !== 0) console.error(stderr);
  const out = join(import.meta.dirname, "out");
  mkdirSync(out, { recursive: true });
  writeFileSync(join(out, "rate-limit.json"), `${JSON.stringify(report, null, 2)}\n`);
  process.exitCode = code === 0 && report.rateLimited429 === 0 ? 0 : 1;
} finally {
  await sandbox.close();
  rmSync(tmp, { recursive: true, force: true });
}
