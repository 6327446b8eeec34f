import type { Address } from "../crypto/index.js";
import type { Hex } from "../lib/index.js";
import { type SignedTx, TxError, TxErrorCode } from "../types/index.js";
import { checkStateless } from "./checks.js";
import { makeEntry, outbids, type PoolEntry } from "./entry.js";
import { refusal } from "./errors.js";
import { EvictionIndex } from "./eviction.js";
import type { AccountView, PooledTx, SenderRecovery } from "./interface.js";
import { type MempoolOptions, type ResolvedMempoolOptions, resolveMempoolOptions } from "./options.js";
import { reapPending } from "./reap.js";
import { SenderTxs } from "./sender-txs.js";

/** Services the mempool needs. */
export interface MempoolDeps {
  accounts: AccountView;
  recovery: SenderRecovery;
}

/** What a committed block did that concerns the pool. */
export interface CommittedTxs {
  txHashes: Hex[];
  /** Senders whose nonce or balance the block changed. */
  senders: Address[];
}

/** Transactions held: executable now, waiting (gap or funds), and their total raw size. */
export interface MempoolStats {
  pending: number;
  queued: number;
  bytes: number;
}

/** The pool's transactions, pending and queued (`Mempool.content`). */
export interface MempoolContent {
  pending: PooledTx[];
  queued: PooledTx[];
}

/** Stale eviction candidates tolerated before the index is rebuilt (keeps it O(senders)). */
const EVICTION_SLACK = 1024;

/**
 * The transaction pool: admission with geth's checks and wording, per-sender nonce queues,
 * replacement by fee bump, eviction of the cheapest when full, and block candidates by tip
 * (DESIGN §6). Senders are recovered once, in batches, by `deps.recovery`.
 */
export class Mempool {
  /** The options in force, defaults filled in. */
  readonly options: ResolvedMempoolOptions;
  private readonly accounts: AccountView;
  private readonly recovery: SenderRecovery;
  private readonly byHash = new Map<Hex, PoolEntry>();
  private readonly senders = new Map<Address, SenderTxs>();
  /** Senders whose next nonce is held but not covered by their balance. */
  private readonly fundsBlocked = new Set<Address>();
  private readonly eviction: EvictionIndex;
  private pendingTotal = 0;
  private bytes = 0;
  private seq = 0;
  private admissionTurn: Promise<void> = Promise.resolve();

  constructor(options: MempoolOptions, deps: MempoolDeps) {
    this.options = resolveMempoolOptions(options);
    this.accounts = deps.accounts;
    this.recovery = deps.recovery;
    this.eviction = new EvictionIndex((address) => this.senders.get(address));
  }

  /** Admit one raw transaction; rejects with the TxError a client sees. */
  async add(raw: Uint8Array): Promise<PooledTx> {
    const [result] = await this.addMany([raw]);
    if (result instanceof TxError) throw result;
    return result as PooledTx;
  }

  /**
   * Admit a batch: decode and check all, recover their senders in one call, then admit in order.
   * One result per input: the pooled transaction or why it was refused.
   */
  async addMany(raws: readonly Uint8Array[]): Promise<Array<PooledTx | TxError>> {
    // Batches are admitted in call order; their recoveries still overlap.
    const previous = this.admissionTurn;
    let release = (): void => {};
    this.admissionTurn = new Promise<void>((resolve) => {
      release = resolve;
    });
    try {
      const results = new Array<PooledTx | TxError>(raws.length);
      const decoded: Array<{ index: number; tx: SignedTx }> = [];
      raws.forEach((raw, index) => {
        try {
          decoded.push({ index, tx: checkStateless(raw, this.options) });
        } catch (err) {
          if (!(err instanceof TxError)) throw err;
          results[index] = err;
        }
      });
      const senders = decoded.length === 0 ? [] : await this.recovery.recover(decoded.map((d) => d.tx));
      await previous;
      const fresh = new Set<Address>();
      decoded.forEach(({ index, tx }, k) => {
        results[index] = this.admit(tx, senders[k] ?? null, fresh);
      });
      return results;
    } finally {
      release();
    }
  }

  /**
   * The block candidate: pending transactions by tip across senders, each sender's in nonce
   * order, within `maxGas` (sum of gas limits) and `maxBytes` (sum of raw sizes).
   */
  reap(maxGas: bigint, maxBytes: number): PooledTx[] {
    return reapPending(this.senders.values(), maxGas, maxBytes);
  }

  /** After a block commits: drop its transactions and those it made stale, promote the rest. */
  update(committed: CommittedTxs): void {
    const touched = new Set<Address>(committed.senders);
    for (const hash of committed.txHashes) {
      const entry = this.byHash.get(hash);
      if (entry !== undefined) touched.add(entry.sender);
    }
    // A balance that could not cover a sender's next nonce may have grown since.
    for (const address of this.fundsBlocked) touched.add(address);
    // The new account nonces drop each sender's included transactions in one cut ...
    for (const address of touched) {
      const s = this.senders.get(address);
      if (s !== undefined) this.refresh(s);
    }
    // ... and what the block dropped for good (bad nonce, no funds) goes one by one.
    for (const hash of committed.txHashes) {
      const entry = this.byHash.get(hash);
      if (entry !== undefined) this.remove(entry);
    }
  }

  /** A pooled transaction by hash. */
  get(hash: Hex): PooledTx | null {
    return this.byHash.get(hash) ?? null;
  }

  /** The next nonce for `address`, counting its pending transactions. */
  pendingNonce(address: Address): bigint {
    const committed = this.accounts.getNonce(address);
    const next = this.senders.get(address)?.nextNonce() ?? committed;
    return next > committed ? next : committed;
  }

  /** Counts of pending and queued transactions and their total raw size. */
  stats(): MempoolStats {
    return { pending: this.pendingTotal, queued: this.byHash.size - this.pendingTotal, bytes: this.bytes };
  }

  /**
   * What the pool holds (geth's txpool_content), of every sender or of `from` only: pending
   * (executable now, in nonce order) and queued (behind a nonce gap or not yet affordable),
   * by sender address, then nonce.
   */
  content(from?: Address): MempoolContent {
    const out: MempoolContent = { pending: [], queued: [] };
    const senders = from === undefined ? [...this.senders.values()] : [this.senders.get(from)];
    senders.sort((a, b) => ((a?.address ?? "") < (b?.address ?? "") ? -1 : 1));
    for (const s of senders) {
      if (s === undefined) continue;
      for (const e of s.entries()) (s.isPending(e.tx.nonce) ? out.pending : out.queued).push(e);
    }
    return out;
  }

  /** Transactions held. */
  get size(): number {
    return this.byHash.size;
  }

  private admit(tx: SignedTx, sender: Address | null, fresh: Set<Address>): PooledTx | TxError {
    try {
      return this.admitOrThrow(tx, sender, fresh);
    } catch (err) {
      if (err instanceof TxError) return err;
      throw err;
    }
  }

  /** The stateful checks, in geth's order, then insertion (evicting if the pool is full). */
  private admitOrThrow(tx: SignedTx, sender: Address | null, fresh: Set<Address>): PooledTx {
    const o = this.options;
    if (sender === null) throw refusal(TxErrorCode.InvalidSender);
    if (this.byHash.has(tx.hash)) throw refusal(TxErrorCode.AlreadyKnown, { hash: tx.hash });
    const s = this.senderFor(sender, fresh);
    if (tx.nonce < s.nonce) throw refusal(TxErrorCode.NonceTooLow, { nonce: tx.nonce, accountNonce: s.nonce });
    const next = s.nextNonce();
    if (tx.nonce > next + o.maxNonceGap) {
      throw refusal(TxErrorCode.NonceTooHigh, { nonce: tx.nonce, pendingNonce: next, maxNonceGap: o.maxNonceGap });
    }
    const entry = makeEntry(tx, sender, this.seq + 1, o.minGasPrice);
    const old = s.get(tx.nonce);
    // Like geth: the balance must cover this transaction and every pending one it does not replace.
    const committedSpend = old !== undefined && s.isPending(old.tx.nonce) ? s.pendingCost - old.cost : s.pendingCost;
    if (s.balance < committedSpend + entry.cost) {
      throw refusal(TxErrorCode.InsufficientFunds, {
        balance: s.balance,
        cost: entry.cost,
        pendingCost: committedSpend,
      });
    }
    if (old !== undefined && !outbids(tx, old.tx, o.priceBumpPercent)) {
      throw refusal(TxErrorCode.ReplacementUnderpriced, {
        replaces: old.tx.hash,
        priceBumpPercent: o.priceBumpPercent,
      });
    }
    if (old === undefined && s.size >= o.maxPerSender) {
      throw refusal(TxErrorCode.SenderQueueFull, { pooled: s.size, maxPerSender: o.maxPerSender });
    }
    this.makeRoom(entry, old);
    this.seq++;
    this.insert(s, entry);
    return entry;
  }

  /** Evict cheaper transactions until `entry` fits within the total limits, or refuse it. */
  private makeRoom(entry: PoolEntry, old: PoolEntry | undefined): void {
    const o = this.options;
    const count = this.byHash.size + (old === undefined ? 1 : 0) - o.maxTotal;
    const bytes = this.bytes + entry.size - (old?.size ?? 0) - o.maxTotalBytes;
    if (count <= 0 && bytes <= 0) return;
    const victims = this.eviction.select(entry, { count: Math.max(0, count), bytes: Math.max(0, bytes) });
    if (victims === null) throw refusal(TxErrorCode.PoolFull, { maxTotal: o.maxTotal, maxTotalBytes: o.maxTotalBytes });
    for (const victim of victims) this.remove(victim);
  }

  /** The sender's queue with its account read once per batch (a new one is kept only if used). */
  private senderFor(address: Address, fresh: Set<Address>): SenderTxs {
    const known = fresh.has(address);
    fresh.add(address);
    const s = this.senders.get(address);
    if (s === undefined) {
      return new SenderTxs(address, this.accounts.getNonce(address), this.accounts.getBalance(address));
    }
    if (!known) this.refresh(s);
    return s;
  }

  private insert(s: SenderTxs, entry: PoolEntry): void {
    this.change(s, () => {
      const replaced = s.put(entry);
      if (replaced !== undefined) this.forget(replaced);
      this.byHash.set(entry.tx.hash, entry);
      this.bytes += entry.size;
    });
  }

  private remove(entry: PoolEntry): void {
    const s = this.senders.get(entry.sender);
    if (s === undefined) return;
    this.change(s, () => {
      if (s.remove(entry.tx.nonce) !== undefined) this.forget(entry);
    });
  }

  /** Re-read the sender's account: drop transactions its nonce made stale, re-derive pending. */
  private refresh(s: SenderTxs): void {
    this.change(s, () => {
      const stale = s.setAccount(this.accounts.getNonce(s.address), this.accounts.getBalance(s.address));
      for (const entry of stale) this.forget(entry);
    });
  }

  private forget(entry: PoolEntry): void {
    this.byHash.delete(entry.tx.hash);
    this.bytes -= entry.size;
  }

  /** Apply a change to one sender and keep the pool-wide counts and indexes in step with it. */
  private change(s: SenderTxs, apply: () => void): void {
    const pendingBefore = s.pendingCount;
    const topBefore = s.top();
    apply();
    this.pendingTotal += s.pendingCount - pendingBefore;
    if (s.size === 0) {
      this.senders.delete(s.address);
      this.fundsBlocked.delete(s.address);
      return;
    }
    if (!this.senders.has(s.address)) this.senders.set(s.address, s);
    if (s.blockedByFunds()) this.fundsBlocked.add(s.address);
    else this.fundsBlocked.delete(s.address);
    const top = s.top();
    if (top !== undefined && top !== topBefore) {
      this.eviction.push(top);
      if (this.eviction.size > 2 * this.senders.size + EVICTION_SLACK) this.eviction.rebuild(this.senders.values());
    }
  }
}
