/**
 * The API contract's tooling: the generated types are fresh, the spec lints clean with Redocly's recommended
 * rules, and every operation has an operationId and answers errors as problem+json.
 */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { createConfig, lint } from "@redocly/openapi-core";
import openapiTS, { astToString, COMMENT_HEADER } from "openapi-typescript";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";

const SPEC = new URL("../../schemas/tracker-api.yaml", import.meta.url);
const GENERATED = new URL("../../src/tracker/api-types.ts", import.meta.url);
const METHODS = ["get", "put", "post", "delete", "patch", "head", "options", "trace"] as const;

type Json = Record<string, unknown>;

describe("schemas/tracker-api.yaml", () => {
  it("matches src/tracker/api-types.ts (run `npm run gen:api` after changing the spec)", async () => {
    // the same call as the openapi-typescript CLI behind `npm run gen:api`, without a redocly.yaml
    const redocly = await createConfig({}, { extends: ["minimal"] });
    const generated = COMMENT_HEADER + astToString(await openapiTS(SPEC, { redocly, silent: true }));
    expect(readFileSync(GENERATED, "utf8")).toBe(generated);
  });

  it("has no errors under Redocly's recommended ruleset", async () => {
    const config = await createConfig({ extends: ["recommended"] });
    const problems = await lint({ ref: fileURLToPath(SPEC), config });
    const errors = problems
      .filter((p) => p.severity === "error")
      .map((p) => `${p.ruleId} at ${p.location[0]?.pointer}: ${p.message}`);
    expect(errors).toEqual([]);
  });

  it("gives every operation an operationId and every 4xx/5xx answer a problem+json body", () => {
    const spec = parse(readFileSync(SPEC, "utf8")) as Json;
    const resolve = (node: Json): Json => {
      const ref = node.$ref;
      if (typeof ref !== "string") return node;
      const target = ref
        .replace(/^#\//, "")
        .split("/")
        .reduce<unknown>((at, key) => (at as Json)[key], spec);
      return resolve(target as Json);
    };

    const missingIds: string[] = [];
    const notProblem: string[] = [];
    let errorAnswers = 0;
    for (const [path, item] of Object.entries(spec.paths as Record<string, Json>)) {
      for (const method of METHODS) {
        const operation = item[method] as Json | undefined;
        if (!operation) continue;
        const where = `${method.toUpperCase()} ${path}`;
        if (typeof operation.operationId !== "string" || operation.operationId === "") missingIds.push(where);
        for (const [status, answer] of Object.entries(operation.responses as Record<string, Json>)) {
          if (!/^[45]/.test(status) && status !== "default") continue;
          errorAnswers += 1;
          const content = (resolve(answer).content ?? {}) as Json;
          const types = Object.keys(content);
          if (types.length !== 1 || types[0] !== "application/problem+json") notProblem.push(`${where} ${status}`);
          const schema = (content["application/problem+json"] as Json | undefined)?.schema as Json | undefined;
          if (schema?.$ref !== "#/components/schemas/Problem") notProblem.push(`${where} ${status} schema`);
        }
      }
    }
    expect(missingIds).toEqual([]);
    expect(notProblem).toEqual([]);
    expect(errorAnswers).toBeGreaterThan(50);
  });
});
