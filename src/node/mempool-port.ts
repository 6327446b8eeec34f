import type { Address } from "../crypto/index.js";
import type { Hex } from "../lib/index.js";
import type { PooledTx } from "../mempool/interface.js";
import type { TxError } from "../types/index.js";

/** The mempool as the node's services use it. */
export interface NodeMempool {
  reap(maxGas: bigint, maxBytes: number): PooledTx[];
  update(committed: { txHashes: Hex[]; senders: Address[] }): void;
  add(raw: Uint8Array): Promise<PooledTx>;
  addMany(raws: Uint8Array[]): Promise<Array<PooledTx | TxError>>;
  get(hash: Hex): PooledTx | null;
  pendingNonce(address: Address): bigint;
  stats(): { pending: number; queued: number; bytes: number };
  /** Pending and queued transactions, of every sender or of `from`, by sender then nonce. */
  content(from?: Address): { pending: PooledTx[]; queued: PooledTx[] };
  /** Transactions entering the pool, a call per admitted batch (absent: the pool tells no one). */
  onAdmitted?(listener: (txs: readonly PooledTx[]) => void): () => void;
}
