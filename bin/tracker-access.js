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
try {
  const { main } = await import("../src/cli/main.ts");
  process.exitCode = await main(process.argv.slice(2));
} catch (error) {
  process.stderr.write(`tracker-access: internal error: ${String(error?.message ?? error).split("\n")[0]}\n`);
  if (process.env.TRACKER_ACCESS_DEBUG === "1" && error?.stack) process.stderr.write(`${error.stack}\n`);
  process.exitCode = 70;
}
