import type { Address } from "../crypto/index.js";
import type { Hex } from "../lib/index.js";
import type { PooledTx } from "../mempool/interface.js";
import type { TxError } from "../types/index.js";
import type { ProducerMempool } from "./producer.js";

/** The mempool as the node's services use it. */
export interface NodeMempool extends ProducerMempool {
  add(raw: Uint8Array): Promise<PooledTx>;
  addMany(raws: Uint8Array[]): Promise<Array<PooledTx | TxError>>;
  get(hash: Hex): PooledTx | null;
  pendingNonce(address: Address): bigint;
  stats(): { pending: number; queued: number; bytes: number };
}
