/**
 * `createTrackerClient()` with a key fetch could not put in a header: refused up front with an
 * `InvalidApiKeyError` that names the position and code point only, before any request is sent.
 */
import { describe, expect, it } from "vitest";
import { InvalidApiKeyError } from "../../src/tracker/errors.ts";
import { createTrackerClient } from "../../src/tracker/http-client.ts";
import { apiKeyFault } from "../../src/tracker/transport.ts";

const SECRET = "sk-SECRETKEY123";

describe("an API key that cannot be sent in an HTTP header", () => {
  it.each([
    [`${SECRET}\nX`, 16, "U+000A"],
    [`sk\u200b${SECRET}`, 3, "U+200B"],
    [`\u2018${SECRET}\u2019`, 1, "U+2018"],
    [`${SECRET}\u{1f511}`, 16, "U+1F511"],
  ])("%j is refused by createTrackerClient without sending or repeating it", (key, position, code) => {
    let sent = 0;
    const fetch = (async () => {
      sent += 1;
      return new Response("{}");
    }) as typeof globalThis.fetch;
    let thrown: unknown;
    try {
      createTrackerClient({ baseUrl: "http://127.0.0.1:9", apiKey: key, fetch });
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(InvalidApiKeyError);
    const error = thrown as InvalidApiKeyError;
    expect(error.position).toBe(position);
    expect(error.message).toBe(`the API key cannot be sent in an HTTP header: position ${position} (${code})`);
    expect(`${error.message}\n${error.stack}`).not.toContain(SECRET);
    expect(sent).toBe(0);
  });

  it("visible ASCII keys pass; apiKeyFault names where others break", () => {
    expect(apiKeyFault("sk-!~AZaz09_.-")).toBeUndefined();
    expect(apiKeyFault("ab\tc")).toBe("position 3 (U+0009)");
    expect(apiKeyFault("abc\u007f")).toBe("position 4 (U+007F)");
    expect(() => createTrackerClient({ baseUrl: "http://127.0.0.1:9", apiKey: "sk-fine-key" })).not.toThrow();
  });
});
