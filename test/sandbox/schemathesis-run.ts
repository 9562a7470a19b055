/**
 * Runs Schemathesis (PyPI, installed by bin/schemathesis into a virtualenv) against a fresh sandbox with one API
 * key: property-based requests generated from schemas/tracker-api.yaml, every answer checked against the spec,
 * no 5xx, and — through the hooks in schemathesis/refused_changes_nothing.py — no refused request changing the
 * sandbox's database. Shared by the bounded pass in the test suite and the longer one in bench/schemathesis.ts.
 */
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { homedir, tmpdir } from "node:os";
import { join } from "node:path";
import { startSandbox } from "../../src/sandbox/server.ts";

const ROOT = join(import.meta.dirname, "..", "..");
const SPEC = join(ROOT, "schemas", "tracker-api.yaml");
const HOOKS = join(import.meta.dirname, "schemathesis", "refused_changes_nothing.py");
const CONFIG = join(import.meta.dirname, "schemathesis", "schemathesis.toml");

/**
 * The checks every run applies. Left out: positive_data_acceptance (a schema-valid request may still break a
 * profile rule: 400 for a cursor this tracker never gave or an element named twice in a group move, 422 for a
 * worker without a workspace) and object_level_authorization (it needs two users' keys in one run). A missing
 * If-Match is 428 by design: schemathesis/schemathesis.toml adds it to missing_required_header's statuses.
 */
export const CHECKS = [
  "not_a_server_error",
  "status_code_conformance",
  "content_type_conformance",
  "response_headers_conformance",
  "response_schema_conformance",
  "negative_data_rejection",
  "unsupported_method",
  "allow_header_conformance",
  "missing_required_header",
  "ignored_auth",
  "use_after_free",
  "ensure_resource_availability",
  "refused_request_changes_nothing",
];

/** One Schemathesis run. */
export interface FuzzOptions {
  /** Sandbox seed file. */
  seed: string;
  /** The seed user whose API key the run uses. */
  email: string;
  /** Test cases per operation (`--max-examples`). */
  maxExamples: number;
  /** Schemathesis phases, e.g. `fuzzing,stateful` or `examples,coverage,fuzzing,stateful`. */
  phases: string;
  /** Hypothesis seed, so a run can be repeated. */
  randomSeed: number;
}

/** What one run found, from Schemathesis's JSON report. */
export interface FuzzResult {
  email: string;
  exitCode: number;
  generated: number;
  failures: number;
  errors: number;
  seconds: number;
  /** Schemathesis's console output (failures with their curl reproductions). */
  output: string;
  /** Unexpected errors the sandbox logged (any would be a 500). */
  serverLog: string[];
}

/** The venv's folder, as bin/schemathesis installs it. */
export function schemathesisVenv(): string {
  const cache = process.env.XDG_CACHE_HOME ?? join(homedir(), ".cache");
  return process.env.TRACKER_ACCESS_SCHEMATHESIS_VENV ?? join(cache, "tracker-access", "schemathesis-venv");
}

/** The installed `schemathesis` executable, or undefined when bin/schemathesis has not installed it. */
export function schemathesisExecutable(): string | undefined {
  const executable = join(schemathesisVenv(), "bin", "schemathesis");
  return existsSync(executable) ? executable : undefined;
}

/** Starts a sandbox on a fresh database file, runs Schemathesis with `email`'s key against it, stops it. */
export async function fuzzSandbox(executable: string, options: FuzzOptions): Promise<FuzzResult> {
  const dir = mkdtempSync(join(tmpdir(), "schemathesis-"));
  const serverLog: string[] = [];
  const db = join(dir, "sandbox.db");
  const sandbox = await startSandbox({ db, seed: options.seed, log: (message) => serverLog.push(message) });
  const started = Date.now();
  try {
    const key = sandbox.apiKeys[options.email];
    if (key === undefined) throw new Error(`${options.seed} gives ${options.email} no API key`);
    const report = join(dir, "report.json");
    const args = [
      "--config-file",
      CONFIG,
      "run",
      SPEC,
      "--url",
      sandbox.url,
      "--header",
      `X-Api-Key: ${key}`,
      "--max-examples",
      String(options.maxExamples),
      "--seed",
      String(options.randomSeed),
      "--phases",
      options.phases,
      // One worker: the refused-request check compares the database before and after each request.
      "--workers",
      "1",
      "--checks",
      CHECKS.join(","),
      "--report",
      "json",
      "--report-json-path",
      report,
    ];
    const { code, output } = await run(executable, args, dir, { SANDBOX_DB: db, SCHEMATHESIS_HOOKS: HOOKS });
    const summary = existsSync(report) ? JSON.parse(readFileSync(report, "utf8")) : undefined;
    return {
      email: options.email,
      exitCode: code,
      generated: summary?.test_cases?.generated ?? 0,
      failures: summary?.test_cases?.unique_failures ?? 0,
      errors: summary?.errors?.length ?? 0,
      seconds: (Date.now() - started) / 1000,
      output,
      serverLog,
    };
  } finally {
    await sandbox.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

function run(command: string, args: string[], cwd: string, env: Record<string, string>) {
  const child = spawn(command, args, {
    cwd,
    env: { ...process.env, ...env, NO_COLOR: "1", COLUMNS: "160" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout.setEncoding("utf8").on("data", (chunk: string) => (output += chunk));
  child.stderr.setEncoding("utf8").on("data", (chunk: string) => (output += chunk));
  return new Promise<{ code: number; output: string }>((resolve, reject) => {
    child.on("error", reject);
    child.on("close", (code) => resolve({ code: code ?? -1, output }));
  });
}
