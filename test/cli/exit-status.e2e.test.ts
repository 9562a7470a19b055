/**
 * The README's exit-status table, asserted command by command against real runs: the table is read from
 * README.md ("| command | 0 | 1 | 2 | 130 |"), every case below runs the real CLI (against a sandbox where a
 * tracker is involved, in a pseudo-terminal for the prompt) and must exit with its code, and the README cell of
 * that command and code must name the case. Every filled cell needs a case, and every item a cell lists needs one,
 * so neither the table nor the code can change alone. The key rule of the table: for the commands that talk to a
 * tracker, 2 is a result (changes, drift) and never an error.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addToWorkspaceOutOfBand } from "../../src/demo/out-of-band.ts";
import { type RunningSandbox, startSandbox } from "../../src/sandbox/server.ts";
import { createTrackerClient } from "../../src/tracker/http-client.ts";
import { runInPty } from "./pty.ts";
import { apiEnv, type CliOutcome, ROOT, runCli } from "./run-cli.ts";

const SEED = join(ROOT, "examples/sandbox/voluum-acme.seed.yaml");
const DECLARATION = "examples/demo/acme-team.yaml";
const CODES = ["0", "1", "2", "130"];

/** The README's table: command → exit code → what the cell says ("—" for never). */
function readmeTable(): Map<string, Map<string, string>> {
  const lines = readFileSync(join(ROOT, "README.md"), "utf8").split("\n");
  const start = lines.indexOf(`| command | ${CODES.join(" | ")} |`);
  if (start === -1) throw new Error("README.md has no exit-status table");
  const table = new Map<string, Map<string, string>>();
  for (const line of lines.slice(start + 2)) {
    if (!line.startsWith("|")) break;
    const [command, ...cells] = line.split(" | ").map((c) => c.replace(/^\| ?|\s*\|$/g, "").trim());
    table.set(command.replaceAll("`", ""), new Map(cells.map((cell, i) => [CODES[i], cell])));
  }
  return table;
}

/** The items a cell lists: "every error: usage, a missing file, … or …" → ["usage", "a missing file", …]. */
function itemsOf(cell: string): string[] {
  const list = cell.includes(": ") ? cell.slice(cell.indexOf(": ") + 2) : cell;
  return list.split(/, (?:or )?/).map((item) => item.trim());
}

/** One run and what the README must say of it. */
interface Case {
  command: string;
  code: number;
  /** Words the README cell of this command and code must contain. */
  says: string;
  outcome: CliOutcome;
}

const cases: Case[] = [];
let sandbox: RunningSandbox;
let failing: RunningSandbox;
let slow: RunningSandbox;
let env: Record<string, string>;
let tmp: string;

/** Runs the CLI with `args` and records the case. */
async function run(
  command: string,
  code: number,
  says: string,
  args: string[],
  runEnv: Record<string, string> = env,
): Promise<void> {
  cases.push({ command, code, says, outcome: await runCli([command, ...args], runEnv) });
}

/**
 * An operation the tracker refuses: at the prompt, after the plan was made, bob (whose workspaces the plan
 * changes) is removed behind the tool's back; then "yes". Every other operation applies; bob's fails.
 */
async function failedOperation(): Promise<void> {
  const key = failing.apiKeys["owner@acme.test"];
  const pty = runInPty(["apply", DECLARATION], apiEnv(failing.url, key));
  await pty.waitFor(/Only "yes" applies: /);
  const client = createTrackerClient({ baseUrl: failing.url, apiKey: key });
  const bob = (await client.listUsers()).find((u) => u.email === "bob@acme.test");
  if (bob === undefined) throw new Error("the seed has no bob@acme.test");
  await client.removeUser(bob.id, bob.etag);
  pty.type("yes\r");
  const exit = await pty.exited;
  expect(pty.output()).toMatch(/failed {2}bob@acme\.test: workspaces/);
  cases.push({
    command: "apply",
    code: 1,
    says: "a failed operation",
    outcome: { code: exit, stdout: pty.output(), stderr: "" },
  });
}

/** Runs `apply` (no --yes) in a pseudo-terminal, types `keys` at the prompt, and records the case. */
async function atPrompt(code: number, says: string, keys: string): Promise<void> {
  const pty = runInPty(["apply", DECLARATION], env);
  await pty.waitFor(/Only "yes" applies: /);
  pty.type(keys);
  const exit = await pty.exited;
  cases.push({ command: "apply", code, says, outcome: { code: exit, stdout: pty.output(), stderr: "" } });
}

/** 40 workers that all join beta, on a sandbox answering every request after 300 ms: an apply of seconds. */
const SLOW_WORKERS = Array.from({ length: 40 }, (_, i) => `worker${i}@slow.test`);
const SLOW_DECLARATION = [
  "apiVersion: tracker-access/v1",
  "tracker: voluum",
  "account: slow",
  "workspaces: [{ name: alpha }, { name: beta }]",
  "users:",
  "  - { email: owner@slow.test, role: owner }",
  ...SLOW_WORKERS.map((email) => `  - { email: ${email}, role: worker, workspaces: [alpha, beta] }`),
  "",
].join("\n");

/** Starts `apply --yes` of the slow declaration in a pseudo-terminal, interrupts it under way, records the case. */
async function duringApply(says: string, interrupt: (pty: ReturnType<typeof runInPty>) => void): Promise<void> {
  const file = join(tmp, "slow.yaml");
  writeFileSync(file, SLOW_DECLARATION);
  const pty = runInPty(["apply", file, "--yes"], apiEnv(slow.url, slow.apiKeys["owner@slow.test"]));
  await pty.waitFor(/\] [1-9]\d*\/\d+ operations/);
  interrupt(pty);
  const exit = await pty.exited;
  cases.push({ command: "apply", code: 130, says, outcome: { code: exit, stdout: pty.output(), stderr: "" } });
}

beforeAll(async () => {
  slow = await startSandbox({
    seed: {
      account: { id: "slow", name: "Slow", profile: "voluum" },
      workspaces: [{ name: "alpha" }, { name: "beta" }],
      users: [
        { email: "owner@slow.test", role: "owner", apiKey: "sk-sandbox-slow-owner" },
        ...SLOW_WORKERS.map((email) => ({ email, role: "worker", workspaces: ["alpha"] })),
      ],
      elements: [],
    },
    faults: { latencyMs: 300 },
    log: () => {},
  });
  sandbox = await startSandbox({ seed: SEED, log: () => {} });
  failing = await startSandbox({ seed: SEED, log: () => {} });
  env = apiEnv(sandbox.url, sandbox.apiKeys["owner@acme.test"]);
  tmp = mkdtempSync(join(tmpdir(), "exit-status-"));
  const text = readFileSync(join(ROOT, DECLARATION), "utf8");
  const broken = join(tmp, "broken.yaml");
  writeFileSync(
    broken,
    "apiVersion: tracker-access/v1\ntracker: voluum\naccount: acme\nusers:\n  - email: a@acme.test\n    role: superuser\n",
  );
  const refused = join(tmp, "new-owner.yaml");
  writeFileSync(refused, text.replace("owner@acme.test", "boss@acme.test"));
  const ghost = join(tmp, "ghost.yaml");
  writeFileSync(ghost, `${text.trimEnd()}\n  - { kind: offer, name: Ghost Offer, workspace: eu-team }\n`);
  const notADir = join(tmp, "a-file");
  writeFileSync(notADir, "");
  const unwritable = join(notADir, "out.yaml");
  const missing = join(tmp, "missing.yaml");
  const badPlan = join(tmp, "plan.json");
  writeFileSync(badPlan, '{ "kind": "tracker-access/saved-plan", "version": 2 }\n');
  const noKey = { TRACKER_ACCESS_API_URL: sandbox.url };
  const wrongKey = apiEnv(sandbox.url, "sk-wrong-key-123456");
  const unreachable = apiEnv("http://127.0.0.1:9", "sk-unreachable-123456");

  // 1. Runs that change nothing, a few at a time (the account still differs from the declaration).
  const batches: Array<Array<() => Promise<void>>> = [
    [
      () => run("validate", 0, "no errors", [DECLARATION]),
      () => run("validate", 1, "declaration errors", [broken]),
      () => run("validate", 2, "an unknown option", [DECLARATION, "--bogus"]),
      () => run("validate", 2, "a missing file", [missing]),
    ],
    [
      () => run("plan", 0, "changes without `--detailed-exitcode`", [DECLARATION]),
      () => run("plan", 2, "changes (only with `--detailed-exitcode`)", [DECLARATION, "--detailed-exitcode"]),
      () => run("plan", 1, "usage", [DECLARATION, "--detailed-exitcodes"]),
      () => run("plan", 1, "a missing file", [missing, "--detailed-exitcode"]),
    ],
    [
      () => run("plan", 1, "declaration errors", [broken, "--detailed-exitcode"]),
      () => run("plan", 1, "no key", [DECLARATION, "--detailed-exitcode"], noKey),
      () => run("plan", 1, "the tracker failing", [DECLARATION, "--detailed-exitcode"], wrongKey),
      () => run("plan", 1, "a refused plan", [refused, "--detailed-exitcode"]),
    ],
    [
      () => run("plan", 1, "unreachable", [DECLARATION, "--detailed-exitcode"], unreachable),
      () => run("drift", 1, "unreachable", [DECLARATION], unreachable),
      () => run("apply", 1, "unreachable", [DECLARATION, "--yes"], unreachable),
      () => run("dump", 1, "unreachable", [], unreachable),
    ],
    [
      () => run("apply", 1, "usage", [DECLARATION, "--yes", "--bogus"]),
      () => run("apply", 1, "not a terminal without `--yes`", [DECLARATION]),
      () => run("apply", 1, "a missing file", [missing, "--yes"]),
      () => run("apply", 1, "declaration errors", [broken, "--yes"]),
    ],
    [
      () => run("apply", 1, "no key", [DECLARATION, "--yes"], noKey),
      () => run("apply", 1, "the tracker failing", [DECLARATION, "--yes"], wrongKey),
      () => run("apply", 1, "a refused plan", [refused, "--yes"]),
    ],
    [
      () => run("drift", 1, "usage", [DECLARATION, "--formatt", "json"]),
      () => run("drift", 1, "a missing file", [missing]),
      () => run("drift", 1, "declaration errors", [broken]),
      () => run("drift", 1, "no key", [DECLARATION], noKey),
    ],
    [
      () => run("drift", 1, "the tracker failing", [DECLARATION], wrongKey),
      () => run("dump", 0, "written", []),
      () => run("dump", 1, "usage", ["--bogus"]),
      () => run("dump", 1, "no key", [], noKey),
    ],
    [
      () => run("dump", 1, "the tracker failing", [], wrongKey),
      () => run("dump", 1, "an unwritable file", ["--out", unwritable]),
      () => run("review", 0, "written", [DECLARATION]),
      () => run("review", 1, "usage", [DECLARATION, "--format", "pdf"]),
    ],
    [
      () => run("review", 1, "a missing file", [missing]),
      () => run("review", 1, "declaration errors", [broken]),
      () => run("review", 1, "an unwritable file", [DECLARATION, "--out", unwritable]),
      () => run("review", 1, "an `--against` file that is not a review JSON", [DECLARATION, "--against", broken]),
      () => run("apply", 1, "a refused saved plan", [badPlan, "--yes"]),
    ],
    [
      () => run("unlock", 1, "usage", ["--bogus"]),
      () => run("unlock", 1, "no key", [], noKey),
      () => run("unlock", 1, "the tracker failing", [], wrongKey),
    ],
    ...(["explain", "who-can"] as const).flatMap((command) => {
      const [subject, unknown, says] =
        command === "explain"
          ? ["bob@acme.test", "bop@acme.test", "an unknown user"]
          : ["offer/EU Dating Offer", "offer/EU Datng Offer", "an unknown element"];
      const live = [DECLARATION, subject, "--live"];
      // One batch of eight each: these runs read no account or only a small one.
      return [
        [
          () => run(command, 0, "answered", [DECLARATION, subject]),
          () => run(command, 1, "usage", [DECLARATION, subject, "--bogus"]),
          () => run(command, 1, "a missing file", [missing, subject]),
          () => run(command, 1, "declaration errors", [broken, subject]),
          () => run(command, 1, says, [DECLARATION, unknown]),
          () => run(command, 1, "no key", live, noKey),
          () => run(command, 1, "the tracker failing", live, wrongKey),
          () => run(command, 1, "unreachable", live, unreachable),
        ],
      ];
    }),
  ];
  for (const batch of batches) await Promise.all(batch.map((start) => start()));
  // 2. At the prompt, in a terminal: nothing is applied.
  await atPrompt(1, "a declined prompt", "no\r");
  await atPrompt(1, "end of input", "\x04");
  await atPrompt(130, "Ctrl-C at the prompt", "\x03");
  await failedOperation();
  await duringApply("during the apply", (pty) => pty.type("\x03"));
  await duringApply("SIGTERM", (pty) => pty.signal("SIGTERM"));
  // The account's lease held by another run (apply fails at once, unlock shows and releases it); a saved plan
  // that is not valid.
  const owner = createTrackerClient({ baseUrl: sandbox.url, apiKey: sandbox.apiKeys["owner@acme.test"] });
  await owner.acquireLease("another run", 600);
  await run("apply", 1, "the lease held by another run", [DECLARATION, "--yes"]);
  await run("unlock", 1, "the lease held (without `--force`)", []);
  await run("unlock", 0, "released with `--force`", ["--force"]);
  await run("unlock", 0, "nobody holds the lease", []);
  // 3. Apply, then the account is in sync, then it drifts.
  await run("apply", 0, "applied", [DECLARATION, "--yes"]);
  await run("apply", 0, "nothing to apply", [DECLARATION, "--yes"]);
  await run("plan", 0, "no changes", [DECLARATION, "--detailed-exitcode"]);
  await run("drift", 0, "in sync", [DECLARATION]);
  await run("drift", 1, "a declared element the account lacks", [ghost]);
  await addToWorkspaceOutOfBand(sandbox.url, sandbox.apiKeys["owner@acme.test"], "bob@acme.test", "us-team");
  await run("drift", 2, "drift", [DECLARATION]);
}, 600_000);

afterAll(async () => {
  await sandbox?.close();
  await failing?.close();
  await slow?.close();
  rmSync(tmp, { recursive: true, force: true });
});

describe("the README's exit-status table", () => {
  const table = readmeTable();

  it("lists every command", () => {
    expect([...table.keys()]).toEqual([
      "validate",
      "plan",
      "apply",
      "drift",
      "dump",
      "review",
      "explain",
      "who-can",
      "unlock",
    ]);
  });

  it("every case exits as the table says, and the table's cell names it", () => {
    const wrong = cases
      .filter((c) => c.outcome.code !== c.code)
      .map((c) => `${c.command} (${c.says}): exit ${c.outcome.code}, expected ${c.code}; stderr ${c.outcome.stderr}`);
    expect(wrong).toEqual([]);
    for (const c of cases) {
      expect(`${c.outcome.stdout}${c.outcome.stderr}`, `${c.command} (${c.says})`).not.toContain("internal error");
      const cell = table.get(c.command)?.get(String(c.code)) ?? "—";
      expect(cell, `${c.command} ${c.code}`).not.toBe("—");
      expect(cell, `${c.command} ${c.code}`).toContain(c.says);
    }
  });

  it("every filled cell, and every item it lists, has a case", () => {
    for (const [command, cells] of table) {
      for (const [code, cell] of cells) {
        if (cell === "—") continue;
        const mine = cases.filter((c) => c.command === command && String(c.code) === code);
        expect(mine.length, `${command} ${code}`).toBeGreaterThan(0);
        for (const item of itemsOf(cell)) {
          expect(
            mine.some((c) => item.includes(c.says)),
            `${command} ${code}: "${item}" has no case`,
          ).toBe(true);
        }
      }
    }
  });

  it("2 is never an error of a tracker command", () => {
    for (const c of cases.filter((c) => c.command !== "validate" && c.outcome.code === 2)) {
      expect(["changes (only with `--detailed-exitcode`)", "drift"], c.says).toContain(c.says);
    }
  });

  it("the top level exits 1 for no or an unknown command", async () => {
    expect((await runCli([])).code).toBe(1);
    expect((await runCli(["drfit", DECLARATION])).code).toBe(1);
  });
});
