/**
 * A tracker that echoes a modified copy of the key in its error answers: the real client against a loopback server
 * whose error body repeats the variant, as a problem's `detail` and as a plain-text body. No run of
 * `keyRunLength(KEY)` consecutive characters of the key (12 of these 26), in any letter case, raw or URL-encoded,
 * may survive in the error's message.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TrackerApiError, TrackerRedirectError } from "../../src/tracker/errors.ts";
import { createTrackerClient } from "../../src/tracker/http-client.ts";
import { keyRunLength, REDACTED, redactText } from "../../src/tracker/redaction.ts";
import { type Loopback, startLoopback } from "./loopback.ts";

const KEY = "sk-Live+7Qm2/Xc9LpV4tB8nK=";

/** Every variant a tracker or proxy might echo, by what was done to the key, and what is left of it printed. */
const VARIANTS: Array<[string, string, string?]> = [
  ["the key itself", KEY],
  ["upper-cased", KEY.toUpperCase()],
  ["lower-cased", KEY.toLowerCase()],
  ["one character short at the end", KEY.slice(0, -1)],
  ["one character short at the start", KEY.slice(1)],
  ["one character dropped in the middle", KEY.slice(0, 9) + KEY.slice(10)],
  ["one character longer at the end", `${KEY}x`],
  ["one character inserted after the 7th", `${KEY.slice(0, 7)}Z${KEY.slice(7)}`],
  ["a substring of 12 (just under half)", KEY.slice(9, 21)],
  ["a substring of 12, upper-cased", KEY.slice(4, 16).toUpperCase()],
  ["URL-encoded", encodeURIComponent(KEY)],
  ["every character percent-encoded", [...KEY].map((c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`).join("")],
  [
    "in a query string",
    `https://tracker.test/v1/me?api_key=${encodeURIComponent(KEY.toLowerCase())}&x=1`,
    `https://tracker.test/v1/me?api_key=${REDACTED}&x=1`,
  ],
];

/** Runs of `keyRunLength(KEY)` characters of the key found in `text` (raw, lower-cased, or URL-decoded). */
function keyRunsIn(text: string): string[] {
  let decoded = text;
  try {
    decoded = decodeURIComponent(text);
  } catch {}
  const haystacks = [text.toLowerCase(), decoded.toLowerCase()];
  const key = KEY.toLowerCase();
  const found: string[] = [];
  const length = keyRunLength(KEY);
  for (let i = 0; i + length <= key.length; i += 1) {
    const run = key.slice(i, i + length);
    if (haystacks.some((h) => h.includes(run))) found.push(run);
  }
  return found;
}

let tracker: Loopback;
let echoed = "";
let asText = false;

beforeAll(async () => {
  tracker = await startLoopback((_, response) => {
    if (asText) {
      response.writeHead(403, { "Content-Type": "text/plain" });
      response.end(`key ${echoed} is not allowed here`);
      return;
    }
    response.writeHead(403, { "Content-Type": "application/problem+json" });
    response.end(
      JSON.stringify({
        type: "urn:tracker-access:problem:forbidden",
        title: `Forbidden for ${echoed}`,
        status: 403,
        detail: `the key ${echoed} may not read users`,
      }),
    );
  });
});

afterAll(() => tracker.close());

describe("an error answer that echoes a copy of the key", () => {
  it.each(VARIANTS)("%s: redacted from the problem's detail", async (_, variant, left = REDACTED) => {
    echoed = variant;
    asText = false;
    const client = createTrackerClient({ baseUrl: tracker.url, apiKey: KEY });
    const error = (await client.listUsers().catch((e: unknown) => e)) as TrackerApiError;
    expect(error).toBeInstanceOf(TrackerApiError);
    expect(error.message).toBe(`GET /v1/users → 403 forbidden: the key ${left} may not read users`);
    expect(keyRunsIn(`${error.message} ${JSON.stringify(error.problem)}`)).toEqual([]);
  });

  it.each(VARIANTS)("%s: redacted from a plain-text body", async (_, variant, left = REDACTED) => {
    echoed = variant;
    asText = true;
    const client = createTrackerClient({ baseUrl: tracker.url, apiKey: KEY });
    const error = (await client.getMe().catch((e: unknown) => e)) as TrackerApiError;
    expect(error).toBeInstanceOf(TrackerApiError);
    expect(error.message).toBe(`GET /v1/me → 403 Forbidden: key ${left} is not allowed here`);
    expect(keyRunsIn(error.message)).toEqual([]);
  });
});

describe("redactText", () => {
  it("runs of 8 for keys up to 18 characters, just under half of longer ones", () => {
    expect([16, 17, 18, 19, 21, 26, 40, 64].map((n) => keyRunLength("k".repeat(n)))).toEqual([
      8, 8, 8, 9, 10, 12, 19, 31,
    ]);
  });

  it("leaves ordinary text, and runs shorter than the key's run, as they are", () => {
    const text = `GET /v1/users → 403 forbidden: owner@acme.test may not read users in eu-team (${KEY.slice(0, 11)}…)`;
    expect(redactText(text, [KEY])).toBe(text);
  });

  it("a key built of words does not blank those words: the sandbox's keys name their account", () => {
    const key = "sk-sandbox-northwind-maria";
    const text = "User robin@northwind.test: the plan is refused";
    expect(redactText(text, [key])).toBe(text);
    expect(redactText(`denied for SK-SANDBOX-NORTHWIND-MARI (robin@northwind.test)`, [key])).toBe(
      `denied for ${REDACTED} (robin@northwind.test)`,
    );
  });

  it("replaces one token once, however many runs it holds, and keeps what is around it", () => {
    expect(redactText(`a "${KEY}${KEY.toLowerCase()}" b`, [KEY])).toBe(`a "${REDACTED}" b`);
    expect(redactText(`${KEY} and ${KEY.toUpperCase()}`, [KEY])).toBe(`${REDACTED} and ${REDACTED}`);
  });

  it("a key shorter than a run (built directly, as some tests do) is removed wherever it occurs, in any case", () => {
    expect(redactText("Key sk-abc or SK-ABC", ["sk-abc"])).toBe(`Key ${REDACTED} or ${REDACTED}`);
  });

  it("a redirect whose Location holds the key's copy as a host name names it redacted", () => {
    const error = new TrackerRedirectError("GET", "/v1/me", 302, `http://${KEY.slice(3, 15).toLowerCase()}.evil.test`, [
      KEY,
    ]);
    expect(keyRunsIn(error.message)).toEqual([]);
    expect(error.message).toContain("302 redirect to http://[redacted]");
  });

  it("leaves a large error body without the key unchanged (1 MiB of text; its cost is in the README)", () => {
    const body = "lorem ipsum dolor sit amet, ".repeat(40_000);
    expect(redactText(body, [KEY])).toBe(body);
  });
});
