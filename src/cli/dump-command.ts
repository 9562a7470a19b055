/**
 * `tracker-access dump [--out FILE]`: writes the live account as a declaration, so a team can start from what
 * it has. `validate` accepts what dump writes, and `plan` on it shows no changes.
 */

import { dirname, join, relative, resolve } from "node:path";
import { loadProfile } from "../policy/profile-loader.ts";
import { dumpDeclaration } from "../reconcile/dump.ts";
import { EXIT } from "./command.ts";
import { CommandFailure, openAccount, runTrackerCommand } from "./command-runner.ts";
import { OutputExistsError, writeOutputFile } from "./output-file.ts";
import type { CliIo } from "./terminal.ts";

/** The help of `dump`. */
export const DUMP_USAGE = `usage: tracker-access dump [--out FILE [--force]] [--selectors] [--api-url URL] [-q|-v] [--no-color]

Reads the tracker account and writes it as a declaration (YAML) to FILE or stdout: users, roles, workspaces,
element assignments and hidden columns. validate accepts it; plan on it shows no changes.
  --out FILE          write the declaration to FILE (refused when FILE exists)
  --force             let --out overwrite an existing FILE
  --selectors         propose \`match:\` selectors where one covers a workspace's elements of a kind exactly
  --api-url URL       the tracker API (--api is accepted too); else TRACKER_ACCESS_API_URL
  --max-rps N         requests per second at most; default the tracker's documented rate (policies/)
  -q, --quiet         only the summary and errors
  -v, --verbose       one line per HTTP request on stderr: method, path, status, ms, retries
  --no-color          no colour (NO_COLOR too); colour is used only on a terminal
The key is read only from TRACKER_ACCESS_API_KEY.
Exit status: 0 ok, 1 any error (usage, I/O, no key, the tracker unreachable or failing).`;

/** Runs `dump` with its arguments; returns the exit code. */
export function runDump(args: string[], io: CliIo): Promise<number> {
  const spec = { values: ["api-url", "out", "max-rps"], flags: ["force", "selectors"], positional: "none" as const };
  return runTrackerCommand("dump", DUMP_USAGE, spec, args, io, async (parsed, t) => {
    // 1. Have: the live account and its profile.
    const { have } = await openAccount(parsed, t);
    const profile = loadProfile(have.account.profile);
    if (profile === undefined) {
      t.stderr.write(
        `tracker-access dump: the account follows the profile ${have.account.profile}, which policies/ does not have\n`,
      );
      return EXIT.failed;
    }
    // 2. As a declaration, to a file or stdout.
    // Line 1 names this installation's schema, relative to where the file goes, so editors check it.
    const out = parsed.values.out;
    const schemaFile = join(import.meta.dirname, "..", "..", "schemas", "access.schema.json");
    const schema = relative(out === undefined ? process.cwd() : dirname(resolve(out)), schemaFile);
    const yaml = dumpDeclaration(have, profile, { schema, selectors: parsed.flags.has("selectors") });
    if (out === undefined) {
      t.stdout.write(yaml);
      return EXIT.ok;
    }
    try {
      await writeOutputFile(out, yaml, { overwrite: parsed.flags.has("force") });
    } catch (error) {
      if (error instanceof OutputExistsError) throw new CommandFailure(error.message);
      throw new CommandFailure(`cannot write ${out}: ${(error as NodeJS.ErrnoException).code ?? error}`);
    }
    t.stderr.write(
      `tracker-access dump: wrote ${out} (${have.users.length} users, ${have.workspaces.length} workspaces, ${have.elements.length} elements)\n`,
    );
    return EXIT.ok;
  });
}
