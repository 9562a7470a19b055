/**
 * YAML 1.2's core schema exactly as the `yaml` library reads it, for js-yaml. js-yaml's own core schema also reads
 * `0b101`, `+0x1F` and `1_000` as numbers and `-.5e-2` as text, so a value (an element id, a name) would mean
 * something else depending on which of the reader's two parsers read the file.
 */
import { FAILSAFE_SCHEMA, type Schema, Type } from "js-yaml";

const NULL = /^(?:~|null|Null|NULL|)$/;
const BOOL = /^(?:true|True|TRUE|false|False|FALSE)$/;
const INT = /^[-+]?[0-9]+$/;
const OCT = /^0o[0-7]+$/;
const HEX = /^0x[0-9a-fA-F]+$/;
const FLOAT = /^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?$/;
const INFINITE = /^[-+]?\.(?:inf|Inf|INF)$/;
const NAN = /^\.(?:nan|NaN|NAN)$/;

/**
 * Whether a scalar can be a number at all (a digit, sign or dot first): most scalars of a declaration are names
 * and e-mails, and js-yaml tries every implicit type on each, so the regular expressions run only when they can match.
 */
function numeric(data: string): boolean {
  const c = data.charCodeAt(0);
  return (c >= 48 && c <= 57) || c === 43 || c === 45 || c === 46;
}

const nullType = new Type("tag:yaml.org,2002:null", {
  kind: "scalar",
  resolve: (data: string) => data.length <= 4 && NULL.test(data),
  construct: () => null,
});

const bool = new Type("tag:yaml.org,2002:bool", {
  kind: "scalar",
  resolve: (data: string) => (data.length === 4 || data.length === 5) && BOOL.test(data),
  construct: (data: string) => data[0] === "t" || data[0] === "T",
});

const int = new Type("tag:yaml.org,2002:int", {
  kind: "scalar",
  resolve: (data: string) => numeric(data) && (INT.test(data) || OCT.test(data) || HEX.test(data)),
  construct: (data: string) => {
    if (OCT.test(data)) return Number.parseInt(data.slice(2), 8);
    if (HEX.test(data)) return Number.parseInt(data.slice(2), 16);
    return Number(data);
  },
});

const float = new Type("tag:yaml.org,2002:float", {
  kind: "scalar",
  resolve: (data: string) => numeric(data) && (FLOAT.test(data) || INFINITE.test(data) || NAN.test(data)),
  construct: (data: string) => {
    if (NAN.test(data)) return Number.NaN;
    if (INFINITE.test(data)) return data.startsWith("-") ? -Infinity : Infinity;
    return Number(data);
  },
});

/** null, bool, int and float as YAML 1.2's core schema (and `yaml`) resolve them; everything else is text. */
export const YAML_CORE_SCHEMA: Schema = FAILSAFE_SCHEMA.extend({ implicit: [nullType, bool, int, float] });
