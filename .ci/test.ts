/**
 * The project's test command: type-check, lint, then every vitest suite. vitest's JSON reporter is the
 * source of the closing line `N passed, N failed`; a run that executes no test fails.
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";

const root = join(import.meta.dirname, "..");
const bin = (name: string) => join(root, "node_modules", ".bin", name);
const run = (cmd: string, args: string[]) =>
  spawnSync(cmd, args, { cwd: root, stdio: "inherit", env: process.env }).status ?? 1;

const checks: Array<[string, number]> = [];
checks.push(["typecheck", run(bin("tsc"), ["-p", "tsconfig.json"])]);
checks.push(["lint", run(bin("biome"), ["check", "--diagnostic-level=error", "."])]);

mkdirSync(join(root, ".cache"), { recursive: true });
const report = join(root, ".cache", "vitest-report.json");
rmSync(report, { force: true });
const vitestArgs = [
  "run",
  "--reporter=default",
  "--reporter=json",
  `--outputFile.json=${report}`,
  ...process.argv.slice(2),
];
const vitestStatus = run(bin("vitest"), vitestArgs);

let passed = 0;
let failed = 0;
try {
  const result = JSON.parse(readFileSync(report, "utf8")) as { numPassedTests: number; numFailedTests: number };
  passed = result.numPassedTests;
  failed = result.numFailedTests;
} catch {
  console.error("test: vitest wrote no JSON report");
  failed += 1;
}
const failedChecks = checks.filter(([, status]) => status !== 0).map(([name]) => name);
if (failedChecks.length > 0) console.error(`test: failed checks: ${failedChecks.join(", ")}`);
if (passed + failed === 0) console.error("test: no test was executed");
console.log(`${passed} passed, ${failed} failed`);
const ok = failed === 0 && passed > 0 && vitestStatus === 0 && failedChecks.length === 0;
process.exit(ok ? 0 : 1);
