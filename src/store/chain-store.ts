import { type Database, open, type RootDatabase } from "lmdb";
import { type Address, keccak256 } from "../crypto/index.js";
import { fromHex, type Hex, toHex } from "../lib/index.js";
import {
  type Block,
  type BlockReceipts,
  blockLogsTxHash,
  decodeBlock,
  decodeBlockReceipts,
  encodeBlock,
  encodeBlockReceipts,
  encodeReceipt,
  type Log,
  type Receipt,
} from "../types/index.js";
import { buf, readU64, u64Key } from "./codec.js";
import { StoreError } from "./errors.js";
import { buildTreeInBuckets, GENESIS_TREE_BUCKET } from "./genesis-tree.js";
import { HistoryStore } from "./history-store.js";
import { PendingBlock, type PendingRecords } from "./pending-block.js";
import { DEFAULT_STATE_HISTORY } from "./state-history.js";
import { upgradeTreeRecords } from "./tree/index.js";
import type { StateTree, TreeUpdate } from "./tree/interface.js";
import type { TreeNodeReader } from "./tree/options.js";

/** Everything one block commit writes, in one LMDB write transaction. */
export interface BlockCommit {
  block: Block;
  hash: Hex;
  receipts: Receipt[];
  /** The block logs (begin-block, deadlines, end-block); stored with the receipts. */
  blockLogs?: readonly Log[];
  /** `receipts`, each RLP-encoded already (for the receipts root): not encoded again. */
  encodedReceipts?: readonly Uint8Array[];
  /**
   * The block's RLP when the caller has it (the bytes consensus decided on, decoded strictly into
   * `block`, or encoded from it): stored as they are instead of encoding the block again.
   */
  encodedBlock?: Uint8Array;
  /** keccak256 of each of `block.txs`, when known already: not hashed again for the tx index. */
  txHashes?: readonly Uint8Array[];
  senders: Address[];
  /** Changed state keys (sorted), null = deleted. */
  stateChanges: ReadonlyArray<readonly [Uint8Array, Uint8Array | null]>;
  treeUpdate: TreeUpdate;
  /**
   * The commit certificate that decided this block (consensus wire format), kept so that block
   * sync can serve the tip with its proof; block H+1 carries it too as `lastCommit`.
   */
  commit?: Uint8Array;
}

/** Read access to committed state (the state machine's view of LMDB). */
export interface StateReader {
  get(key: Uint8Array): Uint8Array | undefined;
  /** Committed entries with start <= key < end, in key order. */
  range(start: Uint8Array, end: Uint8Array): Iterable<{ key: Uint8Array; value: Uint8Array }>;
}

const HEAD_KEY = buf(new TextEncoder().encode("head"));
/** The layout of the state tree's records (store/tree/page.ts) this store holds: 2 = pages 0-3 apart. */
const TREE_LAYOUT_KEY = buf(new TextEncoder().encode("tree-layout"));
const TREE_LAYOUT = 2;

/**
 * Address space reserved for the LMDB map (not disk: the file grows as data is written). lmdb-js
 * otherwise starts at 128 KB and maps the file anew at every doubling, keeping the old mappings,
 * so pages read before and after a remap are resident twice: ~140 MB of RSS more after a 1 M-account
 * genesis. 64 GiB is one mapping until the store outgrows it (lmdb-js then grows the map again).
 */
const MAP_SIZE = 64 * 2 ** 30;

/**
 * Bytes handed to lmdb-js as they are, typed as its Buffer: for binary keys it copies the key with
 * `set` and it reads a value through its ArrayBuffer's address, so any Uint8Array does. `buf()`'s
 * Buffer view cost one more object per key and value (~26 ms of a 20 k-transfer load in the
 * commit's profile; the commit's measured gain was within the noise, issue #5). Reads keep
 * `buf()`: lmdb-js's `get` was slower with a plain Uint8Array key.
 */
const raw = (b: Uint8Array): Buffer => b as Buffer;

export { StoreError } from "./errors.js";

/**
 * The node's LMDB environment: state, state-tree nodes, blocks, receipts and indexes
 * (DESIGN §3). A block is committed with all its writes in one LMDB transaction, so a crash at
 * any moment leaves either the whole block or nothing; the node's commit (`commitBlockPipelined`)
 * writes it on lmdb-js's thread, and reads see it from memory until then.
 */
export class ChainStore implements StateReader {
  private readonly root: RootDatabase;
  private readonly stateDb: Database<Buffer, Buffer>;
  readonly treeDb: Database<Buffer, Buffer>;
  private readonly blocks: Database<Buffer, Buffer>;
  private readonly receiptsDb: Database<Buffer, Buffer>;
  private readonly hashes: Database<Buffer, Buffer>;
  private readonly txIndex: Database<Buffer, Buffer>;
  private readonly meta: Database<Buffer, Buffer>;
  private readonly commits: Database<Buffer, Buffer>;
  private readonly vsets: Database<Buffer, Buffer>;
  /** The undo records of the last `stateHistory` blocks: past state (history-store.ts). */
  private readonly history: HistoryStore;
  private tree: StateTree | null = null;
  /** The block being written by commitBlockPipelined: reads see it until LMDB has it. */
  private pending: { block: PendingBlock; written: Promise<void> } | null = null;
  /**
   * The state tree's reader: its records, with those of a block still being written on top (give
   * it to `createStateTree` instead of `treeDb`).
   */
  readonly treeReader: TreeNodeReader = {
    get: (key) => {
      const mine = this.pending?.block.treeRecord(key);
      return mine === undefined ? this.treeDb.get(buf(key)) : (mine ?? undefined);
    },
  };

  /**
   * `stateHistory`: keep the state of the last this-many blocks readable (`stateAt`) besides the
   * head's (default 128; 0 keeps none). A smaller value than the store was written with drops the
   * older records at open.
   */
  constructor(options: { path: string; stateHistory?: number }) {
    this.root = open({ path: options.path, compression: false, mapSize: MAP_SIZE });
    const bin = { keyEncoding: "binary", encoding: "binary" } as const;
    this.stateDb = this.root.openDB({ name: "state", ...bin });
    this.treeDb = this.root.openDB({ name: "tree", ...bin });
    this.blocks = this.root.openDB({ name: "blocks", ...bin });
    this.receiptsDb = this.root.openDB({ name: "receipts", ...bin });
    this.hashes = this.root.openDB({ name: "hashes", ...bin });
    this.txIndex = this.root.openDB({ name: "txindex", ...bin });
    this.meta = this.root.openDB({ name: "meta", ...bin });
    this.commits = this.root.openDB({ name: "commits", ...bin });
    this.vsets = this.root.openDB({ name: "vsets", ...bin });
    this.history = new HistoryStore(
      { keep: options.stateHistory ?? DEFAULT_STATE_HISTORY },
      { root: this.root, db: this.root.openDB({ name: "history", ...bin }) },
    );
    if (this.head() === null) this.discardInterruptedGenesis();
    this.upgradeTreeLayout();
    this.history.prune(this.head()?.height ?? null);
  }

  /**
   * Moves the state tree's records to the current layout once (a store written before pages 0-3
   * were keyed apart, store/tree/page.ts); later opens find the layout mark and read nothing else.
   */
  private upgradeTreeLayout(): void {
    if (this.meta.get(TREE_LAYOUT_KEY)?.[0] === TREE_LAYOUT) return;
    this.root.transactionSync(() => {
      upgradeTreeRecords(this.treeDb);
      this.meta.putSync(TREE_LAYOUT_KEY, Buffer.of(TREE_LAYOUT));
    });
  }

  /**
   * The genesis state is written in several transactions before block 0 (writeGenesisState); a
   * store with state but no block is a genesis that did not finish, and is started over.
   */
  private discardInterruptedGenesis(): void {
    const some = (db: Database<Buffer, Buffer>) => db.getKeysCount({ limit: 1 }) > 0;
    if (!some(this.stateDb) && !some(this.treeDb)) return;
    this.stateDb.clearSync();
    this.treeDb.clearSync();
  }

  /** Attach the state tree (it lives on `treeDb`). */
  attachTree(tree: StateTree): void {
    this.tree = tree;
  }

  get stateTree(): StateTree {
    if (!this.tree) throw new StoreError("STORE_CORRUPT", "state tree not attached");
    return this.tree;
  }

  get(key: Uint8Array): Uint8Array | undefined {
    const mine = this.pending?.block.stateValue(key);
    return mine === undefined ? this.stateDb.get(buf(key)) : (mine ?? undefined);
  }

  range(start: Uint8Array, end: Uint8Array): Iterable<{ key: Uint8Array; value: Uint8Array }> {
    const committed = this.stateDb.getRange({ start: buf(start), end: buf(end) }) as Iterable<{
      key: Buffer;
      value: Buffer;
    }>;
    return this.pending ? this.pending.block.mergeRange(start, end, committed) : committed;
  }

  /** Height and hash of the last committed block, or null for an empty store. */
  head(): { height: bigint; hash: Hex } | null {
    const v = this.pending?.block.records.head ?? this.meta.get(HEAD_KEY);
    if (!v) return null;
    return { height: readU64(v), hash: toHex(v.subarray(8)) };
  }

  /** A record of the block still being written, if `height` is that block. */
  private pendingAt(height: bigint): PendingRecords | null {
    const p = this.pending?.block;
    return p && p.height === height ? p.records : null;
  }

  private blockBytes(height: bigint): Uint8Array | undefined {
    return this.pendingAt(height)?.block ?? this.blocks.get(buf(u64Key(height)));
  }

  blockByHeight(height: bigint): Block | null {
    const v = this.blockBytes(height);
    return v ? decodeBlock(v) : null;
  }

  /** Encoded size of a block. */
  blockSize(height: bigint): number {
    return this.blockBytes(height)?.length ?? 0;
  }

  heightByHash(hash: Hex): bigint | null {
    const key = fromHex(hash);
    if (this.pending?.block.isBlockHash(key)) return this.pending.block.height;
    const v = this.hashes.get(buf(key));
    return v ? readU64(v) : null;
  }

  txLocation(hash: Hex): { height: bigint; index: number } | null {
    const key = fromHex(hash);
    const v = this.pending?.block.txLocation(key) ?? this.txIndex.get(buf(key));
    if (!v) return null;
    return { height: readU64(v), index: buf(v).readUInt32BE(8) };
  }

  receipts(height: bigint): BlockReceipts | null {
    const v = this.pendingAt(height)?.receipts ?? this.receiptsDb.get(buf(u64Key(height)));
    if (!v) return null;
    try {
      return decodeBlockReceipts(v);
    } catch (err) {
      throw new StoreError(
        "STORE_CORRUPT",
        `receipts of block ${height}: ${(err as Error).message}`,
        {},
        { cause: err },
      );
    }
  }

  /** Persist a block, its receipts, indexes, state and tree changes atomically; returns the block's encoded size. */
  commitBlock(c: BlockCommit): { size: number } {
    const r = this.blockRecords(c);
    this.root.transactionSync(() => {
      this.writeBlock(c, r, (db, key, value) => {
        if (value === null) db.removeSync(key);
        else db.putSync(key, value);
      });
    });
    this.tree?.commit(c.treeUpdate);
    return { size: r.block.length };
  }

  /**
   * commitBlock pipelined: the block's writes go to lmdb-js's write thread as one batch (one LMDB
   * transaction: all or nothing, as commitBlock's), and every read of this store (state, the
   * state tree's records, head, block, receipts, indexes) sees the block as soon as this returns,
   * from memory until LMDB has it. The main thread meanwhile executes the next height. `written`
   * resolves once the transaction is committed and flushed to disk (lmdb-js's overlapping sync);
   * a block still being written refuses the next commit (await `written()` first).
   */
  commitBlockPipelined(c: BlockCommit): { size: number; written: Promise<void> } {
    const r = this.blockRecords(c);
    let last: Promise<unknown> | undefined;
    const batch = this.root.batch(() => {
      this.writeBlock(c, r, (db, key, value) => {
        last = value === null ? db.remove(key) : db.put(key, value);
      });
    });
    // Every write of a batch returns the same promise; its failure is the batch's, handled below.
    last?.catch(() => {});
    const block = new PendingBlock(r, c.stateChanges, c.treeUpdate.writes);
    this.tree?.adopt(c.treeUpdate);
    const written = (async () => {
      try {
        await batch;
        await this.root.flushed;
      } catch (err) {
        // The block is in memory (the tree's root, the reads) but not on disk: nothing may follow it.
        throw new StoreError(
          "STORE_CORRUPT",
          `block ${r.height} could not be written: ${(err as Error).message}`,
          {},
          {
            cause: err,
          },
        );
      }
      this.pending = null;
      this.tree?.release(c.treeUpdate);
    })();
    this.pending = { block, written };
    return { size: r.block.length, written };
  }

  /** Resolves once no block is being written (at once without a pipelined commit in flight). */
  async written(): Promise<void> {
    await this.pending?.written;
  }

  /** What a block commit writes besides state and tree (checked against the head first). */
  private blockRecords(c: BlockCommit): PendingRecords {
    if (this.pending) throw new StoreError("STORE_CONFLICT", "a block commit is still being written");
    const height = c.block.header.height;
    const head = this.head();
    const expected = head === null ? 0n : head.height + 1n;
    if (height !== expected) throw new StoreError("STORE_CONFLICT", `commit of height ${height}, expected ${expected}`);
    const hKey = u64Key(height);
    const hash = fromHex(c.hash);
    return {
      height,
      hash,
      head: Buffer.concat([hKey, hash]),
      block: c.encodedBlock ?? encodeBlock(c.block),
      receipts: encodeBlockReceipts(c.encodedReceipts ?? c.receipts.map(encodeReceipt), c.senders, c.blockLogs),
      txLocations: this.txLocations(c, hKey),
      commit: c.commit ?? null,
      undo: this.history.recordFor(c.stateChanges, this),
    };
  }

  /** The tx index's entries of a block: each transaction, then its block logs' receipt (at index txs.length). */
  private txLocations(c: BlockCommit, hKey: Uint8Array): Array<readonly [Uint8Array, Uint8Array]> {
    const at = (i: number) => {
      const loc = Buffer.alloc(12);
      loc.set(hKey, 0);
      loc.writeUInt32BE(i, 8);
      return loc;
    };
    const out = c.block.txs.map((tx, i) => [c.txHashes?.[i] ?? keccak256(tx), at(i)] as const);
    if ((c.blockLogs?.length ?? 0) > 0) out.push([fromHex(blockLogsTxHash(c.hash)), at(c.block.txs.length)]);
    return out;
  }

  /** The block's writes, in the order commitBlock has always made them. */
  private writeBlock(
    c: BlockCommit,
    r: PendingRecords,
    write: (db: Database<Buffer, Buffer>, key: Buffer, value: Buffer | null) => void,
  ): void {
    for (const [k, v] of c.stateChanges) write(this.stateDb, raw(k), v === null ? null : raw(v));
    for (const [k, v] of c.treeUpdate.writes) write(this.treeDb, raw(k), v === null ? null : raw(v));
    const hKey = buf(u64Key(r.height));
    write(this.blocks, hKey, buf(r.block));
    write(this.receiptsDb, hKey, buf(r.receipts));
    write(this.hashes, buf(r.hash), hKey);
    for (const [hash, loc] of r.txLocations) write(this.txIndex, raw(hash), raw(loc));
    if (r.commit) write(this.commits, hKey, buf(r.commit));
    for (const [k, v] of this.history.writes(r.height, r.undo)) write(this.history.db, k, v);
    write(this.meta, HEAD_KEY, raw(r.head));
  }

  /**
   * Genesis only, before block 0: write a chunk of the initial state in its own transaction (a
   * million accounts in one transaction kept ~300 MB of LMDB dirty pages in memory for good).
   */
  writeGenesisState(changes: ReadonlyArray<readonly [Uint8Array, Uint8Array | null]>): void {
    this.assertNoBlocks();
    this.root.transactionSync(() => {
      for (const [k, v] of changes) {
        if (v === null) this.stateDb.removeSync(buf(k));
        else this.stateDb.putSync(buf(k), buf(v));
      }
    });
  }

  /**
   * Genesis only, after writeGenesisState: add the whole written state to the state tree, in
   * key-hash buckets of ~8 k keys with one transaction each (genesis-tree.ts). Block 0 then
   * commits the resulting root with no further state changes.
   */
  buildGenesisTree(bucketSize = GENESIS_TREE_BUCKET): void {
    this.assertNoBlocks();
    buildTreeInBuckets(
      this.stateTree,
      {
        keys: () => this.stateDb.getKeys() as Iterable<Buffer>,
        get: (key) => this.stateDb.get(buf(key)),
        writeTree: (update) =>
          this.root.transactionSync(() => {
            for (const [k, v] of update.writes) {
              if (v === null) this.treeDb.removeSync(buf(k));
              else this.treeDb.putSync(buf(k), buf(v));
            }
          }),
      },
      bucketSize,
    );
  }

  private assertNoBlocks(): void {
    if (this.head() !== null)
      throw new StoreError("STORE_CONFLICT", "genesis state written to a store that has blocks");
  }

  /**
   * The lowest height whose state `stateAt` can read: the head minus the blocks of history kept,
   * or later when the store has kept history for fewer blocks so far.
   */
  oldestState(): bigint {
    return this.history.oldest(this.head()?.height ?? 0n, this.pending?.block.height ?? null);
  }

  /**
   * The state as it was after block `height`, or null for a height above the head or older than
   * `oldestState()`. The head's state is this store itself; a past one reads through the undo
   * records of the blocks since (state-history.ts). Read it at once: a block committed later
   * moves the state it is laid over.
   */
  stateAt(height: bigint): StateReader | null {
    const head = this.head();
    if (head === null || height > head.height || height < 0n) return null;
    if (height === head.height) return this;
    if (height < this.oldestState()) return null;
    return this.history.reader(height, head.height, (h) => this.pendingAt(h)?.undo ?? undefined, this);
  }

  /** The commit certificate that decided block `height` (consensus wire format), or null. */
  commitOf(height: bigint): Uint8Array | null {
    const v = this.pendingAt(height)?.commit ?? this.commits.get(buf(u64Key(height)));
    return v ? new Uint8Array(v) : null;
  }

  /**
   * Record the validator set (encoded by the caller) that signs heights from `height` on, until
   * a later record. Idempotent; written after the block that decided it, and re-derivable from
   * state at the head, so it needs no place in the block's transaction.
   */
  putValidatorSet(height: bigint, encoded: Uint8Array): void {
    this.vsets.putSync(buf(u64Key(height)), buf(encoded));
  }

  /** The encoded validator set that signs `height`: the latest record at or below it, or null. */
  validatorSetAt(height: bigint): Uint8Array | null {
    for (const { value } of this.vsets.getRange({ start: buf(u64Key(height)), reverse: true, limit: 1 })) {
      return new Uint8Array(value);
    }
    return null;
  }

  /** Close once a block still being written has landed. */
  async close(): Promise<void> {
    await this.pending?.written.catch(() => {});
    await this.root.close();
  }
}
