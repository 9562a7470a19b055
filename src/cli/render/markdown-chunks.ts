/**
 * Splits a markdown report into pull-request comments below GitHub's comment limit (65,536 characters; we stay
 * below 65,000). The report is given as blocks; a chunk never ends inside a line, a table that does not fit is
 * continued in the next chunk under its caption and header again, and every chunk of a split report opens with
 * a "part i/n" header, so each one is a valid markdown comment on its own.
 */

/** The default upper bound on a chunk's length, exclusive. */
export const COMMENT_LIMIT = 65_000;

/** A part of a markdown report. Lines never contain a newline. */
export type MarkdownBlock =
  /** Paragraphs, headings or list items: kept together when they fit, otherwise split between lines. */
  | { kind: "lines"; lines: string[] }
  /** A table: caption lines (a heading), the two header lines, then rows. */
  | { kind: "table"; caption: string[]; header: [string, string]; rows: string[] };

/** How to split. */
export interface SplitOptions {
  /** Every chunk is shorter than this many characters. */
  limit?: number;
  /** Names the report in the part header: "tracker-access plan". */
  label: string;
}

/** Room kept for a chunk's part header ("part 99999/99999" and the marker comment). */
const HEADER_RESERVE = 200;
/** Lines longer than this are cut (a single reason string is never that long in practice). */
const LONGEST_LINE = 8_000;

/** Joins blocks into one markdown document (no splitting). */
export function joinMarkdown(blocks: MarkdownBlock[]): string {
  return `${blocks.map((b) => blockLines(b).join("\n")).join("\n\n")}\n`;
}

/** Splits blocks into chunks each shorter than `limit`; a report that fits gives one chunk. */
export function splitMarkdown(blocks: MarkdownBlock[], options: SplitOptions): string[] {
  const limit = options.limit ?? COMMENT_LIMIT;
  const budget = limit - HEADER_RESERVE - 1;
  if (budget < 2 * LONGEST_LINE) throw new Error(`splitMarkdown: limit ${limit} is too small`);
  const bodies = packBlocks(blocks, budget);
  const n = bodies.length;
  return bodies.map((body, i) => {
    const marker = `<!-- ${options.label} part ${i + 1}/${n} -->`;
    const header = n > 1 ? `${marker}\n**${options.label}, part ${i + 1}/${n}**\n\n` : `${marker}\n`;
    return `${header}${body.join("\n")}\n`;
  });
}

/** Packs blocks into chunk bodies (arrays of lines) of at most `budget` characters each. */
function packBlocks(blocks: MarkdownBlock[], budget: number): string[][] {
  const chunks: string[][] = [];
  let lines: string[] = [];
  let size = 0;
  const fits = (extra: number) => size + extra <= budget;
  const push = (line: string) => {
    size += line.length + 1;
    lines.push(line);
  };
  const newChunk = () => {
    if (lines.length > 0) chunks.push(lines);
    lines = [];
    size = 0;
  };
  const separate = () => {
    if (lines.length > 0) push("");
  };

  for (const block of blocks) {
    // Phase 1: the whole block, when it fits where we are.
    const all = blockLines(block).map(cut);
    const total = all.reduce((sum, line) => sum + line.length + 1, 0) + 1;
    // A block that would fit a fresh chunk starts one; a larger block fills the current chunk first.
    if (!fits(total) && total <= budget) newChunk();
    if (fits(total)) {
      separate();
      for (const line of all) push(line);
      continue;
    }
    // Phase 2: a block larger than a chunk, line by line (tables repeat caption and header when continued).
    separate();
    if (block.kind === "lines") {
      for (const line of all) {
        if (!fits(line.length + 1)) newChunk();
        push(line);
      }
      continue;
    }
    const caption = block.caption.map(cut);
    const head = [...caption, ...block.header];
    const headSize = (head: string[]) => head.reduce((sum, line) => sum + line.length + 1, 0);
    for (const line of head) push(line);
    // "(continued)" goes on the caption's heading line (its last non-blank line), not on a blank separator.
    const headingAt = caption.findLastIndex((line) => line.trim() !== "");
    const continued = [...caption.map((c, i) => (i === headingAt ? `${c} (continued)` : c)), ...block.header];
    for (const row of block.rows.map(cut)) {
      if (!fits(row.length + 1)) {
        newChunk();
        if (headSize(continued) + row.length + 1 > budget) throw new Error("splitMarkdown: table header too long");
        for (const line of continued) push(line);
      }
      push(row);
    }
  }
  newChunk();
  return chunks.length > 0 ? chunks : [[]];
}

/** The lines of a block, in order. */
function blockLines(block: MarkdownBlock): string[] {
  return block.kind === "lines" ? block.lines : [...block.caption, ...block.header, ...block.rows];
}

/** Cuts a line that alone would not leave room for anything else (never inside a surrogate pair). */
function cut(line: string): string {
  if (line.length <= LONGEST_LINE) return line;
  const end = /[\ud800-\udbff]/.test(line[LONGEST_LINE - 2]) ? LONGEST_LINE - 2 : LONGEST_LINE - 1;
  return `${line.slice(0, end)}…`;
}
