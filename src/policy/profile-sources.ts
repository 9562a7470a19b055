/**
 * Where a profile rule is written and what it cites: the line of a key in `policies/<tracker>.yaml` and the
 * source documents its comments name ("seed 001" → `seeds/001_….txt`, TRACKERS.md). Profiles cite a source on
 * every rule as YAML comments (see the policies' headers); this reads those comments back, so `explain` can say
 * which seed a rule rests on. Reads the policy file once per tracker; the lookups are pure.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { isMap, isPair, isScalar, isSeq, LineCounter, type Node, parseDocument } from "yaml";

const root = join(import.meta.dirname, "..", "..");
const policiesDir = join(root, "policies");

/** A source document a profile rule cites. */
export interface Citation {
  /** The document: `seeds/001_e6c91eb720687e7c.txt` or `TRACKERS.md`. */
  document: string;
  /** How the comment names it: `seed 001`, `TRACKERS.md`. */
  name: string;
}

/** One rule of a profile: where it is written and the comment that says why, with the documents it cites. */
export interface ProfileRule {
  /** `policies/voluum.yaml`. */
  file: string;
  /** 1-based line and column of the rule's key (or list item). */
  line: number;
  column: number;
  /** JSON pointer of the rule in the policy document: `/roles/2/privateAccess/campaign`. */
  path: string;
  /** The nearest comment that explains the rule (its own line's, else the block above it or above a parent), one line. */
  comment: string;
  /** The documents that comment cites, in the order it names them (empty when it cites none). */
  citations: Citation[];
}

/** Looks up profile rules by their path in the policy document. */
export interface ProfileSources {
  /** The rule at `path` (`["roles", 2, "privateAccess", "campaign"]`), or its deepest ancestor present. */
  rule(path: Array<string | number>): ProfileRule;
}

const cache = new Map<string, ProfileSources>();

/** The rule sources of `policies/<tracker>.yaml` (the tracker has a profile: loadProfile found it). Cached. */
export function profileSources(tracker: string): ProfileSources {
  const cached = cache.get(tracker);
  if (cached !== undefined) return cached;
  const file = `policies/${tracker}.yaml`;
  const sources = sourcesOf(file, readFileSync(join(root, file), "utf8"), seedDocuments());
  cache.set(tracker, sources);
  return sources;
}

/**
 * The rule sources of one policy text, for tests and for profileSources. `seeds` maps a seed number ("001")
 * to its document's path; a number not in it is cited as `seeds/<number>`.
 */
export function sourcesOf(file: string, text: string, seeds: ReadonlyMap<string, string>): ProfileSources {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, keepSourceTokens: false });
  const lines = text.split(/\r?\n/);
  return {
    rule(path) {
      // The node of every prefix of the path: the deepest one present is the rule, its ancestors hold comments.
      const chain: Array<{ offset: number; pointer: string }> = [];
      let node: unknown = doc.contents;
      let pointer = "";
      for (const segment of path) {
        const found = child(node, segment);
        if (found === undefined) break;
        pointer += `/${String(segment)}`;
        chain.push({ offset: found.offset, pointer });
        node = found.node;
      }
      const deepest = chain.at(-1) ?? { offset: 0, pointer: "" };
      const { line, col } = lineCounter.linePos(deepest.offset);
      const comment = explainingComment(
        lines,
        chain.map((c) => lineCounter.linePos(c.offset).line),
      );
      return { file, line, column: col, path: deepest.pointer, comment, citations: citationsIn(comment, seeds) };
    },
  };
}

/** The child of a map (by key) or a sequence (by index), with the offset of its key or item. */
function child(node: unknown, segment: string | number): { node: unknown; offset: number } | undefined {
  if (isMap(node)) {
    for (const pair of node.items) {
      if (isPair(pair) && isScalar(pair.key) && String(pair.key.value) === String(segment)) {
        return { node: pair.value, offset: (pair.key as Node).range?.[0] ?? 0 };
      }
    }
    return undefined;
  }
  if (isSeq(node) && typeof segment === "number") {
    const item = node.items[segment];
    return item === undefined ? undefined : { node: item, offset: (item as Node).range?.[0] ?? 0 };
  }
  return undefined;
}

/**
 * The comment that explains a rule at the last of `lines` (1-based, outermost first): the comment on the rule's
 * own line, else the comment block right above it, else those above each parent in turn; the nearest one that
 * cites a source wins, else the nearest comment at all.
 */
function explainingComment(lines: string[], chainLines: number[]): string {
  const candidates: string[] = [];
  for (let i = chainLines.length - 1; i >= 0; i--) {
    const line = chainLines[i];
    if (i === chainLines.length - 1) candidates.push(trailingComment(lines[line - 1] ?? ""));
    candidates.push(commentAbove(lines, line));
  }
  const present = candidates.filter((c) => c !== "");
  return present.find((c) => /\bseeds? \d{3}|TRACKERS\.md/i.test(c)) ?? present[0] ?? "";
}

/** The `# …` at the end of a line of YAML, outside quotes (a rough but sufficient reading for policy files). */
function trailingComment(line: string): string {
  let quote: string | undefined;
  for (let i = 0; i < line.length; i++) {
    const char = line[i];
    if (quote !== undefined) {
      if (char === quote) quote = undefined;
    } else if (char === '"' || char === "'") quote = char;
    else if (char === "#" && (i === 0 || /\s/.test(line[i - 1]))) {
      return line.slice(0, i).trim() === "" ? "" : line.slice(i + 1).trim();
    }
  }
  return "";
}

/**
 * The comment block that covers the key at `line`: the block right above it, or the one above an earlier sibling
 * key of the same indentation when nothing separates them (no blank line, no comment of the sibling's own), as a
 * reader takes `# seed 000 table …` above `publicAccess:` to cover the `privateAccess:` right after it too.
 */
function commentAbove(lines: string[], line: number): string {
  const indent = indentation(lines[line - 1] ?? "");
  for (let i = line - 2; i >= 0; i--) {
    const text = lines[i];
    if (text.trim() === "" || indentation(text) < indent) return "";
    if (text.trim().startsWith("#")) return indentation(text) === indent ? commentBlockEndingAt(lines, i) : "";
    if (indentation(text) === indent && trailingComment(text) !== "") return "";
  }
  return "";
}

/** The contiguous comment lines ending at index `last`, joined into one line. */
function commentBlockEndingAt(lines: string[], last: number): string {
  const block: string[] = [];
  for (let i = last; i >= 0; i--) {
    const text = lines[i].trim();
    if (!text.startsWith("#")) break;
    block.unshift(text.replace(/^#+\s?/, ""));
  }
  return block.join(" ").replace(/\s+/g, " ").trim();
}

/** The leading whitespace of a line (a list item's dash is not counted: `  - name:` is 2, as its comment above). */
function indentation(line: string): number {
  return /^\s*/.exec(line)?.[0].length ?? 0;
}

/** The documents a comment cites: every `seed NNN` (or `seeds NNN and MMM`) and TRACKERS.md, in order. */
export function citationsIn(comment: string, seeds: ReadonlyMap<string, string>): Citation[] {
  const found: Array<{ index: number; citation: Citation }> = [];
  for (const match of comment.matchAll(/\bseeds? ((?:\d{3})(?:(?:,| and| or) \d{3})*)/gi)) {
    for (const number of match[1].match(/\d{3}/g) ?? []) {
      found.push({
        index: match.index,
        citation: { document: seeds.get(number) ?? `seeds/${number}`, name: `seed ${number}` },
      });
    }
  }
  for (const match of comment.matchAll(/TRACKERS\.md/g)) {
    found.push({ index: match.index, citation: { document: "TRACKERS.md", name: "TRACKERS.md" } });
  }
  const seen = new Set<string>();
  return found
    .sort((a, b) => a.index - b.index)
    .map((f) => f.citation)
    .filter((c) => !seen.has(c.document) && seen.add(c.document) !== undefined);
}

/** Seed number → document path, from every policy file's header (`Source: seeds/001_e6c9….txt`). */
function seedDocuments(): Map<string, string> {
  const seeds = new Map<string, string>();
  for (const name of readdirSync(policiesDir).filter((n) => n.endsWith(".yaml"))) {
    const text = readFileSync(join(policiesDir, name), "utf8");
    for (const match of text.matchAll(/seeds\/(\d{3})_[0-9a-f]+\.txt/g)) seeds.set(match[1], match[0]);
  }
  return seeds;
}
