import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { mulberry32, toHex } from "../lib/index.js";
import { ChainStore } from "./chain-store.js";
import { createStateTree, EMPTY_ROOT } from "./tree/index.js";
import { referenceRoot } from "./tree/reference.js";

const dirs: string[] = [];
const stores: ChainStore[] = [];
afterEach(async () => {
  for (const s of stores.splice(0)) await s.close().catch(() => undefined);
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function openStore(dir = mkdtempSync(join(tmpdir(), "cmt-genesis-tree-"))): { store: ChainStore; dir: string } {
  if (!dirs.includes(dir)) dirs.push(dir);
  const store = new ChainStore({ path: dir });
  store.attachTree(createStateTree(store.treeDb, { readValue: (key) => store.get(key) }));
  stores.push(store);
  return { store, dir };
}

/** Account-like state entries: 0x01 ‖ 20 random bytes → 40 random bytes, sorted by key. */
function entries(n: number, seed: number): Array<[Uint8Array, Uint8Array]> {
  const rand = mulberry32(seed);
  const bytes = (len: number) => Uint8Array.from({ length: len }, () => Math.floor(rand() * 256));
  const out = Array.from({ length: n }, () => [Uint8Array.of(1, ...bytes(20)), bytes(40)] as [Uint8Array, Uint8Array]);
  return out.sort(([a], [b]) => Buffer.compare(a, b));
}

describe("genesis state in chunks, tree in key-hash buckets", () => {
  it.each([1, 7, 300, 100_000])("gives the root of the whole set at once (buckets of %i)", (bucket) => {
    const all = entries(2_000, 42);
    const { store } = openStore();
    for (let i = 0; i < all.length; i += 333) store.writeGenesisState(all.slice(i, i + 333));
    store.buildGenesisTree(bucket);
    expect(toHex(store.stateTree.root)).toBe(toHex(referenceRoot(all)));
  });

  it("leaves an empty state with the empty root", () => {
    const { store } = openStore();
    store.buildGenesisTree();
    expect(store.stateTree.root).toEqual(EMPTY_ROOT);
  });

  it("starts an interrupted genesis over: state written without a block 0 is gone after a reopen", async () => {
    const { store, dir } = openStore();
    store.writeGenesisState(entries(50, 1));
    store.buildGenesisTree();
    await store.close();
    const again = openStore(dir).store;
    expect(again.get((entries(50, 1)[0] as [Uint8Array, Uint8Array])[0])).toBeUndefined();
    expect(again.stateTree.root).toEqual(EMPTY_ROOT);
  });
});
