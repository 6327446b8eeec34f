import type { Keccak256 } from "./hash.js";

/** The tree's read access to its own LMDB database (an lmdb-js `Database` with binary keys and values). */
export interface TreeNodeReader {
  get(key: Uint8Array): Uint8Array | undefined;
}

/** The tree's write access, used inside the block's write transaction. */
export interface TreeNodeWriter {
  putSync(key: Uint8Array, value: Uint8Array): void;
  removeSync(key: Uint8Array): boolean;
}

/** Options of `createStateTree`. */
export interface StateTreeOptions {
  /**
   * Pages whose top node splits on a bit below this depth stay in memory once read or written
   * (about 2^cacheDepth inner nodes in a large tree). Default 16: the top 16 levels, ~65 k nodes.
   */
  cacheDepth?: number;
  /**
   * Reads a committed state value. The tree stores only value hashes, so `prove` needs this to put
   * the value of a present key in its proof; without it `prove` of a present key throws.
   */
  readValue?: ((key: Uint8Array) => Uint8Array | undefined) | null;
  /** keccak256 implementation; default crypto's keccak256. A faster binding gives the same roots. */
  keccak?: Keccak256;
}

/** Default `cacheDepth`: measured in docs/state-tree.md. */
export const DEFAULT_CACHE_DEPTH = 16;
