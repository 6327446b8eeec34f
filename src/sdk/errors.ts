import type { Hash, TransactionReceipt } from "viem";

/** A transaction that was mined but reverted; `reason` is the module's revert reason when known. */
export class TransactionRevertedError extends Error {
  constructor(
    readonly hash: Hash,
    readonly receipt: TransactionReceipt,
    readonly reason: string | null,
    options?: { cause?: unknown },
  ) {
    super(
      reason === null
        ? `transaction ${hash} reverted in block ${receipt.blockNumber} (reason unavailable)`
        : `execution reverted: ${reason}`,
      options,
    );
    this.name = "TransactionRevertedError";
  }
}
