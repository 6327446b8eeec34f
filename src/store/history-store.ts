import type { Database, RootDatabase } from "lmdb";
import { buf, readU64, u64Key } from "./codec.js";
import { StoreError } from "./errors.js";
import { encodeUndo, HistoricalState, UndoRecord } from "./state-history.js";

/** The store's reads this needs: current state, to take the values a block overwrites. */
interface CurrentState {
  get(key: Uint8Array): Uint8Array | undefined;
  range(start: Uint8Array, end: Uint8Array): Iterable<{ key: Uint8Array; value: Uint8Array }>;
}

/** Bytes of undo records kept in memory for queries of past state (128 blocks of ~300 transfers). */
const UNDO_CACHE_BYTES = 16 * 2 ** 20;

/**
 * The undo records of the last `keep` blocks (`state-history.ts`), in their own LMDB database of
 * the chain's environment: which record a commit writes and which it drops, how far back state
 * can be read, and readers of past state over the records. ChainStore writes the records in each
 * block's transaction and hands in what is still in memory (a block being written).
 */
export class HistoryStore {
  /** Undo records read for queries of past state, by height, least recently used first. */
  private readonly cache = new Map<bigint, UndoRecord>();
  private cacheBytes = 0;

  constructor(
    readonly options: { keep: number },
    private readonly deps: { root: RootDatabase; db: Database<Buffer, Buffer> },
  ) {
    if (!Number.isSafeInteger(options.keep) || options.keep < 0) {
      throw new StoreError("STORE_CONFLICT", `stateHistory must be a whole number >= 0, not ${options.keep}`);
    }
  }

  /** The database the records live in (ChainStore writes them in the block's transaction). */
  get db(): Database<Buffer, Buffer> {
    return this.deps.db;
  }

  /** At open: drop the records a smaller `keep` than before no longer covers. */
  prune(head: bigint | null): void {
    if (head === null) return;
    const keepFrom = head + 1n - BigInt(this.options.keep);
    if (keepFrom <= 0n) return;
    const old = [...this.deps.db.getKeys({ end: buf(u64Key(keepFrom)) })] as Buffer[];
    if (old.length === 0) return;
    this.deps.root.transactionSync(() => {
      for (const key of old) this.deps.db.removeSync(key);
    });
  }

  /** The undo record of a block about to change `changes`' keys of `current`, or null when none are kept. */
  recordFor(changes: ReadonlyArray<readonly [Uint8Array, unknown]>, current: CurrentState): Uint8Array | null {
    return this.options.keep === 0 ? null : encodeUndo(changes.map(([k]) => [k, current.get(k) ?? null]));
  }

  /** What committing block `height` with `undo` writes here: its record, and the drop of the one it leaves behind. */
  writes(height: bigint, undo: Uint8Array | null): Array<readonly [Buffer, Buffer | null]> {
    if (undo === null) return [];
    const out: Array<readonly [Buffer, Buffer | null]> = [[buf(u64Key(height)), undo as Buffer]];
    const dropped = height - BigInt(this.options.keep);
    if (dropped >= 0n) out.push([buf(u64Key(dropped)), null]);
    return out;
  }

  /**
   * The lowest height whose state can be read: `head` minus the blocks kept, or later when fewer
   * have been recorded so far (`pending`: a block being written, whose record is not in LMDB yet).
   */
  oldest(head: bigint, pending: bigint | null): bigint {
    if (this.options.keep === 0) return head;
    let first = pending ?? head + 1n;
    for (const key of this.deps.db.getKeys({ limit: 1 }) as Iterable<Buffer>) {
      const h = readU64(key);
      if (h < first) first = h;
    }
    const kept = head - BigInt(this.options.keep);
    const oldest = first - 1n > kept ? first - 1n : kept;
    return oldest < 0n ? 0n : oldest;
  }

  /**
   * State after block `height` (oldest() <= height < head, checked by the caller): `current` with
   * the records of height + 1 .. head laid over it; `inMemory` gives a record not in LMDB yet.
   */
  reader(
    height: bigint,
    head: bigint,
    inMemory: (h: bigint) => Uint8Array | undefined,
    current: CurrentState,
  ): HistoricalState {
    const heights: bigint[] = [];
    for (let b = height + 1n; b <= head; b++) heights.push(b);
    return new HistoricalState(heights, (b) => this.record(b, inMemory), current);
  }

  /** Block `height`'s record, searched in place (never decoded), from a cache of copies. */
  private record(height: bigint, inMemory: (h: bigint) => Uint8Array | undefined): UndoRecord {
    const fresh = inMemory(height);
    if (fresh) return new UndoRecord(fresh);
    const hit = this.cache.get(height);
    if (hit) {
      this.cache.delete(height);
      this.cache.set(height, hit);
      return hit;
    }
    const bytes = this.deps.db.getBinary(buf(u64Key(height)));
    if (!bytes) throw new StoreError("STORE_CORRUPT", `the undo record of block ${height} is missing`);
    const record = new UndoRecord(bytes);
    this.cache.set(height, record);
    this.cacheBytes += bytes.length;
    for (const [h, r] of this.cache) {
      if (this.cacheBytes <= UNDO_CACHE_BYTES || h === height) break;
      this.cache.delete(h);
      this.cacheBytes -= r.byteLength;
    }
    return record;
  }
}
