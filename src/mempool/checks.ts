import { decodeTx, intrinsicGas, type SignedTx, TxError, TxErrorCode } from "../types/index.js";
import { refusal } from "./errors.js";
import type { ResolvedMempoolOptions } from "./options.js";

/** Decode a raw transaction wrapping any non-TxError failure of the codec as a decode refusal. */
function decode(raw: Uint8Array): SignedTx {
  try {
    return decodeTx(raw);
  } catch (err) {
    if (err instanceof TxError) throw err;
    throw new TxError(TxErrorCode.Rlp, `rlp: ${(err as Error).message}`, { cause: err });
  }
}

/**
 * The checks that need neither the sender nor the state, in geth's order. Returns the decoded
 * transaction or throws the TxError a client sees.
 */
export function checkStateless(raw: Uint8Array, o: ResolvedMempoolOptions): SignedTx {
  if (raw.length > o.maxTxBytes) throw refusal(TxErrorCode.Oversized, { size: raw.length, max: o.maxTxBytes });
  const tx = decode(raw);
  if (tx.chainId !== o.chainId) throw refusal(TxErrorCode.ChainId, { have: tx.chainId, want: o.chainId });
  if (tx.gasLimit > o.blockGasLimit) {
    throw refusal(TxErrorCode.GasLimit, { gasLimit: tx.gasLimit, blockGasLimit: o.blockGasLimit });
  }
  const intrinsic = intrinsicGas(tx);
  if (tx.gasLimit < intrinsic) throw refusal(TxErrorCode.IntrinsicGas, { gasLimit: tx.gasLimit, needed: intrinsic });
  if (tx.maxPriorityFeePerGas > tx.maxFeePerGas) {
    throw refusal(TxErrorCode.TipAboveFeeCap, {
      maxPriorityFeePerGas: tx.maxPriorityFeePerGas,
      maxFeePerGas: tx.maxFeePerGas,
    });
  }
  if (tx.maxFeePerGas < o.minGasPrice) {
    throw refusal(TxErrorCode.Underpriced, { maxFeePerGas: tx.maxFeePerGas, minGasPrice: o.minGasPrice });
  }
  // Contract creation waits for the EVM module (DESIGN §1); refused rather than executed wrongly.
  if (tx.to === null) throw refusal(TxErrorCode.ContractCreation);
  return tx;
}
