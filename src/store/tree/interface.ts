/**
 * The authenticated state tree behind the state root (DESIGN §3).
 *
 * The tree commits to every (key, value) pair of the state store. Block execution collects the
 * changed keys in memory, asks the tree for the new root and the node writes that root needs,
 * and the store applies those writes in the same LMDB write transaction as the block
 * (one write transaction per block). `computeUpdate` must not change anything visible: a
 * proposal can be computed and thrown away.
 */
export interface StateTree {
  /** Root of the committed state (32 bytes). The empty tree has a fixed, documented root. */
  readonly root: Uint8Array;

  /**
   * Root after applying `changes` to the committed state, and the node writes to persist.
   * `changes` holds each changed state key once; a null value deletes the key.
   */
  computeUpdate(changes: ReadonlyArray<readonly [key: Uint8Array, value: Uint8Array | null]>): TreeUpdate;

  /**
   * Called after the update's writes were committed to LMDB: `adopt` then `release`. The tree then
   * reuses the memory of the update's records for later updates: its `writes` must not be read
   * after this call.
   */
  commit(update: TreeUpdate): void;

  /**
   * Adopt the update's root (and cache) while its writes may still be on their way to LMDB: the
   * caller serves reads of those records itself until they land (ChainStore's pending block),
   * then calls `release`.
   */
  adopt(update: TreeUpdate): void;

  /** The update's writes are in LMDB: the memory of its records serves later updates. */
  release(update: TreeUpdate): void;

  /** A proof that `key` has the committed value (or is absent). */
  prove(key: Uint8Array): TreeProof;
}

/** Result of `computeUpdate`. */
export interface TreeUpdate {
  root: Uint8Array;
  /** Puts (value) and deletes (null) on the tree's own LMDB database. */
  writes: Array<readonly [key: Uint8Array, value: Uint8Array | null]>;
}

/** An inclusion or exclusion proof; verified by `verifyProof` without access to the store. */
export interface TreeProof {
  key: Uint8Array;
  value: Uint8Array | null;
  siblings: Uint8Array[];
  /** Tree-specific extra data (e.g. the leaf found on the path for an exclusion proof). */
  extra: Uint8Array[];
}
