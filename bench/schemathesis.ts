/**
 * The longer Schemathesis pass (`npm run bench -- schemathesis`): every example seed in examples/sandbox/, every
 * API key it gives, each on a fresh sandbox, with every phase (examples, coverage, fuzzing, stateful) and more
 * cases per operation than the test suite's bounded pass (test/sandbox/schemathesis.test.ts). Prints the test
 * cases and failures per key; exits 1 when any run failed. `SCHEMATHESIS_EXAMPLES` sets the cases per operation
 * (default 25). Needs bin/schemathesis to have installed Schemathesis.
 */
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { readSeed } from "../src/sandbox/seed.ts";
import { type FuzzResult, fuzzSandbox, schemathesisExecutable } from "../test/sandbox/schemathesis-run.ts";

const seeds = join(import.meta.dirname, "..", "examples", "sandbox");
const maxExamples = Number(process.env.SCHEMATHESIS_EXAMPLES ?? 25);
const executable = schemathesisExecutable();
if (executable === undefined) {
  console.error("bench/schemathesis: Schemathesis is not installed; run bin/schemathesis --version");
  process.exit(1);
}

console.log(`Schemathesis, all phases, ${maxExamples} cases per operation, one fresh sandbox per key`);
const results: Array<FuzzResult & { seed: string; role: string }> = [];
for (const file of readdirSync(seeds).filter((name) => name.endsWith(".seed.yaml"))) {
  const { seed } = readSeed(join(seeds, file));
  for (const user of seed.users.filter((u) => u.apiKey !== undefined)) {
    const result = await fuzzSandbox(executable, {
      seed: join(seeds, file),
      email: user.email,
      maxExamples,
      phases: "examples,coverage,fuzzing,stateful",
      randomSeed: 1,
    });
    results.push({ ...result, seed: file, role: user.role });
    const verdict = result.exitCode === 0 && result.serverLog.length === 0 ? "ok" : "FAILED";
    console.log(
      `${file.padEnd(32)} ${user.role.padEnd(9)} ${String(result.generated).padStart(6)} cases ` +
        `${String(result.failures).padStart(3)} failures ${String(result.errors).padStart(2)} errors ` +
        `${result.seconds.toFixed(1).padStart(6)} s  ${verdict}`,
    );
    if (verdict !== "ok") console.log(result.output, result.serverLog.join("\n"));
  }
}
const total = results.reduce((sum, r) => sum + r.generated, 0);
const failed = results.filter((r) => r.exitCode !== 0 || r.serverLog.length > 0);
const seconds = results.reduce((sum, r) => sum + r.seconds, 0);
console.log(
  `total: ${results.length} keys, ${total} test cases, ${failed.length} failed runs, ${seconds.toFixed(0)} s`,
);
process.exit(failed.length === 0 ? 0 : 1);
