/**
 * Queries on the sandbox's elements and their connections. Connections are rows of their own, fetched for a
 * whole page of elements in one query, in both directions where the move rule needs them. An element's id is
 * `el-<row number>` unless the seed gave it one of its own (a tracker's native id, as a declaration may use).
 * Tags are rows of their own too (element_tags), read with the page's connections.
 */

import type { Element } from "../tracker/resources.ts";
import { PUBLIC_WORKSPACE_ID } from "../tracker/resources.ts";
import { ID_PREFIX, jsonList, page, type SandboxStore, type StorePage, seqOf } from "./store.ts";

interface ElementRow {
  seq: number;
  id: string;
  kind: string;
  name: string;
  workspace_seq: number | null;
  version: number;
}

/** One connection: element `from` uses element `to`. */
export interface ConnectionEdge {
  from: string;
  to: string;
}

/** The elements around a set of elements: every connection touching them and where each end sits. */
export interface Neighbourhood {
  edges: ConnectionEdge[];
  /** Element id to workspace id (`public` or a private workspace id), for every end of every edge. */
  workspaceOf: Map<string, string>;
}

const COLUMNS = `seq, COALESCE(id, '${ID_PREFIX.element}' || seq) AS id, kind, name, workspace_seq, version`;

/** A page of elements (optionally of one kind) in creation order, after row `after`. */
export function listElements(store: SandboxStore, after: number, limit: number, kind?: string): StorePage<Element> {
  const rows =
    kind === undefined
      ? store.sql(`SELECT ${COLUMNS} FROM elements WHERE seq > ? ORDER BY seq LIMIT ?`).all(after, limit + 1)
      : store
          .sql(`SELECT ${COLUMNS} FROM elements WHERE kind = ? AND seq > ? ORDER BY seq LIMIT ?`)
          .all(kind, after, limit + 1);
  const rowPage = page(rows as unknown as ElementRow[], limit, (row) => row);
  return { items: toElements(store, rowPage.items), nextAfter: rowPage.nextAfter };
}

/** The elements with the given ids that exist, in the order asked. */
export function findElements(store: SandboxStore, ids: readonly string[]): Element[] {
  const rows = store
    .sql(
      `SELECT ${COLUMNS} FROM elements
       WHERE seq IN (SELECT value FROM json_each(?)) OR id IN (SELECT value FROM json_each(?))`,
    )
    .all(...byKind(ids)) as unknown as ElementRow[];
  const byId = new Map(toElements(store, rows).map((element) => [element.id, element]));
  return ids.flatMap((id) => byId.get(id) ?? []);
}

/** The element `id`. */
export function findElement(store: SandboxStore, id: string): Element | undefined {
  return findElements(store, [id])[0];
}

/** Every connection touching the given elements (what they use and what uses them) with the ends' workspaces. */
export function neighbourhood(store: SandboxStore, ids: readonly string[]): Neighbourhood {
  const rows = store
    .sql(
      `WITH moved(seq) AS (SELECT seq FROM elements
         WHERE seq IN (SELECT value FROM json_each(?)) OR id IN (SELECT value FROM json_each(?)))
       SELECT COALESCE(f.id, '${ID_PREFIX.element}' || f.seq) AS from_id, f.workspace_seq AS from_ws,
              COALESCE(t.id, '${ID_PREFIX.element}' || t.seq) AS to_id, t.workspace_seq AS to_ws
       FROM connections c JOIN elements f ON f.seq = c.from_seq JOIN elements t ON t.seq = c.to_seq
       WHERE c.from_seq IN moved OR c.to_seq IN moved`,
    )
    .all(...byKind(ids)) as Array<{ from_id: string; to_id: string; from_ws: number | null; to_ws: number | null }>;
  const workspaceOf = new Map<string, string>();
  const edges = rows.map((row) => {
    workspaceOf.set(row.from_id, workspaceId(row.from_ws));
    workspaceOf.set(row.to_id, workspaceId(row.to_ws));
    return { from: row.from_id, to: row.to_id };
  });
  return { edges, workspaceOf };
}

/** Assigns element `id` to `workspace` (`public` or a private workspace id), giving it a new etag. */
export function moveElementTo(store: SandboxStore, id: string, workspace: string): void {
  const seq = seqOf(id, "element");
  store
    .sql(`UPDATE elements SET workspace_seq = ?, version = version + 1 WHERE ${seq > 0 ? "seq" : "id"} = ?`)
    .run(workspaceSeq(workspace), seq > 0 ? seq : id);
}

/** Stores a new element (with `id`, or an `el-<n>` one); returns its row number. */
export function insertElement(
  store: SandboxStore,
  element: { id?: string; kind: string; name: string; workspace: string },
): number {
  const { lastInsertRowid } = store
    .sql("INSERT INTO elements (id, kind, name, workspace_seq) VALUES (?, ?, ?, ?)")
    .run(element.id ?? null, element.kind, element.name, workspaceSeq(element.workspace));
  return Number(lastInsertRowid);
}

/** Gives the element in row `seq` the tags `tags` (kept with the ones it has). */
export function insertTags(store: SandboxStore, seq: number, tags: readonly string[]): void {
  for (const tag of tags)
    store.sql("INSERT OR IGNORE INTO element_tags (element_seq, tag) VALUES (?, ?)").run(seq, tag);
}

/** Records that the element in row `from` uses the element in row `to`. */
export function insertConnection(store: SandboxStore, from: number, to: number): void {
  store.sql("INSERT OR IGNORE INTO connections (from_seq, to_seq) VALUES (?, ?)").run(from, to);
}

/** Whether `id` has the form of a generated element id (a seed's own ids may not). */
export function isGeneratedElementId(id: string): boolean {
  return seqOf(id, "element") > 0;
}

/** The `json_each` parameters of a lookup by id: generated ids by row number, the others by `id` column. */
function byKind(ids: readonly string[]): [string, string] {
  const seqs = ids.map((id) => seqOf(id, "element")).filter((seq) => seq > 0);
  return [jsonList(seqs), jsonList(ids.filter((id) => seqOf(id, "element") <= 0))];
}

function workspaceSeq(workspace: string): number | null {
  return workspace === PUBLIC_WORKSPACE_ID ? null : seqOf(workspace, "workspace");
}

function workspaceId(seq: number | null): string {
  return seq === null ? PUBLIC_WORKSPACE_ID : ID_PREFIX.workspace + seq;
}

/** API elements from rows, with every row's connections fetched in one query. */
function toElements(store: SandboxStore, rows: ElementRow[]): Element[] {
  const connections = new Map<number, Element["connections"]>();
  const found = store
    .sql(
      `SELECT c.from_seq, COALESCE(t.id, '${ID_PREFIX.element}' || t.seq) AS to_id, t.kind
       FROM connections c JOIN elements t ON t.seq = c.to_seq
       WHERE c.from_seq IN (SELECT value FROM json_each(?)) ORDER BY c.from_seq, c.to_seq`,
    )
    .all(jsonList(rows.map((row) => row.seq))) as Array<{ from_seq: number; to_id: string; kind: string }>;
  for (const { from_seq, to_id, kind } of found) {
    const list = connections.get(from_seq);
    if (list === undefined) connections.set(from_seq, [{ kind, id: to_id }]);
    else list.push({ kind, id: to_id });
  }
  const tags = tagsOf(store, rows);
  return rows.map((row) => {
    const id = row.id;
    return {
      id,
      kind: row.kind,
      name: row.name,
      workspace: workspaceId(row.workspace_seq),
      connections: connections.get(row.seq) ?? [],
      tags: tags.get(row.seq) ?? [],
      etag: store.etag(id, row.version),
    };
  });
}

/** The tags of the rows' elements, sorted, in one query. */
function tagsOf(store: SandboxStore, rows: ElementRow[]): Map<number, string[]> {
  const tags = new Map<number, string[]>();
  const found = store
    .sql(
      `SELECT element_seq, tag FROM element_tags
       WHERE element_seq IN (SELECT value FROM json_each(?)) ORDER BY element_seq, tag`,
    )
    .all(jsonList(rows.map((row) => row.seq))) as Array<{ element_seq: number; tag: string }>;
  for (const { element_seq, tag } of found) {
    const list = tags.get(element_seq);
    if (list === undefined) tags.set(element_seq, [tag]);
    else list.push(tag);
  }
  return tags;
}
