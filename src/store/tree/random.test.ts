import { afterEach, describe, expect, it } from "vitest";
import { mulberry32, toHex, utf8 } from "../../lib/index.js";
import { createStateTree, type StateTree } from "./index.js";
import { PAGE_BITS } from "./node.js";
import { referenceTree } from "./reference.js";
import { openTreeDb, type TreeDb } from "./temp-db.js";

const prng = mulberry32;

/** State-like keys: "a" + 20-byte address, module prefixes, and short keys. */
function keyPool(rand: () => number, n: number): Uint8Array[] {
  return Array.from({ length: n }, (_, i) => {
    const kind = i % 3;
    if (kind === 0) return Uint8Array.from([0x61, ...Array.from({ length: 20 }, () => Math.floor(rand() * 256))]);
    if (kind === 1) return utf8(`m/vesting/${i}/${Math.floor(rand() * 1e6)}`);
    return Uint8Array.of(i & 0xff, i >> 8);
  });
}

const opened: TreeDb[] = [];
afterEach(async () => {
  for (const t of opened.splice(0)) await t.destroy().catch(() => undefined);
});

describe.each([0, 5, 16])("random batches against the reference root (cacheDepth %i)", (cacheDepth) => {
  it("matches after every batch, including reopens, and keeps one record per page", async () => {
    const rand = prng(0xc0ffee + cacheDepth);
    const pool = keyPool(rand, 2000);
    const model = new Map<string, readonly [Uint8Array, Uint8Array]>();
    let t = openTreeDb();
    opened.push(t);
    let tree: StateTree = createStateTree(t.db, { cacheDepth });

    for (let batch = 0; batch < 60; batch++) {
      const size = 1 + Math.floor(rand() * (batch < 5 ? 600 : 150));
      const deleteShare = batch < 10 ? 0.1 : 0.45;
      const changes: Array<readonly [Uint8Array, Uint8Array | null]> = [];
      const seen = new Set<string>();
      for (let i = 0; i < size; i++) {
        const key = pool[Math.floor(rand() * pool.length)]!;
        const id = toHex(key);
        if (seen.has(id)) continue;
        seen.add(id);
        if (rand() < deleteShare) {
          changes.push([key, null]);
          model.delete(id);
        } else {
          const value = Uint8Array.from({ length: Math.floor(rand() * 40) }, () => Math.floor(rand() * 256));
          changes.push([key, value]);
          model.set(id, [key, value]);
        }
      }
      t.apply(tree, tree.computeUpdate(changes));
      const reference = referenceTree(model.values());
      expect(toHex(tree.root), `batch ${batch}`).toBe(toHex(reference.root));
      // One record per page of the reference tree, plus the root record: nothing piles up.
      const pages = new Set(reference.inner.map(({ depth, prefix }) => prefix.slice(0, depth - (depth % PAGE_BITS))));
      const records = pages.size + (model.size > 0 ? 1 : 0);
      expect([...t.db.getKeys()].length, `records after batch ${batch}`).toBe(records);

      if (rand() < 0.15) {
        const dir = t.dir;
        await t.close();
        t = openTreeDb(dir);
        opened.push(t);
        tree = createStateTree(t.db, { cacheDepth });
      }
    }
  });
});
