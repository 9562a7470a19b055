/** Types of schema-validators.generated.js (src/declaration/schema-codegen.ts writes it). */
import type { ValidateFunction } from "ajv";

/** Validates one declaration file's data against schemas/access.schema.json. */
export const validateAccess: ValidateFunction;
/** Validates a profile's data against schemas/policy.schema.json. */
export const validatePolicy: ValidateFunction;
