/**
 * `npm run demo`: the whole loop in one command on a fresh clone. Starts the sandbox tracker seeded with an
 * example Voluum account, then runs the real CLI (bin/tracker-access.js, as a user would) against it: validate,
 * plan, apply, the no-op re-plan (counting the requests on the wire: no write), a change made behind the tool's
 * back with a raw API call, and drift catching it. Exit 0 when every step behaved as expected, 1 otherwise.
 * The API key is never printed: the commands never print it, and the demo checks their output to be sure.
 */
import { spawn } from "node:child_process";
import { join } from "node:path";
import { startSandbox } from "../sandbox/server.ts";
import { startWire, type Wire } from "./demo-wire.ts";
import { addToWorkspaceOutOfBand } from "./out-of-band.ts";

const root = join(import.meta.dirname, "..", "..");
const SEED = "examples/sandbox/voluum-acme.seed.yaml";
const DECLARATION = "examples/demo/acme-team.yaml";
const OWNER = "owner@acme.test";

/** One step's verdict. */
interface StepResult {
  step: string;
  ok: boolean;
  detail: string;
}

/** Output of one CLI run. */
interface CliRun {
  code: number;
  output: string;
}

const results: StepResult[] = [];
const say = (text = "") => process.stdout.write(`${text}\n`);

/** Prints a section header. */
function section(n: number, title: string): void {
  say();
  say(`── ${n}. ${title} ${"─".repeat(Math.max(4, 72 - title.length))}`);
}

/** Records and prints whether a step behaved as expected. */
function verdict(step: string, ok: boolean, detail: string): void {
  results.push({ step, ok, detail });
  say(`${ok ? "✓" : "✗"} ${detail}`);
}

/** Runs `tracker-access <args>` as a child process with the API URL and key in its environment. */
function runCli(args: string[], url: string, key: string): Promise<CliRun> {
  say(`$ tracker-access ${args.join(" ")}`);
  const env = { ...process.env, TRACKER_ACCESS_API_URL: url, TRACKER_ACCESS_API_KEY: key };
  const child = spawn(process.execPath, [join(root, "bin", "tracker-access.js"), ...args], { cwd: root, env });
  let output = "";
  child.stdout.on("data", (chunk) => (output += chunk));
  child.stderr.on("data", (chunk) => (output += chunk));
  return new Promise((resolve) => {
    child.on("close", (code) => {
      const leaked = output.includes(key);
      process.stdout.write(leaked ? output.split(key).join("[redacted]") : output);
      if (leaked) verdict("key", false, "the API key appeared in the output (redacted above)");
      resolve({ code: code ?? 1, output });
    });
  });
}

/** The out-of-band change: the owner adds bob to us-team with plain HTTP requests, not with tracker-access. */
async function changeBehindTheToolsBack(url: string, key: string): Promise<boolean> {
  const change = await addToWorkspaceOutOfBand(url, key, "bob@acme.test", "us-team");
  if (change === undefined) return false;
  say(`PATCH ${url}/v1/users/${change.userId}   (X-Api-Key: the owner's key, not shown; If-Match: "${change.etag}")`);
  say(`      ${change.body}`);
  say(
    `→ ${change.status} ${change.statusText}: bob@acme.test is now also in us-team, which the declaration does not say`,
  );
  return change.status === 200;
}

/** Runs the demo; resolves with the exit code. */
async function demo(): Promise<number> {
  // Phase 1: the sandbox tracker, and a counting pass-through the CLI talks to.
  const sandbox = await startSandbox({ seed: join(root, SEED) });
  let wire: Wire | undefined;
  try {
    wire = await startWire(sandbox.url);
    const key = sandbox.apiKeys[OWNER];
    say("tracker-access demo");
    say(`A sandbox Voluum account (seeded from ${SEED}) serves the Tracker Access API at ${sandbox.url}.`);
    say(`The declaration is ${DECLARATION}. The CLI runs as a user runs it, with:`);
    say(`  TRACKER_ACCESS_API_URL=${wire.url}   (a pass-through that counts requests)`);
    say(`  TRACKER_ACCESS_API_KEY=<the key of ${OWNER}, never printed>`);

    // Phase 2: validate, plan, apply.
    section(1, "validate the declaration (no tracker needed)");
    const validate = await runCli(["validate", DECLARATION], wire.url, key);
    verdict("validate", validate.code === 0, `exit ${validate.code}, expected 0: the declaration is valid`);

    section(2, "plan: what would change, and why");
    const plan = await runCli(["plan", DECLARATION, "--detailed-exitcode"], wire.url, key);
    const planOk = plan.code === 2 && !plan.output.includes("Refused");
    verdict("plan", planOk, `exit ${plan.code}, expected 2: there are changes, and none is refused`);

    section(3, "apply");
    const apply = await runCli(["apply", DECLARATION, "--yes"], wire.url, key);
    verdict(
      "apply",
      apply.code === 0 && /\b0 failed\b/.test(apply.output),
      `exit ${apply.code}, expected 0: every operation done`,
    );

    // Phase 3: the no-op re-plan, counted on the wire.
    section(4, "plan again: nothing left to do");
    wire.reset();
    const replan = await runCli(["plan", DECLARATION, "--detailed-exitcode"], wire.url, key);
    const { reads, writes } = wire.counts();
    const noop = replan.code === 0 && replan.output.includes("No changes") && writes === 0;
    verdict(
      "replan",
      noop,
      `exit ${replan.code}, expected 0: no changes; on the wire ${reads} reads and ${writes} writes`,
    );

    // Phase 4: drift, after a change nobody declared.
    section(5, "a change behind the tool's back, straight through the API");
    verdict("out-of-band", await changeBehindTheToolsBack(sandbox.url, key), "the tracker accepted the change");

    section(6, "drift: the scheduled review catches it");
    const drift = await runCli(["drift", DECLARATION], wire.url, key);
    const caught = drift.code === 2 && drift.output.includes("bob@acme.test");
    verdict("drift", caught, `exit ${drift.code}, expected 2: drift found, naming bob@acme.test's workspaces`);
  } finally {
    await wire?.close();
    await sandbox.close();
  }

  // Phase 5: the verdict.
  const failed = results.filter((r) => !r.ok);
  say();
  say(
    failed.length === 0
      ? "demo: every step behaved as expected"
      : `demo: ${failed.length} step(s) did not: ${failed.map((r) => r.step).join(", ")}`,
  );
  return failed.length === 0 ? 0 : 1;
}

try {
  process.exitCode = await demo();
} catch (error) {
  process.stderr.write(`demo: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
}
