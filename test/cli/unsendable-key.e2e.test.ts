/**
 * An API key that cannot travel in an HTTP header (a stray newline, a pasted zero-width space or curly quote)
 * is a usage error of every command that talks to the tracker: one line, exit 1 (2 is plan's "changes"), and the key is never printed,
 * not even with TRACKER_ACCESS_DEBUG=1.
 */
import { describe, expect, it } from "vitest";
import { apiEnv, runCli } from "./run-cli.ts";

const DECLARATION = "examples/demo/acme-team.yaml";
const SECRET = "sk-SECRETKEY123";

describe("an API key with a character an HTTP header cannot carry", () => {
  it.each([
    ["a newline inside", `${SECRET.slice(0, 6)}\n${SECRET.slice(6)}`, "position 7 (U+000A)"],
    ["a zero-width space", `${SECRET}\u200b`, "position 16 (U+200B)"],
    ["curly quotes", `\u201c${SECRET}\u201d`, "position 1 (U+201C)"],
    ["a space", `${SECRET} x`, "position 16 (U+0020)"],
  ])("%s: exit 1, one line naming the position, the key not repeated", async (_, key, where) => {
    for (const debug of [{}, { TRACKER_ACCESS_DEBUG: "1" }] as Record<string, string>[]) {
      const env = { ...apiEnv("http://127.0.0.1:9", key), ...debug };
      const outcome = await runCli(["plan", DECLARATION], env);
      expect(outcome.code).toBe(1);
      expect(outcome.stdout).toBe("");
      expect(outcome.stderr.trim().split("\n")).toHaveLength(1);
      expect(outcome.stderr).toContain(
        `TRACKER_ACCESS_API_KEY holds a character that cannot be sent in an HTTP header at ${where}`,
      );
      for (const piece of [SECRET, SECRET.slice(0, 6), SECRET.slice(6)]) {
        expect(outcome.stderr).not.toContain(piece);
      }
    }
  });
});
