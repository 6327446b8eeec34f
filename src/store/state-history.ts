import { bytesEqual, bytesKey, compareBytes } from "../lib/index.js";
import type { StateReader } from "./chain-store.js";
import { StoreError } from "./errors.js";
import { type Overlay, overlayRange } from "./overlay.js";

/** Blocks of state kept for queries at a past height by default: geth's full node serves its last 128. */
export const DEFAULT_STATE_HISTORY = 128;

type Entry = Overlay;

/** Longest state key an undo record holds (LMDB's own key limit is far below). */
const MAX_KEY = 0xffff;

/**
 * What a block overwrote: every state key it changed with the value the key had before the block
 * (null: absent), sorted by key, in a layout searched where it lies (no decoding):
 *   u32 count | u32 offset of each entry | entries: u16 key length, key, u8 present, [u32 length, value]
 * A block of 5,000 transfers changes ~10,000 keys; an RLP record of them took ~7.5 ms to decode,
 * which a query 127 blocks back paid 127 times.
 */
export function encodeUndo(entries: ReadonlyArray<Entry>): Uint8Array {
  const sorted = [...entries].sort((a, b) => compareBytes(a[0], b[0]));
  let size = 4 + 4 * sorted.length;
  for (const [k, v] of sorted) {
    if (k.length > MAX_KEY) throw new StoreError("STORE_CONFLICT", `state key of ${k.length} bytes`);
    size += 3 + k.length + (v === null ? 0 : 4 + v.length);
  }
  const out = new Uint8Array(size);
  const view = new DataView(out.buffer);
  view.setUint32(0, sorted.length);
  let at = 4 + 4 * sorted.length;
  sorted.forEach(([k, v], i) => {
    view.setUint32(4 + 4 * i, at);
    view.setUint16(at, k.length);
    out.set(k, at + 2);
    at += 2 + k.length;
    out[at++] = v === null ? 0 : 1;
    if (v !== null) {
      view.setUint32(at, v.length);
      out.set(v, at + 4);
      at += 4 + v.length;
    }
  });
  return out;
}

/**
 * One block's undo record, read in place: binary search by key, views into the bytes (copy what
 * must outlive the bytes). Bounds are checked on every read; a bad record throws STORE_CORRUPT.
 */
export class UndoRecord {
  /** Entries in the record. */
  readonly size: number;
  /** The record's encoded size. */
  readonly byteLength: number;
  private readonly view: DataView;

  constructor(private readonly bytes: Uint8Array) {
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    this.byteLength = bytes.length;
    this.size = bytes.length >= 4 ? this.view.getUint32(0) : -1;
    if (this.size < 0 || 4 + 4 * this.size > bytes.length) this.corrupt("header");
  }

  /** The key's value before this block: bytes, null when absent, undefined when the block left it alone. */
  prev(key: Uint8Array): Uint8Array | null | undefined {
    const i = this.lowerBound(key);
    return i < this.size && bytesEqual(this.keyAt(i), key) ? this.valueAt(i) : undefined;
  }

  /** The entries with start <= key < end, in key order. */
  *entries(start: Uint8Array, end: Uint8Array): Generator<Entry> {
    for (let i = this.lowerBound(start); i < this.size; i++) {
      const key = this.keyAt(i);
      if (compareBytes(key, end) >= 0) return;
      yield [key, this.valueAt(i)];
    }
  }

  /** Index of the first entry whose key is >= `key`. */
  private lowerBound(key: Uint8Array): number {
    let lo = 0;
    let hi = this.size;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (compareBytes(this.keyAt(mid), key) < 0) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  private entryAt(i: number): number {
    const at = this.view.getUint32(4 + 4 * i);
    if (at + 2 > this.bytes.length) this.corrupt(`entry ${i}`);
    return at;
  }

  private keyAt(i: number): Uint8Array {
    const at = this.entryAt(i);
    const end = at + 2 + this.view.getUint16(at);
    if (end + 1 > this.bytes.length) this.corrupt(`key ${i}`);
    return this.bytes.subarray(at + 2, end);
  }

  private valueAt(i: number): Uint8Array | null {
    const at = this.entryAt(i);
    const flag = at + 2 + this.view.getUint16(at);
    if (this.bytes[flag] === 0) return null;
    if (flag + 5 > this.bytes.length) this.corrupt(`value ${i}`);
    const end = flag + 5 + this.view.getUint32(flag + 1);
    if (end > this.bytes.length) this.corrupt(`value ${i}`);
    return this.bytes.subarray(flag + 5, end);
  }

  private corrupt(what: string): never {
    throw new StoreError("STORE_CORRUPT", `undo record: bad ${what}`);
  }
}

/**
 * State as it was after block `height`: the newest state with the undo records of the blocks after
 * `height` laid over it, oldest first (`heights[0]` is height + 1). A key takes the value the first
 * of those blocks that changed it found; a key none of them changed reads through. `recordAt`
 * may hand out records whose bytes the next read of the store overwrites (LMDB without a copy):
 * each is searched, and what it yields copied, before the next is fetched.
 */
export class HistoricalState implements StateReader {
  constructor(
    private readonly heights: readonly bigint[],
    private readonly recordAt: (height: bigint) => UndoRecord,
    private readonly current: StateReader,
  ) {}

  get(key: Uint8Array): Uint8Array | undefined {
    for (const h of this.heights) {
      const prev = this.recordAt(h).prev(key);
      if (prev !== undefined) return prev === null ? undefined : prev.slice();
    }
    return this.current.get(key);
  }

  range(start: Uint8Array, end: Uint8Array): Iterable<{ key: Uint8Array; value: Uint8Array }> {
    // The past value of every key in range that a later block changed, sorted by key.
    const past = new Map<string, Entry>();
    for (const h of this.heights) {
      for (const [k, v] of this.recordAt(h).entries(start, end)) {
        const id = bytesKey(k);
        if (!past.has(id)) past.set(id, [k.slice(), v === null ? null : v.slice()]);
      }
    }
    const overlay = [...past.values()].sort((a, b) => compareBytes(a[0], b[0]));
    return overlayRange(overlay, this.current.range(start, end));
  }
}
