/**
 * YAML aliases after the parse: js-yaml hands an aliased mapping or sequence back as the same object wherever
 * it is used. The rest of tracker-access reads each value as its own (a user's `workspaces: *clients` is that
 * user's list), so shared values are copied out, within a budget: an alias bomb ("billion laughs") that would
 * expand to millions of values is refused, and so is an alias inside its own anchor (a cycle).
 */

/** Most values aliases may add to a document when expanded (1,000,000): far beyond any reuse in a real file. */
export const MAX_ALIAS_EXPANSION = 1_000_000;

/** The document with every shared value copied, or why it cannot be expanded. */
export type Expansion = { data: unknown } | { refused: "too-large" | "too-deep" | "cycle" };

/**
 * Expands the shared values of `data` (the result of one parse). Linear in the distinct values when nothing is
 * shared; otherwise also in the expanded size, which is at most the distinct values plus MAX_ALIAS_EXPANSION.
 */
export function expandAliases(data: unknown): Expansion {
  // Sizes with multiplicity, memoized per object: O(distinct values) even for a bomb.
  const sizes = new Map<object, number>();
  const open = new Set<object>();
  let distinct = 0;
  let shared = false;
  const sizeOf = (value: unknown): number => {
    if (value === null || typeof value !== "object") {
      distinct++;
      return 1;
    }
    const known = sizes.get(value);
    if (known !== undefined) {
      shared = true;
      return known;
    }
    if (open.has(value)) throw CYCLE;
    open.add(value);
    distinct++;
    let size = 1;
    for (const child of Object.values(value)) size += sizeOf(child);
    open.delete(value);
    sizes.set(value, size);
    return size;
  };
  let expanded: number;
  try {
    expanded = sizeOf(data);
  } catch (error) {
    if (error === CYCLE) return { refused: "cycle" };
    // A chain of thousands of anchors, each used inside the next, outruns the stack.
    if (error instanceof RangeError) return { refused: "too-deep" };
    throw error;
  }
  if (!shared) return { data };
  if (expanded - distinct > MAX_ALIAS_EXPANSION) return { refused: "too-large" };
  return { data: deepCopy(data) };
}

const CYCLE = new Error("alias cycle");

/** A copy in which no object appears twice (structuredClone would keep the sharing). */
function deepCopy(value: unknown): unknown {
  if (value === null || typeof value !== "object") return value;
  if (Array.isArray(value)) return value.map(deepCopy);
  const copy: Record<string, unknown> = {};
  // defineProperty: a YAML key `__proto__` is data, never the copy's prototype.
  for (const [key, child] of Object.entries(value)) {
    Object.defineProperty(copy, key, { value: deepCopy(child), enumerable: true, writable: true, configurable: true });
  }
  return copy;
}
