/**
 * The README's "Try it against the sandbox" walkthrough, command by command, on the real Pulumi CLI: the lines are
 * read from the README itself, so the documented commands are the tested ones. `login`, `stack init` and
 * `config set` run as typed (the CLI binary, a fresh HOME, the passphrase from the environment, the secret key
 * on stdin as a prompt would take it). `preview`, `up` and `refresh` need the program's language host, which the
 * Go module proxy refuses (README, "How it is tested"), so they run the same engine on the same stack through
 * @pulumi/pulumi/automation with the flags mapped one to one. Only the stack's name (`dev`) and the sandbox's
 * port are substituted.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import * as automation from "@pulumi/pulumi/automation/index.js";
import { afterAll, beforeAll, expect, it } from "vitest";
import { trackerAccessProgram } from "../../src/pulumi/stack-program.ts";
import { readLiveAccount } from "../../src/reconcile/live-account.ts";
import { type RunningSandbox, startSandbox } from "../../src/sandbox/server.ts";
import { createTrackerClient } from "../../src/tracker/http-client.ts";
import { runCli } from "../cli/run-cli.ts";
import { describeWithPulumi, engineEnvironment, findPulumiCli, PROJECT_DIR } from "./real-engine.ts";

/** The `pulumi …` lines of the README's walkthrough, comments dropped. */
function walkthrough(): string[] {
  const readme = readFileSync(join(PROJECT_DIR, "README.md"), "utf8");
  const start = readme.indexOf("### Try it against the sandbox");
  const block = readme.slice(
    readme.indexOf("```sh\n", start) + 6,
    readme.indexOf("```\n", readme.indexOf("```sh\n", start) + 6),
  );
  return block
    .split("\n")
    .map((line) => line.replace(/\s+#.*$/, "").trim())
    .filter((line) => line.startsWith("pulumi "));
}

const SEED = join(PROJECT_DIR, "examples", "sandbox", "voluum-team.seed.yaml");

let sandbox: RunningSandbox;
let home: string;
let stackName: string;
let env: Record<string, string>;

describeWithPulumi("the README's Pulumi walkthrough, as typed, on the real CLI", () => {
  beforeAll(async () => {
    sandbox = await startSandbox({ seed: SEED, log: () => {} });
    home = mkdtempSync(join(tmpdir(), "tracker-access-walkthrough-"));
    stackName = `walkthrough-${process.pid}`;
    const binary = findPulumiCli() as string;
    env = { ...engineEnvironment(binary, home), HOME: home };
  });

  afterAll(async () => {
    rmSync(join(PROJECT_DIR, `Pulumi.${stackName}.yaml`), { force: true });
    rmSync(home, { recursive: true, force: true });
    await sandbox.close();
  });

  it("every documented command works, and the account ends as declared", { timeout: 300_000 }, async () => {
    const commands = walkthrough();
    expect(commands[0]).toBe("pulumi login --local");
    expect(commands).toContain("pulumi preview --diff");
    const binary = findPulumiCli() as string;
    const key = sandbox.apiKeys["maria.keller@northwind.test"];
    expect(key).toBe("sk-sandbox-northwind-maria");
    let stack: automation.Stack | undefined;
    const transcript: string[] = [];
    for (const typed of commands) {
      const line = typed
        .replace(" stack init dev", ` stack init ${stackName}`)
        .replace(/http:\/\/127\.0\.0\.1:8787/, sandbox.url);
      const args = line.split(/\s+/).slice(1);
      if (["login", "stack", "config"].includes(args[0])) {
        // Typed as documented; the secret is answered on stdin, as at the prompt.
        const secret = args.includes("--secret");
        const result = spawnSync(binary, args, {
          cwd: PROJECT_DIR,
          env: { ...process.env, ...env },
          input: secret ? `${key}\n` : undefined,
          encoding: "utf8",
        });
        transcript.push(`$ ${line}\n${result.stdout}${result.stderr}`);
        expect(result.status, transcript.join("\n")).toBe(0);
        continue;
      }
      stack ??= await automation.LocalWorkspace.selectStack(
        { stackName, projectName: "tracker-access", program: trackerAccessProgram },
        {
          workDir: PROJECT_DIR,
          pulumiHome: env.PULUMI_HOME,
          envVars: env,
          pulumiCommand: await automation.PulumiCommand.get({ root: dirname(dirname(binary)), skipVersionCheck: true }),
        },
      );
      const flags = new Set(args.slice(1));
      const output: string[] = [];
      const opts = { color: "never" as const, onOutput: (text: string) => output.push(text) };
      if (args[0] === "preview")
        await stack.preview({
          ...opts,
          diff: flags.has("--diff"),
          refresh: flags.has("--refresh"),
          expectNoChanges: flags.has("--expect-no-changes"),
        });
      else if (args[0] === "up") await stack.up(opts);
      else if (args[0] === "refresh" && flags.has("--preview-only"))
        await stack.previewRefresh({ ...opts, expectNoChanges: flags.has("--expect-no-changes") });
      else throw new Error(`the walkthrough has a command this test does not map: ${line}`);
      transcript.push(`$ ${line}\n${output.join("")}`);
      if (line === "pulumi preview --diff") expect(output.join("")).toMatch(/AccessPolicy/);
    }
    // The secret was stored as ciphertext, never as the key.
    const exported = spawnSync(binary, ["stack", "export", "--stack", stackName], {
      cwd: PROJECT_DIR,
      env: { ...process.env, ...env },
      encoding: "utf8",
      maxBuffer: 1 << 28,
    });
    expect(exported.status).toBe(0);
    expect(exported.stdout.length, "a key-free transcript must not be an empty one").toBeGreaterThan(0);
    expect(exported.stdout).not.toContain(key);
    expect(
      readFileSync(join(PROJECT_DIR, `Pulumi.${stackName}.yaml`), "utf8").length,
      "a key-free transcript must not be an empty one",
    ).toBeGreaterThan(0);
    expect(readFileSync(join(PROJECT_DIR, `Pulumi.${stackName}.yaml`), "utf8")).not.toContain(key);
    // After `up`, the account is what the declaration says: the CLI's own plan finds nothing to do.
    const live = await readLiveAccount(createTrackerClient({ baseUrl: sandbox.url, apiKey: key }));
    expect(live.users.length).toBeGreaterThan(0);
    // (a child process run asynchronously: this process serves the sandbox meanwhile)
    const plan = await runCli(["plan", "examples/voluum-team.yaml", "--detailed-exitcode"], {
      TRACKER_ACCESS_API_URL: sandbox.url,
      TRACKER_ACCESS_API_KEY: key,
    });
    expect(plan.code, `${plan.stdout}${plan.stderr}`).toBe(0);
  });
});
