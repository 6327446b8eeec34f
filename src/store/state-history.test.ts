import { describe, expect, it } from "vitest";
import { bytesKey, compareBytes, utf8 } from "../lib/index.js";
import type { StateReader } from "./chain-store.js";
import { encodeUndo, HistoricalState, UndoRecord } from "./state-history.js";

/** A state of string keys and values (the narrow reader the history is laid over). */
function memoryState(entries: Record<string, string>): StateReader {
  const sorted = Object.entries(entries)
    .map(([k, v]) => ({ key: utf8(k), value: utf8(v) }))
    .sort((a, b) => compareBytes(a.key, b.key));
  const byKey = new Map(sorted.map((e) => [bytesKey(e.key), e.value]));
  return {
    get: (key) => byKey.get(bytesKey(key)),
    range: (start, end) => sorted.filter((e) => compareBytes(e.key, start) >= 0 && compareBytes(e.key, end) < 0),
  };
}
const undo = (entries: Array<[string, string | null]>) =>
  new UndoRecord(encodeUndo(entries.map(([k, v]) => [utf8(k), v === null ? null : utf8(v)])));
const text = (v: Uint8Array | undefined) => (v === undefined ? undefined : Buffer.from(v).toString());
const listing = (s: StateReader, start: string, end: string) =>
  [...s.range(utf8(start), utf8(end))].map(({ key, value }) => `${Buffer.from(key)}=${Buffer.from(value)}`);

describe("HistoricalState", () => {
  // Now: a=A3, c=C, e=E. Block 2 set a=A3 (was A2), created e, deleted d (was D).
  // Block 1 set a=A2 (was A1), created c.
  const now = memoryState({ a: "A3", c: "C", e: "E" });
  const block1 = undo([
    ["a", "A1"],
    ["c", null],
  ]);
  const block2 = undo([
    ["a", "A2"],
    ["d", "D"],
    ["e", null],
  ]);

  const records = new Map([
    [1n, block1],
    [2n, block2],
  ]);
  const stateAfter = (...heights: bigint[]) => new HistoricalState(heights, (h) => records.get(h) as UndoRecord, now);

  it("reads each key as the first later block found it, or through to the newest state", () => {
    const after1 = stateAfter(2n);
    expect(["a", "b", "c", "d", "e"].map((k) => text(after1.get(utf8(k))))).toEqual([
      "A2",
      undefined,
      "C",
      "D",
      undefined,
    ]);
    const after0 = stateAfter(1n, 2n);
    expect(["a", "b", "c", "d", "e"].map((k) => text(after0.get(utf8(k))))).toEqual([
      "A1",
      undefined,
      undefined,
      "D",
      undefined,
    ]);
  });

  it("lists a range with deleted keys back, created keys gone and the bounds kept", () => {
    expect(listing(stateAfter(2n), "a", "z")).toEqual(["a=A2", "c=C", "d=D"]);
    expect(listing(stateAfter(1n, 2n), "a", "z")).toEqual(["a=A1", "d=D"]);
    expect(listing(stateAfter(1n, 2n), "b", "d")).toEqual([]);
    expect(listing(stateAfter(), "a", "z")).toEqual(["a=A3", "c=C", "e=E"]);
  });

  it("finds every key of a large record by binary search, in any order of the entries given", () => {
    const keys = Array.from({ length: 1000 }, (_, i) => utf8(`k${String((i * 7919) % 1000).padStart(4, "0")}`));
    const record = new UndoRecord(
      encodeUndo(keys.map((k, i) => [k, i % 3 === 0 ? null : utf8(`v${Buffer.from(k).toString()}`)])),
    );
    expect(record.size).toBe(1000);
    keys.forEach((k, i) => {
      const want = i % 3 === 0 ? null : `v${Buffer.from(k).toString()}`;
      const got = record.prev(k);
      expect(got === null ? null : text(got as Uint8Array)).toBe(want);
    });
    expect(record.prev(utf8("k1000"))).toBeUndefined();
    expect(record.prev(utf8("a"))).toBeUndefined();
    expect([...record.entries(utf8("k0010"), utf8("k0013"))].map(([k]) => Buffer.from(k).toString())).toEqual([
      "k0010",
      "k0011",
      "k0012",
    ]);
  });

  it("refuses a record whose header or offsets point outside it", () => {
    expect(() => new UndoRecord(Uint8Array.of(0, 0))).toThrow(/undo record: bad header/);
    expect(() => new UndoRecord(Uint8Array.of(0, 0, 0, 2, 0, 0, 0, 12))).toThrow(/undo record: bad header/);
    // One entry whose offset lies beyond the record.
    const bad = new UndoRecord(Uint8Array.of(0, 0, 0, 1, 0, 0, 0, 99));
    expect(() => bad.prev(utf8("a"))).toThrow(/undo record: bad entry 0/);
    // A value length running past the end.
    const good = encodeUndo([[utf8("a"), utf8("xyz")]]);
    const cut = new UndoRecord(good.subarray(0, good.length - 1));
    expect(() => cut.prev(utf8("a"))).toThrow(/undo record: bad value 0/);
  });
});
