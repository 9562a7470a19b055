/**
 * Reader bounds at the real sizes: `tracker-access validate` on generated ClickFlare declarations of 8, 24, 48
 * and 60 MiB (under the 64 MiB cap), each as written and with what used to send it to the `yaml` library and
 * out of heap: one explicit `? key` line, one syntax error at the end, one lone CR. Prints wall time, the
 * process's peak resident memory (from /usr/bin/time when it is installed) and the first line of the answer.
 * Files go to bench/out/ and are deleted afterwards.
 *
 *   node bench/read-limits.ts [MiB ...]     (default 8 24 48 60)
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { largeDeclaration } from "./validate.ts";

const outDir = join(import.meta.dirname, "out");
const cli = join(import.meta.dirname, "..", "bin", "tracker-access.js");
const sizes = process.argv.slice(2).length > 0 ? process.argv.slice(2).map(Number) : [8, 24, 48, 60];
const time = existsSync("/usr/bin/time") ? "/usr/bin/time" : undefined;

// About 76 bytes of file per element, and 0.88 MB for the 10,000 users and the rest.
const BYTES_PER_ELEMENT = 76;
const BASE_BYTES = 880_000;

const variants: Record<string, (text: string) => string> = {
  valid: (text) => text,
  "explicit key": (text) => text.replace("account: bench-agency\n", "? account\n: bench-agency\n"),
  "syntax error at end": (text) => `${text}workspaces: [\n`,
  "lone CR": (text) => text.replace("\n", "\r"),
};

mkdirSync(outDir, { recursive: true });
console.log("size      variant              exit  wall s  max RSS MiB  answer");
for (const mib of sizes) {
  const elements = Math.round((mib * 1024 * 1024 - BASE_BYTES) / BYTES_PER_ELEMENT);
  const base = largeDeclaration(10_000, 50, elements);
  for (const [name, variant] of Object.entries(variants)) {
    const file = join(outDir, `read-limits-${mib}.yaml`);
    writeFileSync(file, variant(base));
    const size = (statSync(file).size / (1024 * 1024)).toFixed(1);
    const command = time ? [time, "-f", "%e %M", process.execPath, cli] : [process.execPath, cli];
    const started = performance.now();
    const run = spawnSync(command[0], [...command.slice(1), "validate", file], { encoding: "utf8" });
    const wall = ((performance.now() - started) / 1000).toFixed(1);
    const measured = time ? /(\d+\.\d+) (\d+)\s*$/.exec(run.stderr) : null;
    const rss = measured ? (Number(measured[2]) / 1024).toFixed(0) : "?";
    const answer = (run.stdout.split("\n")[0] || run.stderr.split("\n")[0]).replace(file, "FILE").slice(0, 110);
    console.log(
      `${`${size} MiB`.padEnd(10)}${name.padEnd(21)}${String(run.status).padEnd(6)}${wall.padStart(6)}  ${rss.padStart(11)}  ${answer}`,
    );
    rmSync(file);
  }
}
