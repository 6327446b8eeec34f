import type { Address } from "../crypto/index.js";
import type { PoolEntry } from "./entry.js";

/**
 * One sender's transactions by nonce. "Pending" is the run of consecutive nonces from the
 * account nonce whose cumulative cost the balance covers: executable in that order. Everything
 * else is "queued": behind a nonce gap, or not yet affordable.
 */
export class SenderTxs {
  /** Account nonce as last read from state. */
  nonce: bigint;
  /** Account balance as last read from state. */
  balance: bigint;
  private readonly byNonce = new Map<bigint, PoolEntry>();
  /** Nonces held, ascending. */
  private readonly nonces: bigint[] = [];
  private pending = 0;
  private pendingSpend = 0n;

  constructor(
    readonly address: Address,
    nonce: bigint,
    balance: bigint,
  ) {
    this.nonce = nonce;
    this.balance = balance;
  }

  /** Transactions held (pending + queued). */
  get size(): number {
    return this.nonces.length;
  }

  /** Executable transactions. */
  get pendingCount(): number {
    return this.pending;
  }

  /** Sum of the pending transactions' costs. */
  get pendingCost(): bigint {
    return this.pendingSpend;
  }

  /** The nonce after the last pending transaction. */
  nextNonce(): bigint {
    return this.nonce + BigInt(this.pending);
  }

  /** True when the next nonce is held but the balance does not cover it. */
  blockedByFunds(): boolean {
    return this.byNonce.has(this.nextNonce());
  }

  /** The transaction with this nonce. */
  get(nonce: bigint): PoolEntry | undefined {
    return this.byNonce.get(nonce);
  }

  /** True when the transaction with this nonce is pending. */
  isPending(nonce: bigint): boolean {
    return nonce >= this.nonce && nonce < this.nextNonce();
  }

  /** The i-th pending transaction (0: the one executable now). */
  pendingAt(i: number): PoolEntry | undefined {
    return i < this.pending ? this.byNonce.get(this.nonce + BigInt(i)) : undefined;
  }

  /** The transaction k places below the highest nonce (0: the highest, first to evict). */
  top(k = 0): PoolEntry | undefined {
    const nonce = this.nonces[this.nonces.length - 1 - k];
    return nonce === undefined ? undefined : this.byNonce.get(nonce);
  }

  /** Every held transaction, ascending nonce. */
  *entries(): IterableIterator<PoolEntry> {
    for (const n of this.nonces) yield this.byNonce.get(n) as PoolEntry;
  }

  /** Insert, or replace the transaction with the same nonce; returns the replaced one. */
  put(entry: PoolEntry): PoolEntry | undefined {
    const nonce = entry.tx.nonce;
    const old = this.byNonce.get(nonce);
    this.byNonce.set(nonce, entry);
    if (old === undefined) this.nonces.splice(this.indexOf(nonce), 0, nonce);
    // A new nonce at or past the pending run leaves the run as it was: only extend it (the usual
    // case, a sender's next transaction; recounting from the account nonce made a burst O(n²)).
    if (old === undefined && nonce >= this.nextNonce()) this.extend();
    else this.recount();
    return old;
  }

  /** Remove the transaction with this nonce. */
  remove(nonce: bigint): PoolEntry | undefined {
    const old = this.byNonce.get(nonce);
    if (old === undefined) return undefined;
    this.byNonce.delete(nonce);
    this.nonces.splice(this.indexOf(nonce), 1);
    this.recount();
    return old;
  }

  /** Take a fresh reading of the account; returns the transactions its nonce made stale. */
  setAccount(nonce: bigint, balance: bigint): PoolEntry[] {
    // The same reading as before (a sender seen again before the next block): nothing to redo.
    if (nonce === this.nonce && balance === this.balance) return [];
    this.nonce = nonce;
    this.balance = balance;
    let cut = 0;
    while (cut < this.nonces.length && (this.nonces[cut] as bigint) < nonce) cut++;
    const stale = this.nonces.splice(0, cut).map((n) => {
      const e = this.byNonce.get(n) as PoolEntry;
      this.byNonce.delete(n);
      return e;
    });
    this.recount();
    return stale;
  }

  /** First index whose nonce is >= `nonce` (binary search). */
  private indexOf(nonce: bigint): number {
    let lo = 0;
    let hi = this.nonces.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((this.nonces[mid] as bigint) < nonce) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** Pending: consecutive from the account nonce while the balance covers the cumulative cost. */
  private recount(): void {
    this.pending = 0;
    this.pendingSpend = 0n;
    this.extend();
  }

  /** Grow the pending run past its end while the next nonce is held and affordable. */
  private extend(): void {
    let count = this.pending;
    let spend = this.pendingSpend;
    for (let n = this.nonce + BigInt(count); ; n++) {
      const e = this.byNonce.get(n);
      if (e === undefined || spend + e.cost > this.balance) break;
      spend += e.cost;
      count++;
    }
    this.pending = count;
    this.pendingSpend = spend;
  }
}
