import { afterEach, describe, expect, it } from "vitest";
import { keccak256 } from "../../crypto/index.js";
import { concatBytes, toHex, utf8 } from "../../lib/index.js";
import { EMPTY_ROOT } from "./hash.js";
import { HexaryStateTree } from "./hexary.js";
import { openTreeDb, type TreeDb } from "./temp-db.js";

/** The 16-ary root by definition: split the sorted leaves at the first nibble where they differ. */
function hexaryReference(entries: Iterable<readonly [Uint8Array, Uint8Array]>): Uint8Array {
  const leaves = [...entries].map(([k, v]) => ({
    hex: toHex(keccak256(k)).slice(2),
    kh: keccak256(k),
    vh: keccak256(v),
  }));
  leaves.sort((a, b) => (a.hex < b.hex ? -1 : 1));
  const sub = (xs: typeof leaves): Uint8Array => {
    const first = xs[0]!;
    if (xs.length === 1) return keccak256(concatBytes(Uint8Array.of(0), first.kh, first.vh));
    let d = 0;
    while (first.hex[d] === xs[xs.length - 1]!.hex[d]) d++;
    let bitmap = 0;
    const hashes: Uint8Array[] = [];
    for (let n = 0; n < 16; n++) {
      const group = xs.filter((x) => Number.parseInt(x.hex[d]!, 16) === n);
      if (group.length === 0) continue;
      bitmap |= 1 << (15 - n);
      hashes.push(sub(group));
    }
    return keccak256(concatBytes(Uint8Array.of(1, d, bitmap >> 8, bitmap & 0xff), ...hashes));
  };
  return leaves.length === 0 ? EMPTY_ROOT : sub(leaves);
}

const opened: TreeDb[] = [];
afterEach(async () => {
  for (const t of opened.splice(0)) await t.destroy();
});

describe("hexary alternative (benchmark only)", () => {
  it.each([0, 8, 16])("matches its reference over random batches with reopens (cacheDepth %i)", async (cacheDepth) => {
    let seed = 7 + cacheDepth;
    const rand = () => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed / 0x80000000;
    };
    const model = new Map<string, readonly [Uint8Array, Uint8Array]>();
    let t = openTreeDb();
    opened.push(t);
    let tree = new HexaryStateTree(t.db, { cacheDepth });
    for (let b = 0; b < 30; b++) {
      const changes: Array<readonly [Uint8Array, Uint8Array | null]> = [];
      const seen = new Set<number>();
      for (let i = 0; i < 1 + rand() * 200; i++) {
        const k = Math.floor(rand() * 1500);
        if (seen.has(k)) continue;
        seen.add(k);
        const key = utf8(`key-${k}`);
        const value = rand() < 0.35 ? null : utf8(`v${b}`);
        changes.push([key, value]);
        if (value === null) model.delete(toHex(key));
        else model.set(toHex(key), [key, value]);
      }
      t.apply(tree, tree.computeUpdate(changes));
      expect(toHex(tree.root), `batch ${b}`).toBe(toHex(hexaryReference(model.values())));
      expect([...t.db.getKeys()].length).toBeLessThanOrEqual(model.size);
      if (rand() < 0.2) {
        const dir = t.dir;
        await t.close();
        t = openTreeDb(dir);
        opened.push(t);
        tree = new HexaryStateTree(t.db, { cacheDepth });
      }
    }
  });
});
