/**
 * Answers no tracker should give: the real client against a loopback server answering success statuses with
 * bodies that break the contract. Each ends in one `TrackerAnswerError` line naming method, path and what was
 * wrong, never the values themselves; nothing of the answer is used.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readLiveAccount } from "../../src/reconcile/live-account.ts";
import { TrackerAnswerError } from "../../src/tracker/errors.ts";
import { createTrackerClient } from "../../src/tracker/http-client.ts";
import { type Loopback, startLoopback } from "./loopback.ts";

const KEY = "sk-answers-4Jq8Vz2Lm6Rt";
const USER = {
  id: "u-1",
  email: "ann@acme.test",
  role: "worker",
  status: "active",
  workspaces: ["w-1"],
  allWorkspaces: false,
  hiddenColumns: [],
  etag: "e1",
};

let tracker: Loopback;
let answer: { status: number; type: string; body: string } = { status: 200, type: "application/json", body: "{}" };

beforeAll(async () => {
  tracker = await startLoopback((_, response) => {
    response.writeHead(answer.status, { "Content-Type": answer.type });
    response.end(answer.body);
  });
});

afterAll(() => tracker.close());

const json = (body: unknown, status = 200) => ({ status, type: "application/json", body: JSON.stringify(body) });

describe("a success answer that breaks the contract", () => {
  it.each([
    [
      "HTML on 200",
      { status: 200, type: "text/html", body: "<html>maintenance</html>" },
      "the body is not JSON (Content-Type text/html)",
    ],
    [
      "an empty 200",
      { status: 200, type: "application/json", body: "" },
      "the body is empty; expected JSON (UserPage)",
    ],
    ["items that are not a list", json({ items: 5, nextCursor: null }), "/items must be array (UserPage)"],
    ["no nextCursor", json({ items: [] }), "the body must have required property 'nextCursor' (UserPage)"],
    [
      "a user without an etag",
      json({ items: [{ ...USER, etag: undefined }], nextCursor: null }),
      "/items/0 must have required property 'etag' (UserPage)",
    ],
    [
      "a role the contract does not allow",
      json({ items: [{ ...USER, role: "Admin\n<b>" }], nextCursor: null }),
      '/items/0/role must match pattern "^[a-z][a-z0-9-]{0,31}$" (UserPage)',
    ],
    [
      "a status the operation does not define",
      json({ items: [], nextCursor: null }, 202),
      "the contract defines 200 for this operation, not 202",
    ],
  ])("%s: one line naming method, path and what was wrong", async (_, given, reason) => {
    answer = given;
    const client = createTrackerClient({ baseUrl: tracker.url, apiKey: KEY });
    const error = await client.listUsers().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TrackerAnswerError);
    const message = (error as Error).message;
    expect(message).toBe(`GET /v1/users → ${given.status}, an answer the API contract does not allow: ${reason}`);
    expect(message).not.toContain("Admin");
    expect(message).not.toContain("maintenance");
  });

  it("a write's answer is checked too: invite answers 201 with a User", async () => {
    answer = json({ ...USER, status: "pending" }, 201);
    const client = createTrackerClient({ baseUrl: tracker.url, apiKey: KEY });
    await expect(client.inviteUser({ email: "ann@acme.test", role: "worker" })).rejects.toThrow(
      "POST /v1/users → 201, an answer the API contract does not allow: /status must be equal to one of the allowed values (User)",
    );
    answer = json(USER, 201);
    await expect(client.inviteUser({ email: "ann@acme.test", role: "worker" })).resolves.toEqual(USER);
  });

  it("reading the account stops at the first bad answer, as a TrackerAnswerError, not a TypeError", async () => {
    answer = json({ items: "x", nextCursor: null, userId: "u", email: "a@b.test", role: "owner", accountId: "a" });
    const client = createTrackerClient({ baseUrl: tracker.url, apiKey: KEY });
    await expect(readLiveAccount(client)).rejects.toBeInstanceOf(TrackerAnswerError);
  });
});
