import type { Address } from "../../crypto/index.js";
import { type Hex, toHex, toQuantity } from "../../lib/index.js";
import { effectiveGasPrice, type SignedTx } from "../../types/index.js";

/** Where a mined transaction sits; null for a pending one. */
export interface TxPlacement {
  blockHash: Hex;
  blockNumber: bigint;
  index: number;
  baseFeePerGas: bigint;
}

/** A transaction as geth's eth_getTransactionByHash returns it (RPCTransaction). */
export interface RpcTransaction {
  blockHash: Hex | null;
  blockNumber: Hex | null;
  from: Address;
  gas: Hex;
  gasPrice: Hex;
  maxFeePerGas?: Hex;
  maxPriorityFeePerGas?: Hex;
  hash: Hex;
  input: Hex;
  nonce: Hex;
  to: Address | null;
  transactionIndex: Hex | null;
  value: Hex;
  type: Hex;
  accessList?: Array<{ address: Address; storageKeys: Hex[] }>;
  chainId: Hex;
  v: Hex;
  r: Hex;
  s: Hex;
  yParity?: Hex;
}

/**
 * Render a transaction. `gasPrice` is what a mined transaction paid (effective price) and the fee
 * cap of a pending type-2 one, as geth does; type 2 adds the 1559 fields, access list and yParity.
 */
export function formatTx(tx: SignedTx, from: Address, at: TxPlacement | null): RpcTransaction {
  const dynamic = tx.type === 2;
  const gasPrice = at !== null && dynamic ? effectiveGasPrice(tx, at.baseFeePerGas) : tx.maxFeePerGas;
  const out: RpcTransaction = {
    blockHash: at?.blockHash ?? null,
    blockNumber: at === null ? null : toQuantity(at.blockNumber),
    from,
    gas: toQuantity(tx.gasLimit),
    gasPrice: toQuantity(gasPrice),
    hash: tx.hash,
    input: toHex(tx.data),
    nonce: toQuantity(tx.nonce),
    to: tx.to,
    transactionIndex: at === null ? null : toQuantity(at.index),
    value: toQuantity(tx.value),
    type: toQuantity(tx.type),
    chainId: toQuantity(tx.chainId),
    v: toQuantity(tx.v),
    r: toQuantity(tx.r),
    s: toQuantity(tx.s),
  };
  if (dynamic) {
    out.maxFeePerGas = toQuantity(tx.maxFeePerGas);
    out.maxPriorityFeePerGas = toQuantity(tx.maxPriorityFeePerGas);
    out.accessList = tx.accessList.map((e) => ({ address: e.address, storageKeys: [...e.storageKeys] }));
    out.yParity = toQuantity(tx.recid);
  }
  return out;
}
