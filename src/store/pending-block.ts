import { bytesEqual, bytesKey, compareBytes } from "../lib/index.js";
import { inRange, overlayRange } from "./overlay.js";

type Change = readonly [key: Uint8Array, value: Uint8Array | null];

function changeMap(changes: ReadonlyArray<Change>): Map<string, Uint8Array | null> {
  const m = new Map<string, Uint8Array | null>();
  for (const [k, v] of changes) m.set(bytesKey(k), v);
  return m;
}

/** What a block commit writes, besides its state and tree changes. */
export interface PendingRecords {
  height: bigint;
  /** The block hash's 32 bytes (key of the hash index). */
  hash: Uint8Array;
  /** The `head` record the commit writes. */
  head: Uint8Array;
  block: Uint8Array;
  receipts: Uint8Array;
  /** The tx index's entries: tx hash, and its location record. */
  txLocations: ReadonlyArray<readonly [Uint8Array, Uint8Array]>;
  commit: Uint8Array | null;
  /** The state values the block overwrote (state-history.ts), or null when no history is kept. */
  undo: Uint8Array | null;
}

/**
 * A block whose LMDB transaction is still being written on lmdb-js's write thread (ChainStore's
 * pipelined commit): its writes, kept so that every read sees the block from the moment it is
 * committed in memory (the next height's execution and the RPC), until LMDB has it.
 */
export class PendingBlock {
  private readonly state: Map<string, Uint8Array | null>;
  private readonly tree: Map<string, Uint8Array | null>;
  private readonly txs: Map<string, Uint8Array>;

  constructor(
    readonly records: PendingRecords,
    private readonly stateChanges: ReadonlyArray<Change>,
    treeWrites: ReadonlyArray<Change>,
  ) {
    this.state = changeMap(stateChanges);
    this.tree = changeMap(treeWrites);
    this.txs = new Map(records.txLocations.map(([h, loc]) => [bytesKey(h), loc]));
  }

  get height(): bigint {
    return this.records.height;
  }

  /** This block's value of a state key: bytes, null when it deletes the key, undefined when it does not touch it. */
  stateValue(key: Uint8Array): Uint8Array | null | undefined {
    return this.state.get(bytesKey(key));
  }

  /** This block's record of a state-tree key, as `stateValue`. */
  treeRecord(key: Uint8Array): Uint8Array | null | undefined {
    return this.tree.get(bytesKey(key));
  }

  /** The tx index's location record of a transaction of this block. */
  txLocation(hash: Uint8Array): Uint8Array | undefined {
    return this.txs.get(bytesKey(hash));
  }

  isBlockHash(hash: Uint8Array): boolean {
    return bytesEqual(hash, this.records.hash);
  }

  /** The committed entries in [start, end) with this block's changes applied, in key order. */
  mergeRange(
    start: Uint8Array,
    end: Uint8Array,
    committed: Iterable<{ key: Uint8Array; value: Uint8Array }>,
  ): Iterable<{ key: Uint8Array; value: Uint8Array }> {
    const mine = this.stateChanges.filter(([k]) => inRange(k, start, end)).sort((a, b) => compareBytes(a[0], b[0]));
    return overlayRange(mine, committed);
  }
}
