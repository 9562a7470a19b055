/**
 * Runs every benchmark in bench/ one after another (`npm run bench`, or `npm run bench -- validate reconcile`
 * for some of them; `name:arg` passes one argument, e.g. `rate-limit:30` for a quick try). Each benchmark prints
 * what it measured; nothing here judges the numbers.
 */
import { spawnSync } from "node:child_process";
import { join } from "node:path";

const ALL = [
  "validate",
  "read-limits",
  "sandbox-seed",
  "read-account",
  "reconcile",
  "rate-limit",
  "selectors",
  "pulumi",
  "schemathesis",
];
const chosen = process.argv.slice(2).length > 0 ? process.argv.slice(2) : ALL;
let failed = 0;
for (const choice of chosen) {
  const [name, ...rest] = choice.split(":");
  if (!ALL.includes(name)) {
    console.error(`bench: no benchmark "${name}" (have: ${ALL.join(", ")})`);
    process.exit(2);
  }
  console.log(`\n=== bench/${name}.ts`);
  const status = spawnSync(process.execPath, [join(import.meta.dirname, `${name}.ts`), ...rest], {
    stdio: "inherit",
  }).status;
  if (status !== 0) failed += 1;
}
process.exit(failed === 0 ? 0 : 1);
