/**
 * vitest settings: tests talk to real sandbox servers and child processes on a 2-core machine, so timeouts are
 * generous (a slow machine must not turn into a red run); speed targets live in bench/, not in tests.
 */
import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: "forks",
  },
});
