// The state tree of a new chain, built from its written genesis state in key-hash buckets: a
// million accounts as one tree update kept every node, page and hash in memory at once (issue #5).
import { keccak256 } from "../crypto/index.js";
import type { StateTree, TreeUpdate } from "./tree/interface.js";

/**
 * State keys per tree update of the genesis build, on average (hashes are uniform): ~8 k keys
 * are ~2 MB of page records and one small LMDB transaction; 1 M accounts make 128 buckets.
 */
export const GENESIS_TREE_BUCKET = 8_000;

/** What the build needs from the store. */
export interface GenesisTreeSource {
  /** Every committed state key, in any order. */
  keys(): Iterable<Uint8Array>;
  get(key: Uint8Array): Uint8Array | undefined;
  /** Write an update's records in one transaction (the caller commits it to the tree after). */
  writeTree(update: TreeUpdate): void;
}

/**
 * Add every state entry to `tree` (empty or not: the root depends only on the final key set),
 * in buckets of at most ~`bucketSize` keys that share the leading bits of their key hash: each
 * update then touches one region of the tree, and the pages of the regions already done are not
 * read again. Holds the keys in one flat buffer (~25 bytes each), never a million objects.
 */
export function buildTreeInBuckets(tree: StateTree, source: GenesisTreeSource, bucketSize = GENESIS_TREE_BUCKET): void {
  const keys = new FlatKeys();
  for (const key of source.keys()) {
    const h = keccak256(key);
    keys.push(
      key,
      (((h[0] as number) << 24) | ((h[1] as number) << 16) | ((h[2] as number) << 8) | (h[3] as number)) >>> 0,
    );
  }
  const n = keys.length;
  if (n === 0) return;
  // 2^bits buckets of the key-hash space, ~n / 2^bits ≤ bucketSize keys each (hashes are uniform).
  const bits = Math.min(24, Math.max(0, Math.ceil(Math.log2(n / bucketSize))));
  const bucketOf = (i: number) => (bits === 0 ? 0 : keys.head(i) >>> (32 - bits));
  const starts = new Uint32Array((1 << bits) + 1);
  for (let i = 0; i < n; i++) (starts[bucketOf(i) + 1] as number)++;
  for (let b = 1; b < starts.length; b++) starts[b] = (starts[b] as number) + (starts[b - 1] as number);
  const order = new Uint32Array(n);
  const next = starts.slice(0, -1);
  for (let i = 0; i < n; i++) {
    const b = bucketOf(i);
    order[next[b] as number] = i;
    next[b] = (next[b] as number) + 1;
  }
  for (let b = 0; b < 1 << bits; b++) {
    const changes: Array<readonly [Uint8Array, Uint8Array]> = [];
    for (let j = starts[b] as number; j < (starts[b + 1] as number); j++) {
      const key = keys.key(order[j] as number);
      const value = source.get(key);
      if (value === undefined) throw new Error("genesis tree: a state key vanished while the tree was built");
      changes.push([key, value]);
    }
    if (changes.length === 0) continue;
    const update = tree.computeUpdate(changes);
    source.writeTree(update);
    tree.commit(update);
  }
}

/** Variable-length keys in one growing byte buffer, with the leading 32 bits of each key's hash. */
class FlatKeys {
  private bytes = new Uint8Array(1 << 16);
  private ends = new Uint32Array(1 << 12);
  private heads = new Uint32Array(1 << 12);
  private used = 0;
  length = 0;

  push(key: Uint8Array, head: number): void {
    while (this.used + key.length > this.bytes.length) this.bytes = grow(this.bytes, this.bytes.length * 2);
    if (this.length === this.ends.length) {
      this.ends = grow(this.ends, this.ends.length * 2);
      this.heads = grow(this.heads, this.heads.length * 2);
    }
    this.bytes.set(key, this.used);
    this.used += key.length;
    this.ends[this.length] = this.used;
    this.heads[this.length++] = head;
  }

  head(i: number): number {
    return this.heads[i] as number;
  }

  /** Key i, a view into the buffer. */
  key(i: number): Uint8Array {
    return this.bytes.subarray(i === 0 ? 0 : (this.ends[i - 1] as number), this.ends[i] as number);
  }
}

function grow<T extends Uint8Array | Uint32Array>(a: T, size: number): T {
  const out = new (a.constructor as new (n: number) => T)(size);
  out.set(a);
  return out;
}
