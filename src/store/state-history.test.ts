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

  it("reads each key as the first later block found it, or through to the newest state", () => {
    const after1 = new HistoricalState([block2], now);
    expect(["a", "b", "c", "d", "e"].map((k) => text(after1.get(utf8(k))))).toEqual([
      "A2",
      undefined,
      "C",
      "D",
      undefined,
    ]);
    const after0 = new HistoricalState([block1, block2], now);
    expect(["a", "b", "c", "d", "e"].map((k) => text(after0.get(utf8(k))))).toEqual([
      "A1",
      undefined,
      undefined,
      "D",
      undefined,
    ]);
  });

  it("lists a range with deleted keys back, created keys gone and the bounds kept", () => {
    expect(listing(new HistoricalState([block2], now), "a", "z")).toEqual(["a=A2", "c=C", "d=D"]);
    expect(listing(new HistoricalState([block1, block2], now), "a", "z")).toEqual(["a=A1", "d=D"]);
    expect(listing(new HistoricalState([block1, block2], now), "b", "d")).toEqual([]);
    expect(listing(new HistoricalState([], now), "a", "z")).toEqual(["a=A3", "c=C", "e=E"]);
  });

  it("refuses an undo record that is not a list of one- or two-item entries", () => {
    expect(() => new UndoRecord(Uint8Array.of(0x80))).toThrow(/undo record/);
    expect(() => new UndoRecord(Uint8Array.of(0xc1, 0xc0))).toThrow(/undo entry/);
  });
});
