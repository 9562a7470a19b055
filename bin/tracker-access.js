#!/usr/bin/env node
// The `tracker-access` executable: loads the TypeScript CLI (Node runs it natively) and sets the exit code.
// Node older than 22.18 cannot strip TypeScript types: say what is needed in one line, exit 1. Errors while
// loading the CLI itself are internal: one line, exit 70, the stack with TRACKER_ACCESS_DEBUG=1.
// This file stays plain JavaScript that any Node parses, so the version check runs before a .ts file is loaded.
const [major, minor] = process.versions.node.split(".").map(Number);
if (major < 22 || (major === 22 && minor < 18)) {
  process.stderr.write(
    `tracker-access needs Node.js >= 22.18, this is ${process.versions.node}; ` +
      "from a checkout, `bin/dev` fetches Node 24 into .cache/ (run it as .cache/node-24.21.0/bin/node bin/tracker-access.js)\n",
  );
  process.exit(1);
}
// Node's compile cache (in the OS temp folder) keeps the type-stripped, compiled modules between runs: without
// it every run strips and compiles the CLI's ~150 modules again, ~0.35 s of CPU before any work. A cache that
// cannot be written is skipped by Node silently; NODE_DISABLE_COMPILE_CACHE=1 turns it off.
const { enableCompileCache } = await import("node:module");
enableCompileCache?.();
// The young generation stays at its first size instead of doubling as survivors pile up: reading a declaration
// builds one long-lived tree, which a grown young generation only copies more of. For the 8 MB declaration this
// lowers peak memory from ~300 to ~200 MiB at no CPU cost (bench/validate.ts). A heap-sizing heuristic V8 reads
// whenever it would grow the young generation, so setting it after start-up takes effect.
const v8 = await import("node:v8");
v8.setFlagsFromString("--semi-space-growth-factor=1");
try {
  const { main } = await import("../src/cli/main.ts");
  process.exitCode = await main(process.argv.slice(2));
} catch (error) {
  process.stderr.write(`tracker-access: internal error: ${String(error?.message ?? error).split("\n")[0]}\n`);
  if (process.env.TRACKER_ACCESS_DEBUG === "1" && error?.stack) process.stderr.write(`${error.stack}\n`);
  process.exitCode = 70;
}
