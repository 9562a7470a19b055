/**
 * Fuzzing the sandbox with a tool nobody here wrote: Schemathesis generates requests from
 * schemas/tracker-api.yaml and checks every answer against it (no 5xx, status, content type, headers and body
 * as the spec declares, invalid data refused, unauthenticated requests refused) and that a refused request
 * changed nothing, with each role's key of examples/sandbox/voluum-acme.seed.yaml on a fresh sandbox. A bounded
 * pass; bench/schemathesis.ts runs the longer one. Installed by bin/schemathesis (.ci/run calls it): under CI a
 * missing Schemathesis fails this test, locally it is skipped with a message.
 */
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { fuzzSandbox, schemathesisExecutable } from "./schemathesis-run.ts";

const SEED = join(import.meta.dirname, "..", "..", "examples", "sandbox", "voluum-acme.seed.yaml");
const KEYS = [
  ["owner", "owner@acme.test"],
  ["admin", "alice@acme.test"],
  ["worker", "bob@acme.test"],
  ["readonly", "client@brand.test"],
];
const executable = schemathesisExecutable();
const inCi = process.env.CI === "true";
if (executable === undefined && !inCi) {
  console.warn("schemathesis.test.ts: skipped, Schemathesis is not installed (run bin/schemathesis --version)");
}

describe.skipIf(executable === undefined && !inCi)("Schemathesis against the sandbox, with each role's key", () => {
  it("is installed (bin/schemathesis, which .ci/run calls)", () => {
    expect(executable, "run bin/schemathesis --version to install it").toBeDefined();
  });

  it.each(KEYS)(
    "as %s (%s): no 5xx, every answer as the spec says, no refused request changes state",
    async (_, email) => {
      if (executable === undefined) throw new Error("Schemathesis is not installed (bin/schemathesis --version)");
      const result = await fuzzSandbox(executable, {
        seed: SEED,
        email,
        maxExamples: 3,
        phases: "fuzzing,stateful",
        randomSeed: 9,
      });
      console.log(
        `schemathesis ${email}: ${result.generated} test cases, ${result.failures} failures in ${result.seconds} s`,
      );
      expect(result.serverLog).toEqual([]);
      expect({ exit: result.exitCode, failures: result.failures, errors: result.errors }, result.output).toEqual({
        exit: 0,
        failures: 0,
        errors: 0,
      });
      expect(result.generated).toBeGreaterThan(40);
    },
    // About 6 s of CPU per key; the generous timeout is for a machine busy with other work.
    150_000,
  );
});
