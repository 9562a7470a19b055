/**
 * Cursor pagination: fetch pages of `limit` items, passing each page's `nextCursor` back as `cursor`, until
 * the tracker answers `nextCursor: null`. A collection of n items takes ceil(n / pageSize) requests (one for
 * an empty collection).
 */

/** One page of a collection as the API returns it. */
export interface Page<T> {
  items: T[];
  nextCursor?: string | null;
}

/** Largest page size the API accepts. */
export const MAX_PAGE_SIZE = 1000;

/** Thrown when the tracker hands back a cursor it already gave, which would loop forever. */
export class PaginationLoopError extends Error {
  constructor(what: string, cursor: string) {
    super(`${what}: the tracker returned cursor ${JSON.stringify(cursor.slice(0, 64))} twice`);
    this.name = "PaginationLoopError";
  }
}

/**
 * Reads every page of a collection. `fetchPage(cursor, limit)` requests one page (`cursor` undefined for the
 * first); `what` names the collection in errors.
 */
export async function collectPages<T>(
  what: string,
  pageSize: number,
  fetchPage: (cursor: string | undefined, limit: number) => Promise<Page<T>>,
): Promise<T[]> {
  const limit = Math.min(Math.max(1, Math.floor(pageSize)), MAX_PAGE_SIZE);
  const items: T[] = [];
  const seen = new Set<string>();
  let cursor: string | undefined;
  do {
    const page = await fetchPage(cursor, limit);
    for (const item of page.items) items.push(item);
    cursor = page.nextCursor || undefined;
    if (cursor !== undefined) {
      if (seen.has(cursor)) throw new PaginationLoopError(what, cursor);
      seen.add(cursor);
    }
  } while (cursor !== undefined);
  return items;
}
