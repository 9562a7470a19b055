/**
 * Runs the real `tracker-access` executable in a pseudo-terminal, as a person at a terminal would: util-linux
 * `script` gives it a pty for stdin, stdout and stderr, so Ctrl-C (\x03) and Ctrl-D (\x04) written to it reach
 * the CLI as the terminal's line discipline sends them (SIGINT; end of input at a raw-mode prompt).
 */
import { type ChildProcessWithoutNullStreams, execFileSync, spawn } from "node:child_process";
import { join } from "node:path";
import { ROOT } from "./run-cli.ts";

/** A CLI running in a pty. */
export interface PtyRun {
  /** Everything the terminal showed so far (stdout and stderr interleaved, as on a screen). */
  output(): string;
  /** Types `text` at the terminal (`\x03` is Ctrl-C, `\x04` Ctrl-D). */
  type(text: string): void;
  /** Sends `signal` to the CLI's own process (not to `script`). */
  signal(signal: NodeJS.Signals): void;
  /** Resolves once the output matches `pattern`; rejects after `timeoutMs`. */
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<string>;
  /** The exit code, once the CLI has exited. */
  exited: Promise<number>;
}

const quote = (arg: string) => `'${arg.replaceAll("'", "'\\''")}'`;

/** Starts `tracker-access <args>` in a pty with `env` added to a clean environment. */
export function runInPty(args: string[], env: Record<string, string>): PtyRun {
  const command = `exec ${[process.execPath, join(ROOT, "bin", "tracker-access.js"), ...args].map(quote).join(" ")}`;
  const child: ChildProcessWithoutNullStreams = spawn("script", ["-qefc", command, "/dev/null"], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "", TERM: "xterm", SHELL: "/bin/sh", ...env },
    stdio: ["pipe", "pipe", "pipe"],
  });
  let text = "";
  const listeners = new Set<() => void>();
  const onData = (chunk: Buffer) => {
    text += chunk.toString("utf8");
    for (const listener of listeners) listener();
  };
  child.stdout.on("data", onData);
  child.stderr.on("data", onData);
  const exited = new Promise<number>((resolve) => child.on("close", (code) => resolve(code ?? -1)));
  return {
    output: () => text,
    type: (input) => child.stdin.write(input),
    signal(signal) {
      // `script` runs the command (`exec node …`) as its only child.
      const pid = execFileSync("ps", ["-o", "pid=", "--ppid", String(child.pid)], { encoding: "utf8" }).trim();
      process.kill(Number(pid.split(/\s+/)[0]), signal);
    },
    waitFor(pattern, timeoutMs = 30_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const match = text.match(pattern);
          if (match === null) return false;
          listeners.delete(check);
          clearTimeout(timer);
          resolve(match[0]);
          return true;
        };
        const timer = setTimeout(() => {
          listeners.delete(check);
          reject(new Error(`timed out waiting for ${pattern}; the terminal showed:\n${text}`));
        }, timeoutMs);
        listeners.add(check);
        if (!check()) void exited.then(() => setTimeout(() => check() || undefined, 50));
      });
    },
    exited,
  };
}
