/**
 * Runs `main()` in this process with string sinks and a given environment: the CLI's own code path (argument
 * parsing, the real HTTP client, the renderers) without a child process, for tests where spawning adds nothing.
 */
import { main } from "../../src/cli/main.ts";
import type { CliIo } from "../../src/cli/terminal.ts";
import type { CliOutcome } from "./run-cli.ts";

/** Runs `tracker-access <args>` in-process; stdin is not a terminal, unless `io` says otherwise. */
export async function runMain(
  args: string[],
  env: Record<string, string> = {},
  io: Partial<CliIo> = {},
): Promise<CliOutcome> {
  let stdout = "";
  let stderr = "";
  const code = await main(args, {
    stdout: { write: (text: string) => (stdout += text) },
    stderr: { write: (text: string) => (stderr += text) },
    env: { ...env },
    isTTY: false,
    stderrIsTTY: false,
    stdoutIsTTY: false,
    ...io,
  });
  return { code, stdout, stderr };
}
