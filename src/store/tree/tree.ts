import { bytesEqual, compareBytes } from "../../lib/index.js";
import { EMPTY_ROOT, TreeHasher } from "./hash.js";
import type { StateTree, TreeProof, TreeUpdate } from "./interface.js";
import type { Child, Inner, Stub } from "./node.js";
import { DEFAULT_CACHE_DEPTH, type StateTreeOptions, type TreeNodeReader } from "./options.js";
import { decodePage, decodeRoot, encodeRoot, pageKey, ROOT_RECORD_KEY } from "./page.js";
import { RECORD_CHUNK } from "./page-changes.js";
import { proveInTree } from "./proof.js";
import { type Change, UpdateBuilder } from "./update.js";

/** A computed update; remembers the tree it was computed from and the new in-memory root. */
class BinaryTreeUpdate implements TreeUpdate {
  constructor(
    readonly root: Uint8Array,
    readonly writes: Array<readonly [key: Uint8Array, value: Uint8Array | null]>,
    /** @internal */ readonly base: Uint8Array,
    /** @internal */ readonly next: Child | null,
    /** @internal The record buffers of `writes`, reused once the update is committed. */
    readonly chunks: Uint8Array[],
  ) {}
}

/**
 * Record buffers kept for reuse (8 MB: the records of a block of ~15 k transfers). Without reuse
 * every update's buffers waited for V8 to collect them, and a 1 M-account genesis (128 updates)
 * left ~70 MB more malloc heap behind for good (issue #5).
 */
const SPARE_CHUNKS = (8 * 2 ** 20) / RECORD_CHUNK;

/** Size counters of the last `computeUpdate`, for benchmarks. */
export interface UpdateStats {
  /** Page records read from LMDB. */
  pageReads: number;
  puts: number;
  deletes: number;
}

/** The compressed binary Merkle trie over keccak256(key) (README.md), stored in one LMDB database. */
export class BinaryStateTree implements StateTree {
  private rootNode: Child | null;
  private readonly hasher: TreeHasher;
  private readonly cacheDepth: number;
  private readonly readValue: ((key: Uint8Array) => Uint8Array | undefined) | null;
  private reads = 0;
  /** Record buffers of committed updates, free for the next ones. */
  private readonly spare: Uint8Array[] = [];
  /** Counters of the last computeUpdate. */
  lastStats: UpdateStats = { pageReads: 0, puts: 0, deletes: 0 };

  constructor(
    private readonly db: TreeNodeReader,
    options: StateTreeOptions = {},
  ) {
    this.hasher = new TreeHasher(options.keccak);
    this.cacheDepth = options.cacheDepth ?? DEFAULT_CACHE_DEPTH;
    this.readValue = options.readValue ?? null;
    const record = db.get(ROOT_RECORD_KEY);
    this.rootNode = record === undefined ? null : decodeRoot(asBytes(record));
  }

  get root(): Uint8Array {
    return this.rootNode === null ? EMPTY_ROOT : this.rootNode.hash;
  }

  computeUpdate(changes: ReadonlyArray<readonly [key: Uint8Array, value: Uint8Array | null]>): TreeUpdate {
    const sorted = this.toChanges(changes);
    const base = this.committedRoot();
    this.reads = 0;
    const builder = new UpdateBuilder(
      {
        hasher: this.hasher,
        cacheDepth: this.cacheDepth,
        load: (stub) => this.load(stub),
        child: (inner, side) => this.childOf(inner, side),
        newRecordChunk: () => this.spare.pop() ?? new Uint8Array(RECORD_CHUNK),
      },
      sorted,
    );
    const next = builder.run(base);
    const writes = builder.pages.writes(next);
    let deletes = 0;
    for (const [, value] of writes) if (value === null) deletes++;
    if (next !== base) writes.push([ROOT_RECORD_KEY, next === null ? null : encodeRoot(next)]);
    this.lastStats = { pageReads: this.reads, puts: writes.length - deletes, deletes };
    const root = next === null ? EMPTY_ROOT : next.hash;
    return new BinaryTreeUpdate(root, writes, this.root, next, builder.pages.chunks);
  }

  commit(update: TreeUpdate): void {
    this.adopt(update);
    this.release(update);
  }

  adopt(update: TreeUpdate): void {
    if (!(update instanceof BinaryTreeUpdate)) throw new TypeError("state tree: commit of an update from another tree");
    if (!bytesEqual(update.base, this.root)) {
      throw new Error("state tree: commit of an update computed from another root (stale proposal)");
    }
    this.rootNode = update.next;
  }

  release(update: TreeUpdate): void {
    if (!(update instanceof BinaryTreeUpdate))
      throw new TypeError("state tree: release of an update from another tree");
    // Its records are in LMDB now (the caller wrote them first): their buffers serve the next updates.
    for (const chunk of update.chunks) if (this.spare.length < SPARE_CHUNKS) this.spare.push(chunk);
    update.chunks.length = 0;
  }

  prove(key: Uint8Array): TreeProof {
    return proveInTree(
      this.hasher,
      this.committedRoot(),
      key,
      (inner, side) => this.childOf(inner, side),
      this.readValue,
    );
  }

  /** Hashes, sorts and de-duplicates (last write wins) the changed keys. */
  private toChanges(changes: ReadonlyArray<readonly [Uint8Array, Uint8Array | null]>): Change[] {
    const out: Array<Change & { head: number }> = [];
    for (const [key, value] of changes) {
      const keyHash = this.hasher.hash(key);
      const head =
        (((keyHash[0] as number) << 24) | ((keyHash[1] as number) << 16) | ((keyHash[2] as number) << 8)) >>> 0;
      out.push({ keyHash, valueHash: value === null ? null : this.hasher.hash(value), head });
    }
    // Stable sort keeps the order of duplicates; keep the last of each run.
    out.sort((a, b) => a.head - b.head || compareBytes(a.keyHash, b.keyHash));
    let w = 0;
    for (let r = 0; r < out.length; r++) {
      const next = out[r + 1];
      if (next !== undefined && bytesEqual(next.keyHash, out[r]!.keyHash)) continue;
      out[w++] = out[r]!;
    }
    out.length = w;
    return out;
  }

  /** The committed root, loaded into memory when it is an inner node. */
  private committedRoot(): Child | null {
    const r = this.rootNode;
    if (r !== null && r.kind === 2) this.rootNode = this.load(r);
    return this.rootNode;
  }

  /** Child of a committed inner node, cached in it when shallow enough. */
  private childOf(inner: Inner, side: 0 | 1): Child {
    const c = side === 0 ? inner.left : inner.right;
    if (c.kind !== 2) return c;
    const loaded = this.load(c);
    if (c.depth < this.cacheDepth) {
      if (side === 0) inner.left = loaded;
      else inner.right = loaded;
    }
    return loaded;
  }

  private load(stub: Stub): Inner {
    this.reads++;
    const record = this.db.get(pageKey(stub.depth, stub.prefix));
    if (record === undefined) throw new Error(`state tree: missing page of the node at depth ${stub.depth}`);
    const top = decodePage(asBytes(record));
    if (top.depth !== stub.depth || !bytesEqual(top.hash, stub.hash)) {
      throw new Error(`state tree: page of the node at depth ${stub.depth} does not match its parent`);
    }
    return top;
  }
}

/** A plain Uint8Array view of an LMDB value (a Buffer, whose slice would not copy). */
function asBytes(b: Uint8Array): Uint8Array {
  return new Uint8Array(b.buffer, b.byteOffset, b.byteLength);
}
