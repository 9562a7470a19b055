#!/usr/bin/env node
// The `tracker-access` executable: loads the TypeScript CLI (Node runs it natively) and sets the exit code.
// Errors while loading the CLI itself are internal: one line, exit 70, the stack with TRACKER_ACCESS_DEBUG=1.
try {
  const { main } = await import("../src/cli/main.ts");
  process.exitCode = await main(process.argv.slice(2));
} catch (error) {
  process.stderr.write(`tracker-access: internal error: ${String(error?.message ?? error).split("\n")[0]}\n`);
  if (process.env.TRACKER_ACCESS_DEBUG === "1" && error?.stack) process.stderr.write(`${error.stack}\n`);
  process.exitCode = 70;
}
