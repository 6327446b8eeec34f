import { describe, expect, it } from "vitest";
import { utf8 } from "../lib/index.js";
import { PendingBlock } from "./pending-block.js";

const records = {
  height: 5n,
  hash: new Uint8Array(32).fill(9),
  head: new Uint8Array(40),
  block: new Uint8Array([1]),
  receipts: new Uint8Array([2]),
  txLocations: [],
  commit: null,
  undo: null,
};
const text = (entries: Iterable<{ key: Uint8Array; value: Uint8Array }>): string[] =>
  [...entries].map(({ key, value }) => `${Buffer.from(key)}=${Buffer.from(value)}`);
const kv = (k: string, v: string) => ({ key: utf8(k), value: utf8(v) });

describe("PendingBlock", () => {
  it("merges its changes into a committed range: new keys in order, replaced values, deletes skipped, bounds kept", () => {
    const changes: Array<readonly [Uint8Array, Uint8Array | null]> = [
      [utf8("b"), utf8("B2")],
      [utf8("a0"), utf8("new-a0")],
      [utf8("d"), null],
      [utf8("f"), utf8("new-f")],
      [utf8("z"), utf8("outside")],
      [utf8("0"), utf8("outside")],
    ];
    const p = new PendingBlock(records, changes, []);
    const committed = [kv("a", "A"), kv("b", "B"), kv("c", "C"), kv("d", "D"), kv("e", "E")];
    expect(text(p.mergeRange(utf8("a"), utf8("g"), committed))).toEqual([
      "a=A",
      "a0=new-a0",
      "b=B2",
      "c=C",
      "e=E",
      "f=new-f",
    ]);
    expect(text(p.mergeRange(utf8("a"), utf8("g"), []))).toEqual(["a0=new-a0", "b=B2", "f=new-f"]);
    expect(p.stateValue(utf8("d"))).toBeNull();
    expect(p.stateValue(utf8("c"))).toBeUndefined();
  });
});
