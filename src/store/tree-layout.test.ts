import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { open } from "lmdb";
import { afterEach, describe, expect, it } from "vitest";
import { toHex, utf8 } from "../lib/index.js";
import { ChainStore } from "./chain-store.js";
import { createStateTree, writeTreeUpdate } from "./tree/index.js";
import { referenceRoot } from "./tree/reference.js";

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

const entries = (n: number, tag: string): Array<[Uint8Array, Uint8Array]> =>
  Array.from({ length: n }, (_, i) => [utf8(`key-${i}`), utf8(`${tag}-${i}`)]);

/** A store whose tree records use the layout before pages 0-3 got their own key tag ("m"). */
async function legacyStore(all: Array<[Uint8Array, Uint8Array]>): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), "cmt-tree-layout-"));
  dirs.push(dir);
  const env = open({ path: dir, compression: false });
  const bin = { keyEncoding: "binary", encoding: "binary" } as const;
  const treeDb = env.openDB<Uint8Array, Uint8Array>({ name: "tree", ...bin });
  const meta = env.openDB<Uint8Array, Uint8Array>({ name: "meta", ...bin });
  const tree = createStateTree(treeDb);
  const update = tree.computeUpdate(all);
  env.transactionSync(() => {
    for (const [k, v] of update.writes) {
      // The older layout: every page under "n".
      const key = k[0] === 0x6d ? Uint8Array.of(0x6e, ...k.subarray(1)) : k;
      if (v !== null) treeDb.putSync(key, v);
    }
    // A committed head, so that the store is not taken for an interrupted genesis.
    meta.putSync(utf8("head"), new Uint8Array(40));
  });
  await env.close();
  return dir;
}

describe("state tree record layout", () => {
  it("moves the records of pages 0-3 to their own key tag when a store of the older layout is opened", async () => {
    const all = entries(3000, "v");
    const dir = await legacyStore(all);

    const store = new ChainStore({ path: dir });
    try {
      const tree = createStateTree(store.treeDb, { cacheDepth: 0 });
      expect(toHex(tree.root)).toBe(toHex(referenceRoot(all)));
      const keys = [...store.treeDb.getKeys()].map((k) => k[0]);
      expect(keys.filter((t) => t === 0x6d).length).toBeGreaterThan(16);
      // Every page is read (cache depth 0) and checked against its parent's hash.
      const changed = entries(3000, "w");
      const update = tree.computeUpdate(changed);
      expect(toHex(update.root)).toBe(toHex(referenceRoot(changed)));
      store.treeDb.transactionSync(() => writeTreeUpdate(store.treeDb, update));
    } finally {
      await store.close();
    }
    // Opened again: in the current layout already; the update written above is read back whole.
    const again = new ChainStore({ path: dir });
    try {
      const tree = createStateTree(again.treeDb, { cacheDepth: 0 });
      expect(toHex(tree.root)).toBe(toHex(referenceRoot(entries(3000, "w"))));
      const back = tree.computeUpdate(all);
      expect(toHex(back.root)).toBe(toHex(referenceRoot(all)));
    } finally {
      await again.close();
    }
  });
});
