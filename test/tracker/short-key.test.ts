/**
 * Keys shorter than 16 characters are refused before anything is sent, by both front ends: the CLI (see
 * test/cli/key-safety.e2e.test.ts) and the Pulumi provider, whose Check fails naming the length only. Redacting
 * such a key would mangle every message (`th[redacted] track[redacted]r` for `e`).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openResource } from "../../src/pulumi/provider-impl.ts";
import { apiKeyLengthFault } from "../../src/tracker/transport.ts";
import { type Loopback, startLoopback } from "./loopback.ts";

let tracker: Loopback;

beforeAll(async () => {
  tracker = await startLoopback((_, response) => {
    response.writeHead(500);
    response.end();
  });
});

afterAll(() => tracker.close());

describe("an API key shorter than 16 characters", () => {
  it("names the length only; 16 characters pass", () => {
    expect(apiKeyLengthFault("e")).toBe(
      "1 character long; an API key has at least 16: check that the whole key was copied",
    );
    expect(apiKeyLengthFault("sk-0123456789ab")).toMatch(/^15 characters long;/);
    expect(apiKeyLengthFault("sk-0123456789abc")).toBeUndefined();
  });

  it.each(["e", "sk-0123456789ab"])(
    "%j: the Pulumi provider's Check fails without a request, the message intact",
    async (key) => {
      const policy = openResource("AccessPolicy", { apiUrl: tracker.url, apiKey: key });
      const checked = await policy.check({}, { declaration: ["examples/voluum-team.yaml"] });
      expect(checked.failures).toEqual([
        {
          property: "apiUrl",
          reason: expect.stringMatching(
            /^the API key \(tracker-access:apiKey\) is \d+ characters? long; an API key has at least 16: check that the whole key was copied; pulumi config set --secret tracker-access:apiKey <key>$/,
          ),
        },
      ]);
      expect(tracker.received).toEqual([]);
    },
  );
});
