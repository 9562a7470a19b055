/**
 * Differential test of positions: the reader (js-yaml frames, src/declaration/source-map.ts) against the `yaml`
 * library's node ranges as an oracle, on every example, every golden case and random declarations written in
 * block, flow and mixed styles, with comments, quoting and anchors. For every value and every key of a file,
 * both must give the same line and column; and both parsers must read the same data.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { isAlias, isMap, isPair, isScalar, isSeq, LineCounter, type Node, parseDocument, stringify } from "yaml";
import { parseDeclarationFile } from "../../src/declaration/read-file.ts";
import { escapePointer } from "../../src/declaration/source-map.ts";
import { runs } from "../property-settings.ts";

const ROOT = join(import.meta.dirname, "..", "..");

/** The oracle: `yaml`'s ranges, with the reader's rules (deepest ancestor, empty value after the colon, alias). */
function oracle(text: string) {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, uniqueKeys: true });
  const pos = (node: Node | null | undefined) => {
    const offset = node?.range?.[0] ?? 0;
    const { line, col } = lines.linePos(offset);
    return line === 0 ? [1, offset + 1] : [line, col];
  };
  const deepest = (path: string): Node | null => {
    let node: unknown = doc.contents;
    if (path === "") return node as Node | null;
    for (const raw of path.slice(1).split("/")) {
      const segment = raw.replaceAll("~1", "/").replaceAll("~0", "~");
      let next: unknown;
      if (isMap(node)) {
        const pair = node.items.find((p) => isScalar(p.key) && String(p.key.value) === segment);
        if (pair && (pair.value === null || pair.value === undefined)) return pair.key as Node;
        next = pair?.value;
      } else if (isSeq(node) && /^\d+$/.test(segment)) {
        next = node.items[Number(segment)];
      }
      if (next === undefined || next === null || isAlias(next)) return (next as Node | undefined) ?? (node as Node);
      node = next;
    }
    return node as Node;
  };
  const keyAt = (path: string, key: string) => {
    const parent = deepest(path);
    const pair = isMap(parent) ? parent.items.find((p) => isScalar(p.key) && String(p.key.value) === key) : undefined;
    return pair && isPair(pair) ? pos(pair.key as Node) : pos(deepest(`${path}/${escapePointer(key)}`));
  };
  let data: unknown;
  let errors = doc.errors.length;
  try {
    data = doc.toJS({ maxAliasCount: -1 });
  } catch {
    errors++; // an alias before its anchor
  }
  return { errors, data, at: (p: string) => pos(deepest(p)), keyAt };
}

/** Every JSON pointer of `data` with, for mappings, their keys. */
function pointers(data: unknown, path = "", out: Array<{ path: string; key?: string; parent: string }> = []) {
  out.push({ path, parent: path });
  if (Array.isArray(data)) {
    for (const [i, item] of data.entries()) pointers(item, `${path}/${i}`, out);
  } else if (data !== null && typeof data === "object") {
    for (const [key, value] of Object.entries(data)) {
      out.push({ path: `${path}/${escapePointer(key)}`, key, parent: path });
      pointers(value, `${path}/${escapePointer(key)}`, out);
    }
  }
  return out;
}

function compare(name: string, text: string) {
  const reference = oracle(text);
  const parsed = parseDeclarationFile(name, new TextEncoder().encode(text));
  if (reference.errors > 0) {
    expect(parsed.violations.length, `${name}: both parsers refuse it`).toBeGreaterThan(0);
    return;
  }
  expect(parsed.violations, name).toEqual([]);
  expect(parsed.data, name).toEqual(reference.data);
  for (const p of pointers(reference.data)) {
    const mine = parsed.positions.at(p.path);
    expect([mine.line, mine.column], `${name} at ${p.path}`).toEqual(reference.at(p.path));
    if (p.key !== undefined) {
      const key = parsed.positions.keyAt(p.parent, p.key);
      expect([key.line, key.column], `${name} key ${p.path}`).toEqual(reference.keyAt(p.parent, p.key));
    }
  }
  // Paths that are not there: the deepest ancestor.
  for (const missing of ["/nowhere", "/users/99/role", "/users/0/workspaces/42"]) {
    const mine = parsed.positions.at(missing);
    expect([mine.line, mine.column], `${name} at ${missing}`).toEqual(reference.at(missing));
  }
}

function yamlFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return yamlFiles(path);
    return /\.ya?ml$/.test(name) ? [path] : [];
  });
}

describe("positions agree with the yaml library", () => {
  it("on every example and every golden case", () => {
    const files = [...yamlFiles(join(ROOT, "examples")), ...yamlFiles(join(ROOT, "test/validate/cases"))];
    expect(files.length).toBeGreaterThan(40);
    for (const file of files) {
      const bytes = readFileSync(file);
      let text: string;
      try {
        text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
      } catch {
        continue; // the non-UTF-8 case
      }
      if (file.includes("yaml-alias-bomb")) continue; // expanding it is what the reader refuses
      compare(file, text);
    }
  });

  const scalar = fc.oneof(
    fc.stringMatching(/^[a-z][a-z0-9 .@-]{0,12}$/),
    fc.constantFrom("a: b", "#not a comment", "yes", "", " padded ", "1.5", "null", "quote'd", 'say "hi"'),
    // Scalars whose type differs between parsers' ideas of the core schema: both must read them as `yaml` does.
    fc.constantFrom(
      "0b101",
      "+0x1F",
      "-0x1F",
      "0x1F",
      "0o17",
      "1_000",
      "-.5e-2",
      "1e3",
      "007",
      "+12",
      ".inf",
      "-.Inf",
      ".NaN",
      "1.",
      "TRUE",
      "~",
    ),
    fc.integer(),
    fc.boolean(),
    fc.constant(null),
  );
  const user = fc.record(
    {
      email: scalar,
      role: scalar,
      workspaces: fc.oneof(fc.constant("*"), fc.array(scalar, { maxLength: 3 })),
      hiddenColumns: fc.array(scalar, { maxLength: 3 }),
    },
    { requiredKeys: ["email"] },
  );
  const declaration = fc.record({
    apiVersion: fc.constant("tracker-access/v1"),
    tracker: scalar,
    workspaces: fc.array(fc.record({ name: scalar }), { maxLength: 3 }),
    users: fc.array(user, { maxLength: 4 }),
    elements: fc.array(
      fc.record({
        kind: scalar,
        name: scalar,
        workspace: scalar,
        uses: fc.array(fc.record({ kind: scalar, id: scalar }), { maxLength: 2 }),
      }),
      { maxLength: 3 },
    ),
  });
  const style = fc.record({
    indent: fc.constantFrom(2, 4),
    flowLevel: fc.constantFrom(-1, 1, 2, 3),
    quote: fc.boolean(),
    comments: fc.boolean(),
    indentSeq: fc.boolean(),
    emptyNulls: fc.boolean(),
  });

  it("on random declarations in block, flow and mixed styles, with comments and quoting", () => {
    fc.assert(
      fc.property(declaration, style, (data, s) => {
        let text = stringify(data, {
          indent: s.indent,
          indentSeq: s.indentSeq,
          defaultStringType: s.quote ? "QUOTE_DOUBLE" : "PLAIN",
          flowCollectionPadding: true,
        });
        if (s.flowLevel >= 0) {
          const doc = parseDocument(text);
          let depth = 0;
          const visitFlow = (node: unknown) => {
            if (isMap(node) || isSeq(node)) {
              if (depth >= s.flowLevel) node.flow = true;
              depth++;
              for (const item of node.items) visitFlow(isPair(item) ? item.value : item);
              depth--;
            }
          };
          visitFlow(doc.contents);
          text = doc.toString();
        }
        if (s.emptyNulls) text = text.replaceAll(": null\n", ":\n").replaceAll(": null,", ":,");
        if (s.comments)
          text = text.replaceAll(/\n(?=[ -]*[a-z])/g, "\n# a comment line\n").replace(/$/, " # trailing\n");
        compare("random.yaml", text);
      }),
      { numRuns: runs(300) },
    );
  });

  it.each([
    [
      "an empty sequence item",
      "users:\n  - email: a@x.test\n    role: owner\n  -\n  - email: b@x.test\n    role: wroker\n",
    ],
    ["a sequence item holding only a comment", "users:\n  - email: a@x.test\n  - # todo\n  - email: b@x.test\n"],
    ["an empty nested item", "users:\n  - email: a@x.test\n    workspaces:\n      -\n      - eu\n"],
    [
      "JSON-style brackets closed at the key's indentation",
      "workspaces: [\n  {name: a},\n  {name: b}\n]\nusers: {\n  x: 1\n}\n",
    ],
    [
      "an empty value with spaces after the colon",
      "users:\n  - email: a@x.test\n    role: \n    workspaces:   # none yet\n",
    ],
    ["an explicit key", "? apiVersion\n: tracker-access/v1\nusers:\n  - ? email\n    : a@x.test\n"],
    ["a pair inside a flow sequence", "users: [a: 1, b, {c: 2}]\nworkspaces: [x]\n"],
    ["lone CR line ends", "apiVersion: v1\rusers:\r  - email: a@x.test\r    role: boss\r"],
    ["a comment before the first document marker", "# c\n---\na: 1\n"],
    ["an empty value with only a tag or an anchor", "v: !!str\nw: &x\nu: !!str # c\nz: 1\n"],
  ])("on a hand-picked layout: %s", (_name, text) => {
    compare("layout.yaml", text);
  });

  it("with anchors and aliases: the alias is where the value is written", () => {
    const text = [
      "apiVersion: tracker-access/v1",
      "columns: &money [cost, profit]",
      "users:",
      "  - email: a@x.test",
      "    hiddenColumns: *money",
      "    workspaces: &teams",
      "      - eu",
      "      - us",
      "  - {email: b@x.test, workspaces: *teams, hiddenColumns: *money}",
      "",
    ].join("\n");
    compare("anchors.yaml", text);
  });
});
