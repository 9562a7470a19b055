// Loaded with `node --import` into a benchmarked process: at exit, prints the process's peak resident memory
// (KiB) and the CPU time it used (user + system, µs) on stderr, so bench/validate.ts compares whole processes
// without an OS-specific `time` command.
process.on("exit", () => {
  const usage = process.resourceUsage();
  process.stderr.write(`\n@@usage maxRSS=${usage.maxRSS} cpu=${usage.userCPUTime + usage.systemCPUTime}\n`);
});
