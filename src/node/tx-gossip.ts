import type { Address } from "../crypto/index.js";
import type { Hex, Logger } from "../lib/index.js";
import type { PooledTx } from "../mempool/interface.js";
import { expectBytes, rlpDecode, rlpEncode, type TxError } from "../types/index.js";
import type { NodeMempool } from "./mempool-port.js";

/** What transaction gossip needs of the network: one topic to publish on and listen to. */
export interface TxTopic {
  publish(data: Uint8Array): Promise<void>;
  subscribe(
    handler: (
      data: Uint8Array,
      from: string,
    ) => "accept" | "ignore" | "reject" | Promise<"accept" | "ignore" | "reject">,
  ): void;
}

/** Most transactions in one gossip message, and how long admitted ones wait to be batched. */
const MAX_BATCH = 2000;
const BATCH_BYTES = 1024 * 1024;
const FLUSH_MS = 20;

/**
 * The mempool as the node's services see it, plus gossip: transactions admitted here (from the
 * RPC) are published to peers in batches (an RLP list of raw transactions, one message per
 * ~20 ms, so a flood of single submissions costs few gossip messages); batches from peers are
 * admitted through the same path (recovery pool, geth's checks) and not re-published by us —
 * gossipsub forwards what we accept. A batch that does not decode rejects the peer's message.
 */
export class GossipingMempool implements NodeMempool {
  private pending: Uint8Array[] = [];
  private pendingBytes = 0;
  private timer: NodeJS.Timeout | null = null;
  private readonly admittedListeners = new Set<(txs: readonly PooledTx[]) => void>();

  constructor(
    private readonly pool: NodeMempool,
    private readonly topic: TxTopic,
    private readonly log: Logger,
  ) {
    topic.subscribe((data) => this.receive(data));
  }

  async add(raw: Uint8Array): Promise<PooledTx> {
    const tx = await this.pool.add(raw);
    this.queue(raw);
    this.admitted([tx]);
    return tx;
  }

  async addMany(raws: Uint8Array[]): Promise<Array<PooledTx | TxError>> {
    const results = await this.pool.addMany(raws);
    results.forEach((r, i) => {
      if (!(r instanceof Error)) this.queue(raws[i] as Uint8Array);
    });
    this.admitted(results);
    return results;
  }

  /**
   * Transactions entering the pool, from the RPC or from peers, one call per admitted batch
   * (eth_newPendingTransactionFilter, `newPendingTransactions`). Returns an unsubscribe function.
   */
  onAdmitted(listener: (txs: readonly PooledTx[]) => void): () => void {
    this.admittedListeners.add(listener);
    return () => this.admittedListeners.delete(listener);
  }

  private admitted(results: ReadonlyArray<PooledTx | TxError>): void {
    if (this.admittedListeners.size === 0) return;
    const txs = results.filter((r): r is PooledTx => !(r instanceof Error));
    if (txs.length === 0) return;
    for (const l of this.admittedListeners) l(txs);
  }

  reap(maxGas: bigint, maxBytes: number): PooledTx[] {
    return this.pool.reap(maxGas, maxBytes);
  }
  update(committed: { txHashes: Hex[]; senders: Address[] }): void {
    this.pool.update(committed);
  }
  get(hash: Hex): PooledTx | null {
    return this.pool.get(hash);
  }
  pendingNonce(address: Address): bigint {
    return this.pool.pendingNonce(address);
  }
  stats(): { pending: number; queued: number; bytes: number } {
    return this.pool.stats();
  }
  content(from?: Address): { pending: PooledTx[]; queued: PooledTx[] } {
    return this.pool.content(from);
  }

  /** Publish what is queued now (also called on stop). */
  flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (this.pending.length === 0) return;
    const batch = rlpEncode(this.pending);
    this.pending = [];
    this.pendingBytes = 0;
    this.topic.publish(batch).catch((err: Error) => this.log.warn({ err: err.message }, "tx gossip publish failed"));
  }

  private queue(raw: Uint8Array): void {
    this.pending.push(raw);
    this.pendingBytes += raw.length;
    if (this.pending.length >= MAX_BATCH || this.pendingBytes >= BATCH_BYTES) this.flush();
    else this.timer ??= setTimeout(() => this.flush(), FLUSH_MS);
  }

  private async receive(data: Uint8Array): Promise<"accept" | "ignore" | "reject"> {
    let raws: Uint8Array[];
    try {
      const list = rlpDecode(data);
      if (!Array.isArray(list) || list.length > MAX_BATCH) return "reject";
      raws = list.map((t) => expectBytes(t, "tx"));
    } catch {
      return "reject";
    }
    // Individual failures (already known, nonce too low after our own block) are normal in gossip;
    // a batch that brought nothing new is not forwarded (no echo, whatever the seen-cache TTL).
    const results = await this.pool.addMany(raws);
    this.admitted(results);
    return results.some((r) => !(r instanceof Error)) ? "accept" : "ignore";
  }
}
