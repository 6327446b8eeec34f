import type { Address } from "../crypto/index.js";
import { bytesFromKey, bytesKey, toHex } from "../lib/index.js";
import type { StateReader } from "../store/index.js";
import { type Account, decodeAccount, EMPTY_ACCOUNT, encodeAccount, isEmptyAccount } from "./accounts.js";
import { accountKey, KeyPrefix } from "./keys.js";

/** Map key form of bytes: latin1 keeps byte order under string comparison. */
const k = bytesKey;
const unk = bytesFromKey;

/**
 * Where a StateDB sends its writes once it holds `every` changed keys (genesis: a million accounts
 * must not sit in memory as one change set). `write` must make them readable through the StateDB's
 * base before it returns.
 */
export interface StateSpill {
  every: number;
  write(changes: Array<[Uint8Array, Uint8Array | null]>): void;
}

/** A journal entry: a raw key's previous value, or an account's (by lowercase address). */
type JournalEntry =
  | { account: false; key: string; prev: Uint8Array | null | undefined }
  | { account: true; key: Address; prev: Account | null | undefined };

const ACCOUNT_KEYS_START = String.fromCharCode(KeyPrefix.account);
const ACCOUNT_KEYS_END = String.fromCharCode(KeyPrefix.account + 1);

/** The account address a raw state key belongs to (lowercase), or null for other keys. */
function accountOf(key: Uint8Array): Address | null {
  return key[0] === KeyPrefix.account && key.length === 21 ? toHex(key.subarray(1)) : null;
}

/**
 * Block execution's write cache over committed state (DESIGN §6): reads fall through to LMDB,
 * writes stay in memory until the block commits. A journal lets a failing transaction or a
 * failing deadline branch revert its own writes (`snapshot` / `revert`). With a `spill` (genesis)
 * the writes go to it in chunks instead, and there is no journal and no revert.
 *
 * Accounts are held decoded, by lowercase address: a transfer reads and writes its sender, its
 * recipient and the fee collector five times, and each record is encoded once, in `changes`.
 * Raw-key reads and writes of account records (a module's metered store) go through the same
 * decoded map, so both views always agree.
 */
export class StateDB {
  private readonly writes = new Map<string, Uint8Array | null>();
  /** Accounts written here (null: deleted), by lowercase address. */
  private readonly accountWrites = new Map<Address, Account | null>();
  private readonly journal: JournalEntry[] = [];
  /** Decoded accounts read or written here, by lowercase address; cleared on every revert. */
  private readonly accountCache = new Map<Address, Account>();

  constructor(
    private readonly base: StateReader,
    private readonly spill: StateSpill | null = null,
  ) {}

  get(key: Uint8Array): Uint8Array | undefined {
    const address = accountOf(key);
    if (address !== null) {
      const a = this.readAccount(address);
      return isEmptyAccount(a) ? undefined : encodeAccount(a);
    }
    const w = this.writes.get(k(key));
    if (w !== undefined) return w ?? undefined;
    return this.base.get(key);
  }

  set(key: Uint8Array, value: Uint8Array): void {
    const address = accountOf(key);
    if (address !== null) this.writeAccount(address, decodeAccount(value));
    else this.record(k(key), value);
  }

  delete(key: Uint8Array): void {
    const address = accountOf(key);
    if (address !== null) this.writeAccount(address, EMPTY_ACCOUNT);
    else this.record(k(key), null);
  }

  /** `getAccount`'s path: an account by lowercase address (absent: nonce 0, balance 0). */
  readAccount(address: Address): Account {
    const hit = this.accountCache.get(address);
    if (hit !== undefined) return hit;
    const written = this.accountWrites.get(address);
    let a: Account;
    if (written !== undefined) a = written ?? EMPTY_ACCOUNT;
    else {
      const v = this.base.get(accountKey(address));
      a = v ? decodeAccount(v) : EMPTY_ACCOUNT;
    }
    this.accountCache.set(address, a);
    return a;
  }

  /** `putAccount`'s path: an account by lowercase address; an empty one is deleted (EIP-161). */
  writeAccount(address: Address, account: Account): void {
    const value = isEmptyAccount(account) ? null : account;
    if (this.spill === null) this.journal.push({ account: true, key: address, prev: this.accountWrites.get(address) });
    this.accountWrites.set(address, value);
    this.accountCache.set(address, account);
    this.spillIfFull();
  }

  private record(key: string, value: Uint8Array | null): void {
    if (this.spill === null) this.journal.push({ account: false, key, prev: this.writes.get(key) });
    this.writes.set(key, value);
    this.spillIfFull();
  }

  private spillIfFull(): void {
    if (this.spill !== null && this.writes.size + this.accountWrites.size >= this.spill.every) this.flush();
  }

  /** Send the pending writes (sorted by key) to the spill and forget them; a no-op when there are none. */
  flush(): void {
    if (this.spill === null) throw new Error("StateDB: flush without a spill");
    if (this.writes.size + this.accountWrites.size === 0) return;
    this.spill.write(this.changes());
    this.writes.clear();
    this.accountWrites.clear();
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
      const e = this.journal.pop() as JournalEntry;
      if (e.account) {
        if (e.prev === undefined) this.accountWrites.delete(e.key);
        else this.accountWrites.set(e.key, e.prev);
      } else if (e.prev === undefined) this.writes.delete(e.key);
      else this.writes.set(e.key, e.prev);
    }
  }

  /**
   * Pending writes as map-key form → record (null: deleted), accounts encoded, unsorted; only
   * those in [start, end) when given (a module's range scan must not encode every account).
   */
  private pending(start?: string, end?: string): Array<[string, Uint8Array | null]> {
    const inRange = (key: string): boolean => (start === undefined || key >= start) && (end === undefined || key < end);
    const out = [...this.writes.entries()].filter(([key]) => inRange(key));
    // Account keys are 0x01 ‖ address: all of them sort in [0x01, 0x02).
    if ((start === undefined || start < ACCOUNT_KEYS_END) && (end === undefined || end > ACCOUNT_KEYS_START)) {
      for (const [address, a] of this.accountWrites) {
        const key = k(accountKey(address));
        if (inRange(key)) out.push([key, a === null ? null : encodeAccount(a)]);
      }
    }
    return out;
  }

  /** Entries with start <= key < end, committed merged with pending writes, in key order. */
  *range(start: Uint8Array, end: Uint8Array): Generator<{ key: Uint8Array; value: Uint8Array }> {
    const s = k(start);
    const e = k(end);
    const pending = this.pending(s, e).sort(([a], [b]) => (a < b ? -1 : 1));
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
    return this.pending()
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([key, v]) => [unk(key), v]);
  }
}
