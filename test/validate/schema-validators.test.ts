/**
 * The validators `validate` runs are compiled ahead of time (src/declaration/schema-codegen.ts): the generated
 * module must be what the schemas compile to now, and must judge data as Ajv compiling the schema at run time does.
 */
import { readFileSync } from "node:fs";
import { Ajv2020 } from "ajv/dist/2020.js";
import { describe, expect, it } from "vitest";
import { ACCESS_SCHEMA_FILE } from "../../src/declaration/schema-check.ts";
import { GENERATED_VALIDATORS_FILE, generatedValidators } from "../../src/declaration/schema-codegen.ts";
import { validateAccess } from "../../src/declaration/schema-validators.generated.js";

describe("the generated schema validators", () => {
  it("are up to date with schemas/ (regenerate: npm run gen:validators)", () => {
    // Compiling also checks both schemas against JSON Schema 2020-12 (Ajv's validateSchema).
    expect(readFileSync(GENERATED_VALIDATORS_FILE, "utf8")).toBe(generatedValidators());
  });

  it("report what a run-time compile of the declaration schema reports", () => {
    const ajv = new Ajv2020({ allErrors: true, strict: true, strictRequired: false, verbose: true });
    ajv.addKeyword("x-message");
    ajv.addKeyword("x-api");
    const compiled = ajv.compile(JSON.parse(readFileSync(ACCESS_SCHEMA_FILE, "utf8")));
    const data = {
      apiVersion: "tracker-access/v1",
      tracker: "clickflare",
      users: [{ email: "not an address", role: 3, extra: true }, { role: "admin" }],
      elements: [{ kind: "offer" }, { match: {}, workspace: "" }],
    };
    const shape = (errors: typeof compiled.errors) =>
      (errors ?? []).map((e) => [e.instancePath, e.keyword, e.params, e.parentSchema?.["x-message"]]);
    expect(validateAccess(data)).toBe(false);
    expect(compiled(data)).toBe(false);
    expect(shape(validateAccess.errors)).toEqual(shape(compiled.errors));
    expect(validateAccess.errors?.length).toBeGreaterThan(3);
  });
});
