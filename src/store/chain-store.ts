import { type Database, open, type RootDatabase } from "lmdb";
import { type Address, addressFromBytes, keccak256 } from "../crypto/index.js";
import { CmtError, fromHex, type Hex, toHex } from "../lib/index.js";
import {
  type Block,
  decodeBlock,
  decodeReceipts,
  encodeBlock,
  encodeBlockReceipts,
  encodeReceipt,
  expectBytes,
  expectList,
  type Receipt,
  rlpDecode,
  rlpEncode,
} from "../types/index.js";
import { buf, readU64, u64Key } from "./codec.js";
import { buildTreeInBuckets, GENESIS_TREE_BUCKET } from "./genesis-tree.js";
import { upgradeTreeRecords } from "./tree/index.js";
import type { StateTree, TreeUpdate } from "./tree/interface.js";

/** Everything one block commit writes, in one LMDB write transaction. */
export interface BlockCommit {
  block: Block;
  hash: Hex;
  receipts: Receipt[];
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

/** The store could not be opened or is inconsistent. */
export class StoreError extends CmtError<"STORE_CORRUPT" | "STORE_CONFLICT"> {}

/**
 * The node's LMDB environment: state, state-tree nodes, blocks, receipts and indexes
 * (DESIGN §3). A block is committed with all its writes in one LMDB transaction, so a crash at
 * any moment leaves either the whole block or nothing.
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
  private tree: StateTree | null = null;

  constructor(options: { path: string }) {
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
    if (this.head() === null) this.discardInterruptedGenesis();
    this.upgradeTreeLayout();
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
    return this.stateDb.get(buf(key));
  }

  range(start: Uint8Array, end: Uint8Array): Iterable<{ key: Uint8Array; value: Uint8Array }> {
    return this.stateDb.getRange({ start: buf(start), end: buf(end) }) as Iterable<{ key: Buffer; value: Buffer }>;
  }

  /** Height and hash of the last committed block, or null for an empty store. */
  head(): { height: bigint; hash: Hex } | null {
    const v = this.meta.get(HEAD_KEY);
    if (!v) return null;
    return { height: readU64(v), hash: toHex(v.subarray(8)) };
  }

  blockByHeight(height: bigint): Block | null {
    const v = this.blocks.get(buf(u64Key(height)));
    return v ? decodeBlock(v) : null;
  }

  /** Encoded size of a block. */
  blockSize(height: bigint): number {
    return this.blocks.get(buf(u64Key(height)))?.length ?? 0;
  }

  heightByHash(hash: Hex): bigint | null {
    const v = this.hashes.get(buf(fromHex(hash)));
    return v ? readU64(v) : null;
  }

  txLocation(hash: Hex): { height: bigint; index: number } | null {
    const v = this.txIndex.get(buf(fromHex(hash)));
    if (!v) return null;
    return { height: readU64(v), index: v.readUInt32BE(8) };
  }

  receipts(height: bigint): { receipts: Receipt[]; senders: Address[] } | null {
    const v = this.receiptsDb.get(buf(u64Key(height)));
    if (!v) return null;
    const [r, s] = expectList(rlpDecode(v), 2, "block receipts");
    if (!Array.isArray(s)) throw new StoreError("STORE_CORRUPT", "senders must be a list");
    return {
      receipts: decodeReceipts(rlpEncode(r)),
      senders: s.map((x) => addressFromBytes(expectBytes(x, "sender"))),
    };
  }

  /** Persist a block, its receipts, indexes, state and tree changes atomically; returns the block's encoded size. */
  commitBlock(c: BlockCommit): { size: number } {
    const height = c.block.header.height;
    const head = this.head();
    const expected = head === null ? 0n : head.height + 1n;
    if (height !== expected) throw new StoreError("STORE_CONFLICT", `commit of height ${height}, expected ${expected}`);
    const hKey = buf(u64Key(height));
    const hashBytes = buf(fromHex(c.hash));
    let size = 0;
    this.root.transactionSync(() => {
      for (const [k, v] of c.stateChanges) {
        if (v === null) this.stateDb.removeSync(raw(k));
        else this.stateDb.putSync(raw(k), raw(v));
      }
      for (const [k, v] of c.treeUpdate.writes) {
        if (v === null) this.treeDb.removeSync(raw(k));
        else this.treeDb.putSync(raw(k), raw(v));
      }
      const encoded = c.encodedBlock ?? encodeBlock(c.block);
      size = encoded.length;
      this.blocks.putSync(hKey, buf(encoded));
      const receipts = encodeBlockReceipts(c.encodedReceipts ?? c.receipts.map(encodeReceipt), c.senders);
      this.receiptsDb.putSync(hKey, buf(receipts));
      this.hashes.putSync(hashBytes, hKey);
      c.block.txs.forEach((tx, i) => {
        const loc = Buffer.alloc(12);
        hKey.copy(loc, 0);
        loc.writeUInt32BE(i, 8);
        this.txIndex.putSync(raw(c.txHashes?.[i] ?? keccak256(tx)), loc);
      });
      if (c.commit) this.commits.putSync(hKey, buf(c.commit));
      this.meta.putSync(HEAD_KEY, Buffer.concat([hKey, hashBytes]));
    });
    this.tree?.commit(c.treeUpdate);
    return { size };
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

  /** The commit certificate that decided block `height` (consensus wire format), or null. */
  commitOf(height: bigint): Uint8Array | null {
    const v = this.commits.get(buf(u64Key(height)));
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

  close(): Promise<void> {
    return this.root.close();
  }
}
