/**
 * `tracker-access sandbox --db PATH` where PATH cannot hold a database (a directory, a missing directory, a text
 * file) and `--seed` with a YAML syntax error: usage errors of one line, exit 2, never an internal error, and a
 * seed's API key never echoed from the offending line.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { runSandboxCommand } from "../../src/cli/sandbox-command.ts";
import { readSeed, SeedError } from "../../src/sandbox/seed.ts";
import { startSandbox } from "../../src/sandbox/server.ts";
import { StoreOpenError } from "../../src/sandbox/store.ts";

const seedFile = join(import.meta.dirname, "..", "..", "examples", "sandbox", "voluum-acme.seed.yaml");
const dir = mkdtempSync(join(tmpdir(), "sandbox-database-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function sink() {
  const chunks: string[] = [];
  return { write: (text: string) => chunks.push(text), text: () => chunks.join("") };
}

async function usageError(args: string[]): Promise<string> {
  const stderr = sink();
  const stdout = sink();
  expect(await runSandboxCommand([...args, "--port", "0"], { stdout, stderr })).toBe(2);
  expect(stdout.text()).toBe("");
  expect(stderr.text().trim().split("\n")).toHaveLength(1);
  expect(stderr.text()).not.toContain("internal error");
  return stderr.text();
}

describe("--db that cannot hold a database", () => {
  const directory = join(dir, "a-directory");
  mkdirSync(directory);
  const textFile = join(dir, "notes.txt");
  writeFileSync(textFile, "these are notes, not a SQLite database\n".repeat(200));

  it.each([
    ["a directory", [directory], `cannot open database ${directory}: it is a directory`],
    [
      "a directory, with a seed",
      [directory, "--seed", seedFile],
      `cannot open database ${directory}: it is a directory`,
    ],
    [
      "a missing directory",
      [join(dir, "no", "such", "x.db"), "--seed", seedFile],
      `cannot open database ${join(dir, "no", "such", "x.db")}: no directory ${join(dir, "no", "such")}`,
    ],
    ["a text file", [textFile, "--seed", seedFile], `cannot open database ${textFile}: file is not a database`],
    ["a text file, without a seed", [textFile], `cannot open database ${textFile}`],
  ])("%s: one line, exit 2", async (_, [db, ...rest], message) => {
    expect(await usageError(["--db", db, ...rest])).toContain(`tracker-access sandbox: ${message}`);
  });

  it("startSandbox throws a StoreOpenError naming the path", async () => {
    await expect(startSandbox({ db: directory, seed: seedFile })).rejects.toBeInstanceOf(StoreOpenError);
  });
});

describe("a seed file with a YAML syntax error", () => {
  const SECRET = "SECRETKEY123";
  const unclosed = join(dir, "unclosed.seed.yaml");
  writeFileSync(
    unclosed,
    `account: { id: x, name: X, profile: voluum }\nusers: [{email: o@x.test, role: owner, apiKey: ${SECRET} }\n`,
  );
  const duplicated = join(dir, "duplicated.seed.yaml");
  writeFileSync(
    duplicated,
    `account: { id: x, name: X, profile: voluum }\nusers:\n  - email: o@x.test\n    role: owner\n    apiKey: ${SECRET}\n    apiKey: ${SECRET}-2\n`,
  );

  it.each([
    [
      unclosed,
      `${unclosed}:3:1: Flow sequence in block collection must be sufficiently indented and end with a ] (BAD_INDENT)`,
    ],
    [duplicated, `${duplicated}:6:5: Map keys must be unique (DUPLICATE_KEY)`],
  ])("%s: file:line:col and the parser's short message, never the line itself", async (file, message) => {
    let thrown: unknown;
    try {
      readSeed(file);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(SeedError);
    expect((thrown as Error).message).toBe(`${file}: invalid sandbox seed: ${message}`);
    expect((thrown as Error).message).not.toContain(SECRET);

    const stderr = await usageError(["--seed", file]);
    expect(stderr).toContain(message);
    expect(stderr).not.toContain(SECRET);
  });
});
