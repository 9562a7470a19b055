/** The preserve-visibility move rule as a pure function: the published cases, and properties of group moves. */
import fc from "fast-check";
import "../property-settings.ts";
import { describe, expect, it } from "vitest";
import { type PlannedMove, visibilityBlockers } from "../../src/sandbox/move-rule.ts";
import type { Neighbourhood } from "../../src/sandbox/store-elements.ts";

function around(placement: Record<string, string>, edges: Array<[string, string]>): Neighbourhood {
  return { edges: edges.map(([from, to]) => ({ from, to })), workspaceOf: new Map(Object.entries(placement)) };
}

describe("the published cases", () => {
  it("an element without connections moves anywhere", () => {
    expect(visibilityBlockers([{ id: "a", from: "w1", to: "public" }], around({}, []))).toEqual([]);
  });

  it("public → private only when every connected element (both ways) is already in that workspace", () => {
    const hood = around({ a: "public", b: "w1", c: "w1", d: "public" }, [
      ["a", "b"],
      ["c", "a"],
    ]);
    expect(visibilityBlockers([{ id: "a", from: "public", to: "w1" }], hood)).toEqual([]);
    expect(visibilityBlockers([{ id: "a", from: "public", to: "w2" }], hood)).toEqual(["b", "c"]);
    const usedByPublic = around({ a: "public", d: "public" }, [["d", "a"]]);
    expect(visibilityBlockers([{ id: "a", from: "public", to: "w1" }], usedByPublic)).toEqual(["d"]);
  });

  it("private → public only when every connected element is already public", () => {
    const hood = around({ a: "w1", b: "public", c: "w1" }, [
      ["a", "b"],
      ["c", "a"],
    ]);
    expect(visibilityBlockers([{ id: "a", from: "w1", to: "public" }], hood)).toEqual(["c"]);
  });

  it("a move to where the element already is blocks nothing", () => {
    const hood = around({ a: "w1", b: "w2" }, [["a", "b"]]);
    expect(visibilityBlockers([{ id: "a", from: "w1", to: "w1" }], hood)).toEqual([]);
  });

  it("blockers are listed once, in id order with numbers compared as numbers", () => {
    const hood = around({ "el-1": "w1", "el-10": "w1", "el-9": "w1" }, [
      ["el-1", "el-10"],
      ["el-9", "el-1"],
      ["el-10", "el-1"],
    ]);
    expect(visibilityBlockers([{ id: "el-1", from: "w1", to: "w2" }], hood)).toEqual(["el-9", "el-10"]);
  });
});

const WORKSPACES = ["public", "w1", "w2", "w3"];
const graph = fc
  .record({
    placement: fc.array(fc.constantFrom(...WORKSPACES), { minLength: 2, maxLength: 8 }),
    edges: fc.array(fc.tuple(fc.nat(7), fc.nat(7)), { maxLength: 12 }),
    targets: fc.array(fc.option(fc.constantFrom(...WORKSPACES)), { minLength: 8, maxLength: 8 }),
  })
  .map(({ placement, edges, targets }) => {
    const ids = placement.map((_, i) => `e${i}`);
    const valid = edges.filter(([a, b]) => a < ids.length && b < ids.length && a !== b);
    const hood = around(
      Object.fromEntries(ids.map((id, i) => [id, placement[i]])),
      valid.map(([a, b]) => [ids[a], ids[b]]),
    );
    const moves: PlannedMove[] = ids.flatMap((id, i) =>
      targets[i] === null ? [] : [{ id, from: placement[i], to: targets[i] as string }],
    );
    return { hood, moves, ids };
  });

describe("group moves", () => {
  it("allowed groups leave every connection of a moved element inside one workspace", () => {
    fc.assert(
      fc.property(graph, ({ hood, moves }) => {
        if (visibilityBlockers(moves, hood).length > 0) return;
        const after = new Map(hood.workspaceOf);
        for (const move of moves) after.set(move.id, move.to);
        const changed = new Set(moves.filter((m) => m.from !== m.to).map((m) => m.id));
        for (const { from, to } of hood.edges) {
          if (changed.has(from) || changed.has(to)) expect(after.get(from)).toBe(after.get(to));
        }
      }),
    );
  });

  it("the order of a group's moves does not matter", () => {
    fc.assert(
      fc.property(graph, ({ hood, moves }) => {
        expect(visibilityBlockers([...moves].reverse(), hood)).toEqual(visibilityBlockers(moves, hood));
      }),
    );
  });

  it("a whole connected group moving into one workspace is always allowed", () => {
    fc.assert(
      fc.property(graph, fc.constantFrom(...WORKSPACES), ({ hood, ids }, to) => {
        const moves = ids.map((id) => ({ id, from: hood.workspaceOf.get(id) ?? "w1", to }));
        expect(visibilityBlockers(moves, hood)).toEqual([]);
      }),
    );
  });
});
