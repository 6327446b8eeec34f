import type { Address } from "../crypto/index.js";
import { toHex } from "../lib/index.js";
import type { StateReader } from "../store/index.js";
import type { Account } from "./accounts.js";
import { KeyPrefix } from "./keys.js";

/** Map key form of bytes: latin1 keeps byte order under string comparison. */
function k(key: Uint8Array): string {
  return Buffer.from(key.buffer, key.byteOffset, key.byteLength).toString("latin1");
}

function unk(s: string): Uint8Array {
  return new Uint8Array(Buffer.from(s, "latin1"));
}

/**
 * Where a StateDB sends its writes once it holds `every` changed keys (genesis: a million accounts
 * must not sit in memory as one change set). `write` must make them readable through the StateDB's
 * base before it returns.
 */
export interface StateSpill {
  every: number;
  write(changes: Array<[Uint8Array, Uint8Array | null]>): void;
}

/**
 * Block execution's write cache over committed state (DESIGN §6): reads fall through to LMDB,
 * writes stay in memory until the block commits. A journal lets a failing transaction or a
 * failing deadline branch revert its own writes (`snapshot` / `revert`). With a `spill` (genesis)
 * the writes go to it in chunks instead, and there is no journal and no revert.
 */
export class StateDB {
  private readonly writes = new Map<string, Uint8Array | null>();
  private readonly journal: Array<[string, Uint8Array | null | undefined]> = [];
  /** Decoded accounts read or written here by lowercase address (see `getAccount`); cleared on every revert. */
  readonly accountCache = new Map<Address, Account>();

  constructor(
    private readonly base: StateReader,
    private readonly spill: StateSpill | null = null,
  ) {}

  get(key: Uint8Array): Uint8Array | undefined {
    const w = this.writes.get(k(key));
    if (w !== undefined) return w ?? undefined;
    return this.base.get(key);
  }

  set(key: Uint8Array, value: Uint8Array): void {
    this.forgetAccount(key);
    this.record(k(key), value);
  }

  delete(key: Uint8Array): void {
    this.forgetAccount(key);
    this.record(k(key), null);
  }

  /** `putAccount`'s path: the record and its decoded copy (no staleness to undo). */
  writeAccount(address: Address, key: Uint8Array, value: Uint8Array | null, account: Account): void {
    this.record(k(key), value);
    this.accountCache.set(address, account);
  }

  /** An account record written by raw key (not through `putAccount`): its decoded copy is stale. */
  private forgetAccount(key: Uint8Array): void {
    if (key[0] === KeyPrefix.account && key.length === 21 && this.accountCache.size > 0) {
      this.accountCache.delete(toHex(key.subarray(1)));
    }
  }

  private record(key: string, value: Uint8Array | null): void {
    if (this.spill === null) this.journal.push([key, this.writes.get(key)]);
    this.writes.set(key, value);
    if (this.spill !== null && this.writes.size >= this.spill.every) this.flush();
  }

  /** Send the pending writes (sorted by key) to the spill and forget them; a no-op when there are none. */
  flush(): void {
    if (this.spill === null) throw new Error("StateDB: flush without a spill");
    if (this.writes.size === 0) return;
    this.spill.write(this.changes());
    this.writes.clear();
    // The decoded copies are still right, but would end up holding every genesis account.
    this.accountCache.clear();
  }

  /** A point to revert to. */
  snapshot(): number {
    if (this.spill !== null) throw new Error("StateDB: a spilling state cannot revert");
    return this.journal.length;
  }

  /** Undo every write made after `snap`. */
  revert(snap: number): void {
    this.accountCache.clear();
    while (this.journal.length > snap) {
      const [key, prev] = this.journal.pop() as [string, Uint8Array | null | undefined];
      if (prev === undefined) this.writes.delete(key);
      else this.writes.set(key, prev);
    }
  }

  /** Entries with start <= key < end, committed merged with pending writes, in key order. */
  *range(start: Uint8Array, end: Uint8Array): Generator<{ key: Uint8Array; value: Uint8Array }> {
    const s = k(start);
    const e = k(end);
    const pending = [...this.writes.entries()]
      .filter(([key]) => key >= s && key < e)
      .sort(([a], [b]) => (a < b ? -1 : 1));
    let i = 0;
    for (const entry of this.base.range(start, end)) {
      const key = k(entry.key);
      while (i < pending.length && (pending[i] as [string, unknown])[0] < key) {
        const [pk, pv] = pending[i++] as [string, Uint8Array | null];
        if (pv) yield { key: unk(pk), value: pv };
      }
      if (i < pending.length && (pending[i] as [string, unknown])[0] === key) {
        const [, pv] = pending[i++] as [string, Uint8Array | null];
        if (pv) yield { key: entry.key, value: pv };
        continue;
      }
      yield { key: new Uint8Array(entry.key), value: new Uint8Array(entry.value) };
    }
    while (i < pending.length) {
      const [pk, pv] = pending[i++] as [string, Uint8Array | null];
      if (pv) yield { key: unk(pk), value: pv };
    }
  }

  /** The net changes, sorted by key (for the state tree and the commit). */
  changes(): Array<[Uint8Array, Uint8Array | null]> {
    return [...this.writes.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([key, v]) => [unk(key), v]);
  }
}
