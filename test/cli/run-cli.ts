/**
 * Runs the real `tracker-access` executable as a child process, as a user or a CI job would: the API URL and
 * key in the environment, stdin not a terminal. Asynchronous, so a sandbox in the test process keeps serving.
 */
import { spawn } from "node:child_process";
import { join } from "node:path";

/** The repository root. */
export const ROOT = join(import.meta.dirname, "..", "..");

/** What one run printed and returned. */
export interface CliOutcome {
  code: number;
  stdout: string;
  stderr: string;
}

/** Every outcome of this test process, so a test can check that no output ever held a secret. */
export const allOutcomes: CliOutcome[] = [];

/** Runs `tracker-access <args>` with `env` added to a clean environment; resolves when it exits. */
export function runCli(args: string[], env: Record<string, string> = {}): Promise<CliOutcome> {
  const base: Record<string, string> = { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "" };
  const child = spawn(process.execPath, [join(ROOT, "bin", "tracker-access.js"), ...args], {
    cwd: ROOT,
    env: { ...base, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stdout.setEncoding("utf8").on("data", (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
  return new Promise((resolve, reject) => {
    child.on("error", reject);
    child.on("close", (code) => {
      const outcome = { code: code ?? -1, stdout, stderr };
      allOutcomes.push(outcome);
      resolve(outcome);
    });
  });
}

/** The environment that points the CLI at `url` with `key`. */
export function apiEnv(url: string, key: string): Record<string, string> {
  return { TRACKER_ACCESS_API_URL: url, TRACKER_ACCESS_API_KEY: key };
}
