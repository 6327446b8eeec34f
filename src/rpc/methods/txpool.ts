import { checksumAddress } from "../../crypto/index.js";
import { toQuantity } from "../../lib/index.js";
import type { PoolTx } from "../backend.js";
import { formatTx, type RpcTransaction } from "../format/index.js";
import { zAddress } from "../params/index.js";
import { type Method, method } from "./method.js";

/** geth's txpool maps: sender (checksummed) → nonce (decimal) → what `render` makes of the transaction. */
function bySender<T>(txs: readonly PoolTx[], render: (p: PoolTx) => T): Record<string, Record<string, T>> {
  const out: Record<string, Record<string, T>> = {};
  for (const p of txs) {
    const sender = checksumAddress(p.sender);
    out[sender] ??= {};
    out[sender][p.tx.nonce.toString()] = render(p);
  }
  return out;
}

/** A pooled transaction as geth shows it: the transaction object, block fields null. */
const full = (p: PoolTx): RpcTransaction => formatTx(p.tx, p.sender, null);

/** One sender's transactions by nonce (decimal), as txpool_contentFrom answers. */
function byNonce(txs: readonly PoolTx[]): Record<string, RpcTransaction> {
  return Object.fromEntries(txs.map((p) => [p.tx.nonce.toString(), full(p)]));
}

/** geth's one-line summary: "<to>: <value> wei + <gas> gas × <fee cap> wei". */
function summary({ tx }: PoolTx): string {
  const to = tx.to === null ? "contract creation" : checksumAddress(tx.to);
  return `${to}: ${tx.value} wei + ${tx.gasLimit} gas × ${tx.maxFeePerGas} wei`;
}

/**
 * geth's txpool namespace: what the mempool holds, pending (executable now) and queued (behind a
 * nonce gap or not yet affordable). A wallet finds there why a transaction is not being mined.
 */
export const txpoolMethods: Record<string, Method> = {
  txpool_status: method([], (_, { backend }) => {
    const s = backend.txpoolStatus();
    return { pending: toQuantity(BigInt(s.pending)), queued: toQuantity(BigInt(s.queued)) };
  }),
  txpool_content: method([], (_, { backend }) => {
    const { pending, queued } = backend.txpool();
    return { pending: bySender(pending, full), queued: bySender(queued, full) };
  }),
  txpool_contentFrom: method([zAddress], ([address], { backend }) => {
    const { pending, queued } = backend.txpool(address);
    return { pending: byNonce(pending), queued: byNonce(queued) };
  }),
  txpool_inspect: method([], (_, { backend }) => {
    const { pending, queued } = backend.txpool();
    return { pending: bySender(pending, summary), queued: bySender(queued, summary) };
  }),
};
