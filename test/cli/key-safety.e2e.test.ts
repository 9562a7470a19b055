/**
 * The API key and the real `tracker-access` executable: a tracker that redirects gets no request followed (the
 * other server receives nothing), a key too short to be one is refused before anything is sent, and an answer
 * no tracker should give is one line and exit 1. Real loopback servers, the CLI as a child process.
 */
import { afterEach, describe, expect, it } from "vitest";
import { type Loopback, startLoopback } from "../tracker/loopback.ts";
import { apiEnv, runCli } from "./run-cli.ts";

const KEY = "sk-cli-9fQ2mX7vLb4Tz8Wk";
const servers: Loopback[] = [];

afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

async function serve(handler: Parameters<typeof startLoopback>[0]): Promise<Loopback> {
  const server = await startLoopback(handler);
  servers.push(server);
  return server;
}

describe("dump against a tracker that redirects", () => {
  it("307 to another port: one line naming status and origin, exit 1, the other server receives nothing", async () => {
    const other = await serve((_, response) => {
      response.writeHead(200, { "Content-Type": "application/json" });
      response.end("{}");
    });
    const redirecting = await serve((request, response) => {
      response.writeHead(307, { Location: `${other.url}${request.url}` });
      response.end();
    });

    const outcome = await runCli(["dump"], apiEnv(redirecting.url, KEY));

    expect(outcome.code).toBe(1);
    expect(outcome.stdout).toBe("");
    const lines = outcome.stderr.trim().split("\n");
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(
      new RegExp(`^tracker-access dump: the tracker refused or failed: GET /v1/\\S+ → 307 redirect to ${other.url}; `),
    );
    expect(outcome.stderr).not.toContain(KEY);
    expect(other.received).toEqual([]);
    expect(redirecting.received.length).toBeGreaterThan(0);
  });
});

describe("an API key shorter than 16 characters", () => {
  it.each([
    ["e", "1 character"],
    ["sk-0123456789ab", "15 characters"],
  ])("%j: refused at start-up in one line, exit 1, nothing sent, the message not mangled", async (key, length) => {
    const tracker = await serve((_, response) => {
      response.writeHead(500);
      response.end();
    });
    for (const command of [
      ["dump"],
      ["plan", "examples/demo/acme-team.yaml"],
      ["drift", "examples/demo/acme-team.yaml"],
    ]) {
      const outcome = await runCli(command, apiEnv(tracker.url, key));
      expect(outcome.code).toBe(1);
      expect(outcome.stdout).toBe("");
      expect(outcome.stderr).toBe(
        `tracker-access ${command[0]}: TRACKER_ACCESS_API_KEY is ${length} long; an API key has at least 16: ` +
          "check that the whole key was copied\n",
      );
    }
    expect(tracker.received).toEqual([]);
  });

  it("16 characters are accepted (the request is sent)", async () => {
    const tracker = await serve((_, response) => {
      response.writeHead(401, { "Content-Type": "application/problem+json" });
      response.end(
        JSON.stringify({ type: "urn:tracker-access:problem:unauthorized", title: "Unauthorized", status: 401 }),
      );
    });
    const outcome = await runCli(["dump"], apiEnv(tracker.url, "sk-0123456789abc"));
    expect(outcome.code).toBe(1);
    expect(outcome.stderr).toContain("→ 401 unauthorized: Unauthorized");
    expect(tracker.received.length).toBeGreaterThan(0);
  });
});

describe("answers no tracker should give", () => {
  it.each([
    ["non-JSON on 200", "text/html", "<html>maintenance</html>", "the body is not JSON (Content-Type text/html)"],
    ["the wrong shape", "application/json", JSON.stringify({ items: 5, nextCursor: null }), "/items must be array"],
  ])("%s: one line naming method, path and what was wrong, exit 1", async (_, type, body, reason) => {
    const tracker = await serve((request, response) => {
      const url = request.url ?? "";
      const answer = url.startsWith("/v1/me")
        ? { userId: "u1", email: "owner@acme.test", role: "owner", accountId: "a1" }
        : url.startsWith("/v1/account")
          ? {
              id: "a1",
              name: "Acme",
              profile: "voluum",
              publicWorkspace: true,
              limits: { privateWorkspaces: 5 },
              columns: [],
            }
          : url.startsWith("/v1/users")
            ? undefined
            : { items: [], nextCursor: null };
      response.writeHead(200, { "Content-Type": answer === undefined ? type : "application/json" });
      response.end(answer === undefined ? body : JSON.stringify(answer));
    });
    const outcome = await runCli(["dump"], apiEnv(tracker.url, KEY));
    expect(outcome.code).toBe(1);
    expect(outcome.stdout).toBe("");
    expect(outcome.stderr.trim().split("\n")).toEqual([
      `tracker-access dump: the tracker refused or failed: GET /v1/users → 200, an answer the API contract does not allow: ${reason}${reason.startsWith("/") ? " (UserPage)" : ""}`,
    ]);
  });
});
