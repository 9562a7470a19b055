/**
 * The baseline process of bench/validate.ts: js-yaml's bare `load` of one file (core schema), nothing else.
 *
 *   node bench/js-yaml-load.ts <file>
 */
import { readFileSync } from "node:fs";
import { CORE_SCHEMA, load } from "js-yaml";

load(readFileSync(process.argv[2], "utf8"), { schema: CORE_SCHEMA });
