import { bytesKey, compareBytes } from "../lib/index.js";
import { RlpError, rlpDecodeView, rlpEncode } from "../types/index.js";
import type { StateReader } from "./chain-store.js";
import { inRange, type Overlay, overlayRange } from "./overlay.js";

/** Blocks of state kept for queries at a past height by default: geth's full node serves its last 128. */
export const DEFAULT_STATE_HISTORY = 128;

type Entry = Overlay;

/**
 * What a block overwrote: every state key it changed with the value the key had before the block
 * (null: absent), sorted by key. Encoded rlp([[key, value] | [key], ...]): a one-item entry is a key
 * the block created.
 */
export function encodeUndo(entries: ReadonlyArray<Entry>): Uint8Array {
  return rlpEncode(entries.map(([k, v]) => (v === null ? [k] : [k, v])));
}

/** One block's undo record, decoded: its entries in key order and by key. */
export class UndoRecord {
  readonly entries: Entry[];
  private readonly byKey = new Map<string, Uint8Array | null>();

  constructor(bytes: Uint8Array) {
    const items = rlpDecodeView(bytes);
    if (!Array.isArray(items)) throw new RlpError("rlp: undo record must be a list");
    this.entries = items.map((item) => {
      if (!Array.isArray(item) || item.length < 1 || item.length > 2) throw new RlpError("rlp: bad undo entry");
      const [k, v] = item;
      if (!(k instanceof Uint8Array) || (v !== undefined && !(v instanceof Uint8Array))) {
        throw new RlpError("rlp: bad undo entry");
      }
      return [k, v ?? null] as const;
    });
    for (const [k, v] of this.entries) this.byKey.set(bytesKey(k), v);
  }

  /** The key's value before this block: bytes, null when absent, undefined when the block left it alone. */
  prev(key: Uint8Array): Uint8Array | null | undefined {
    return this.byKey.get(bytesKey(key));
  }
}

/**
 * State as it was after block `height`: the newest state with the undo records of the blocks after
 * `height` laid over it, oldest first (`records[0]` is block height + 1's). A key takes the value
 * the first of those blocks that changed it found; a key none of them changed reads through.
 */
export class HistoricalState implements StateReader {
  constructor(
    private readonly records: readonly UndoRecord[],
    private readonly current: StateReader,
  ) {}

  get(key: Uint8Array): Uint8Array | undefined {
    for (const r of this.records) {
      const prev = r.prev(key);
      if (prev !== undefined) return prev ?? undefined;
    }
    return this.current.get(key);
  }

  range(start: Uint8Array, end: Uint8Array): Iterable<{ key: Uint8Array; value: Uint8Array }> {
    // The past value of every key in range that a later block changed, sorted by key.
    const past = new Map<string, Entry>();
    for (const r of this.records) {
      for (const e of r.entries) {
        if (!inRange(e[0], start, end)) continue;
        const k = bytesKey(e[0]);
        if (!past.has(k)) past.set(k, e);
      }
    }
    const overlay = [...past.values()].sort((a, b) => compareBytes(a[0], b[0]));
    return overlayRange(overlay, this.current.range(start, end));
  }
}
