/**
 * Tree nodes in memory.
 *
 * The tree is a compressed binary Merkle (PATRICIA) trie over keccak256(key): an inner node exists
 * only where the paths of its leaves diverge, at bit `depth`, and its `prefix` is the first `depth`
 * bits its leaves share. How nodes are grouped into LMDB records is in page.ts.
 */

/** A (key hash, value hash) pair. */
export interface Leaf {
  readonly kind: 0;
  readonly keyHash: Uint8Array;
  readonly valueHash: Uint8Array;
  readonly hash: Uint8Array;
}

/** An inner node whose children are in memory (as nodes, or as stubs when in another page). */
export interface Inner {
  readonly kind: 1;
  readonly depth: number;
  readonly prefix: Uint8Array;
  readonly hash: Uint8Array;
  /** The update that created the node (0: read from LMDB). */
  readonly gen: number;
  /** Replaced in place by the loaded node when a cached stub is read (same hash, same content). */
  left: Child;
  right: Child;
}

/** An inner node not loaded yet: what its parent's record says about it. */
export interface Stub {
  readonly kind: 2;
  readonly depth: number;
  readonly prefix: Uint8Array;
  readonly hash: Uint8Array;
}

export type Child = Leaf | Inner | Stub;

/** Bits of depth per page: a page holds the inner nodes at depths [4p, 4p + 4) under one prefix. */
export const PAGE_BITS = 4;

/** True when two inner node depths fall in the same page (for a parent and its child). */
export function samePage(a: number, b: number): boolean {
  return Math.floor(a / PAGE_BITS) === Math.floor(b / PAGE_BITS);
}

/** The stub a parent keeps for an inner node that is not held in memory. */
export function toStub(c: Inner | Stub): Stub {
  return c.kind === 2 ? c : { kind: 2, depth: c.depth, prefix: c.prefix, hash: c.hash };
}
