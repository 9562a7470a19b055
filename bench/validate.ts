/**
 * Validation benchmark: how much `checkDeclaration` adds on top of plain YAML parsing.
 *
 * Generates bench/out/large-declaration.yaml (10,000 users, 50 workspaces, 100,000 elements, about 8 MB, a
 * valid ClickFlare declaration). First, as whole processes: `tracker-access validate` of the file against a
 * process doing only js-yaml's bare `load` of it (bench/js-yaml-load.ts), CPU time, wall time and peak RSS
 * (medians; target: at most 2× each). Then, in one process, times `yaml.parse` of the file against the whole `checkDeclaration`
 * (read, parse, schema, merge, validate), alternating in one process, and prints the medians and their
 * ratio. Target: at most 1.5. Also times js-yaml's `load` (the parser the reader uses, without the frames
 * it records) to show what the checks add on top of the parse itself.
 *
 *   node bench/validate.ts [runs]     (default 5 runs of each)
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { CORE_SCHEMA, load } from "js-yaml";
import { parse } from "yaml";
import { checkDeclaration } from "../src/policy/check-declaration.ts";

const outDir = join(import.meta.dirname, "out");
const file = join(outDir, "large-declaration.yaml");
const runs = Number(process.argv[2] ?? 5);

/** The text of a large valid declaration: `users` users, `workspaces` workspaces, `elements` elements. */
export function largeDeclaration(users: number, workspaces: number, elements: number): string {
  const out: string[] = [
    "# yaml-language-server: $schema=../../schemas/access.schema.json",
    "apiVersion: tracker-access/v1",
    "tracker: clickflare",
    "account: bench-agency",
    "workspaces:",
  ];
  const team = (i: number) => `team-${String(i % workspaces).padStart(2, "0")}`;
  for (let w = 0; w < workspaces; w++) out.push(`  - name: ${team(w)}`);
  out.push("users:", "  - email: owner@bench.test", "    role: owner");
  for (let u = 1; u < users; u++) {
    const role = u % 50 === 0 ? "admin" : u % 3 === 0 ? "readonly" : "worker";
    out.push(`  - email: user${u}@bench.test`, `    role: ${role}`);
    if (role === "admin") continue;
    out.push(`    workspaces: [${team(u)}, ${team(u + 7)}]`);
    if (role === "readonly") out.push("    hiddenColumns: [cost, profit, roi]");
  }
  out.push("elements:");
  // Groups of ten: an offer and a lander in a team workspace, seven shared elements in public, and a campaign
  // in the team workspace whose funnel uses the group's offer and lander.
  const shared = ["offer", "lander", "flow", "traffic-source", "affiliate-network", "flow", "offer"];
  for (let e = 0; e < elements; e++) {
    const slot = e % 10;
    const workspace = team(Math.floor(e / 10));
    if (slot === 0) out.push("  - kind: offer", `    name: Element ${e}`, `    workspace: ${workspace}`);
    else if (slot === 1) out.push("  - kind: lander", `    name: Element ${e}`, `    workspace: ${workspace}`);
    else if (slot < 9) out.push(`  - kind: ${shared[slot - 2]}`, `    name: Element ${e}`, "    workspace: public");
    else {
      out.push("  - kind: campaign", `    name: Campaign ${e}`, `    workspace: ${workspace}`, "    uses:");
      out.push(`      - { kind: offer, name: Element ${e - 9} }`, `      - { kind: lander, name: Element ${e - 8} }`);
    }
  }
  return `${out.join("\n")}\n`;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

async function time(run: () => unknown): Promise<number> {
  const start = performance.now();
  await run();
  return performance.now() - start;
}

async function main(): Promise<void> {
  mkdirSync(outDir, { recursive: true });
  writeFileSync(file, largeDeclaration(10_000, 50, 100_000));
  const megabytes = statSync(file).size / (1024 * 1024);
  console.log(`declaration: ${file} (${megabytes.toFixed(1)} MiB, 10000 users, 50 workspaces, 100000 elements)`);

  wholeProcesses(runs);

  // Warm up once: the first checkDeclaration compiles the schema and loads the profile.
  const warm = await checkDeclaration([file]);
  if (warm.violations.length > 0) {
    throw new Error(
      `the generated declaration is not valid: ${warm.violations.length} violations, first: ${warm.violations[0].message}`,
    );
  }

  const parseTimes: number[] = [];
  const loadTimes: number[] = [];
  const checkTimes: number[] = [];
  for (let i = 0; i < runs; i++) {
    parseTimes.push(await time(() => parse(readFileSync(file, "utf8"))));
    loadTimes.push(await time(() => load(readFileSync(file, "utf8"), { schema: CORE_SCHEMA })));
    checkTimes.push(await time(() => checkDeclaration([file])));
  }
  const loadMs = median(loadTimes);
  const parseMs = median(parseTimes);
  const checkMs = median(checkTimes);
  const ratio = checkMs / parseMs;
  console.log(
    `yaml.parse:        median ${parseMs.toFixed(0)} ms of ${runs} (${parseTimes.map((t) => t.toFixed(0)).join(", ")})`,
  );
  console.log(
    `checkDeclaration:  median ${checkMs.toFixed(0)} ms of ${runs} (${checkTimes.map((t) => t.toFixed(0)).join(", ")})`,
  );
  console.log(
    `fastest runs:      ${Math.min(...parseTimes).toFixed(0)} ms vs ${Math.min(...checkTimes).toFixed(0)} ms, ratio ${(Math.min(...checkTimes) / Math.min(...parseTimes)).toFixed(2)}`,
  );
  console.log(
    `js-yaml load:      median ${loadMs.toFixed(0)} ms of ${runs} (${loadTimes.map((t) => t.toFixed(0)).join(", ")})`,
  );
  console.log(`validate/parse ratio: ${ratio.toFixed(2)} (medians; target <= 1.5)`);
  console.log(
    `validate/js-yaml-load ratio: ${(checkMs / loadMs).toFixed(2)} (what the checks add to the parser itself)`,
  );
}

/** One process run: wall time (ms), CPU time (ms) and peak RSS (MiB), from bench/report-usage.mjs. */
function runProcess(args: string[]): { ms: number; cpuMs: number; mib: number } {
  const start = performance.now();
  const result = spawnSync(process.execPath, ["--import", join(import.meta.dirname, "report-usage.mjs"), ...args], {
    encoding: "utf8",
    maxBuffer: 1 << 28,
  });
  const ms = performance.now() - start;
  const usage = /@@usage maxRSS=(\d+) cpu=(\d+)/.exec(result.stderr);
  if (result.status !== 0 || usage === null) throw new Error(`${args.join(" ")} failed: ${result.stderr}`);
  return { ms, cpuMs: Number(usage[2]) / 1000, mib: Number(usage[1]) / 1024 };
}

/** `tracker-access validate` against js-yaml's bare load, as whole processes, alternating; prints the ratios. */
function wholeProcesses(runs: number): void {
  const validate = [join(import.meta.dirname, "..", "bin", "tracker-access.js"), "validate", file];
  const baseline = [join(import.meta.dirname, "js-yaml-load.ts"), file];
  const v: Array<ReturnType<typeof runProcess>> = [];
  const b: Array<ReturnType<typeof runProcess>> = [];
  for (let i = 0; i < runs; i++) {
    b.push(runProcess(baseline));
    v.push(runProcess(validate));
  }
  const ms = (xs: typeof v) => median(xs.map((x) => x.ms));
  const cpu = (xs: typeof v) => median(xs.map((x) => x.cpuMs));
  const mib = (xs: typeof v) => median(xs.map((x) => x.mib));
  const line = (xs: typeof v) =>
    `median ${ms(xs).toFixed(0)} ms wall, ${cpu(xs).toFixed(0)} ms CPU, peak RSS ${mib(xs).toFixed(0)} MiB`;
  console.log(`whole process, js-yaml load:            ${line(b)}`);
  console.log(`whole process, tracker-access validate: ${line(v)}`);
  // On a shared machine wall time measures the neighbours too; CPU time (user + system) is the process's own.
  console.log(
    `whole-process ratio: CPU ${(cpu(v) / cpu(b)).toFixed(2)}, wall ${(ms(v) / ms(b)).toFixed(2)}, peak RSS ${(mib(v) / mib(b)).toFixed(2)} (target <= 2 each)`,
  );
}

if (import.meta.main) await main();
