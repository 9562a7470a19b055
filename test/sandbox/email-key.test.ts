/**
 * The sandbox's uniqueness of e-mail addresses is the declaration's `ref/duplicate` key (NFC, case folding):
 * an invitation of an address that is the same person as an existing user, written in another normal form or
 * case, is 409 over HTTP — the tracker and `validate` never disagree on who is the same person.
 */
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type RunningSandbox, startSandbox } from "../../src/sandbox/server.ts";
import { call } from "./api.ts";

const seedFile = join(import.meta.dirname, "..", "..", "examples", "sandbox", "voluum-acme.seed.yaml");
let sandbox: RunningSandbox;
let owner: string;

beforeEach(async () => {
  sandbox = await startSandbox({ seed: seedFile });
  owner = sandbox.apiKeys["owner@acme.test"];
});
afterEach(() => sandbox.close());

const invite = (email: string) =>
  call(sandbox, "POST", "/v1/users", { key: owner, body: { email, role: "admin", workspaces: [] } });

describe("e-mail uniqueness in the sandbox", () => {
  it.each([
    ["zo\u00eb@acme.test", "zoe\u0308@acme.test"], // NFC, then NFD
    ["stra\u00dfe@acme.test", "STRASSE@acme.test"], // ß folds to ss
    ["Mixed@Acme.test", "mixed@acme.TEST"],
  ])("%s then %s: the second invitation is 409", async (first, second) => {
    expect((await invite(first)).status).toBe(201);
    const again = await invite(second);
    expect(again.status).toBe(409);
  });

  it("distinct people stay distinct", async () => {
    expect((await invite("zoe@acme.test")).status).toBe(201);
    expect((await invite("zo\u00eb@acme.test")).status).toBe(201);
  });
});
