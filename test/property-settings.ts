/**
 * How the fast-check properties run: a fixed seed under `CI` (a reproducible gate), a fresh random one locally so
 * local runs keep searching new inputs; `PROPERTY_SEED=<n>` replays the seed a failure printed, and
 * `PROPERTY_RUNS_FACTOR=40` searches 40 times harder.
 */
import fc from "fast-check";

const seed = process.env.PROPERTY_SEED ?? (process.env.CI ? "20261123" : undefined);
if (seed !== undefined) fc.configureGlobal({ seed: Number(seed) });

/** `n` runs times PROPERTY_RUNS_FACTOR (1 by default). */
export function runs(n: number): number {
  return n * Math.max(1, Number(process.env.PROPERTY_RUNS_FACTOR ?? 1) || 1);
}
