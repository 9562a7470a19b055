/**
 * The one order of names tracker-access compares and shows: code points, independent of the machine's locale,
 * with repeats dropped. Workspaces, hidden columns, e-mail keys and element names all sort this way.
 */

/** Code-point order, independent of the machine's locale. */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Names sorted by code point and de-duplicated: the canonical form compared and shown. */
export function sortedNames(names: Iterable<string>): string[] {
  return [...new Set(names)].sort(compareText);
}
