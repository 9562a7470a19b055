// Loaded with `node --import` into a benchmarked process: at exit, prints the process's peak resident memory
// (KiB) on stderr, so bench/validate.ts compares whole processes without an OS-specific `time` command.
process.on("exit", () => {
  process.stderr.write(`\n@@usage maxRSS=${process.resourceUsage().maxRSS}\n`);
});
