import { CmtError } from "../lib/index.js";
import { TxError, TxErrorCode } from "../types/index.js";

/**
 * The refusal message for each admission code: geth's wording, because ethers and viem classify
 * node errors by it (DESIGN §9). The per-sender limit is geth's `ErrAccountLimitExceeded`.
 */
export const ADMISSION_MESSAGES = {
  [TxErrorCode.Oversized]: "oversized data",
  [TxErrorCode.ChainId]: "invalid chain id for signer",
  [TxErrorCode.GasLimit]: "exceeds block gas limit",
  [TxErrorCode.IntrinsicGas]: "intrinsic gas too low",
  [TxErrorCode.TipAboveFeeCap]: "max priority fee per gas higher than max fee per gas",
  [TxErrorCode.Underpriced]: "transaction underpriced",
  [TxErrorCode.ContractCreation]: "contract creation is not supported",
  [TxErrorCode.InvalidSender]: "invalid sender",
  [TxErrorCode.AlreadyKnown]: "already known",
  [TxErrorCode.NonceTooLow]: "nonce too low",
  [TxErrorCode.NonceTooHigh]: "nonce too high",
  [TxErrorCode.InsufficientFunds]: "insufficient funds for gas * price + value",
  [TxErrorCode.ReplacementUnderpriced]: "replacement transaction underpriced",
  [TxErrorCode.SenderQueueFull]: "account limit exceeded",
  [TxErrorCode.PoolFull]: "txpool is full",
} as const;

/** A code the mempool refuses a transaction with. */
export type AdmissionCode = keyof typeof ADMISSION_MESSAGES;

/** A TxError with the admission code's geth message and structured details. */
export function refusal(code: AdmissionCode, details: Record<string, unknown> = {}): TxError {
  return new TxError(code, ADMISSION_MESSAGES[code], details);
}

/** Failures of the mempool machinery itself (not of a transaction). */
export const MempoolErrorCode = {
  InvalidOption: "MEMPOOL_INVALID_OPTION",
  RecoveryClosed: "MEMPOOL_RECOVERY_CLOSED",
  RecoveryWorkerFailed: "MEMPOOL_RECOVERY_WORKER_FAILED",
} as const;
export type MempoolErrorCode = (typeof MempoolErrorCode)[keyof typeof MempoolErrorCode];

/** A mempool or sender-recovery failure that is not a refused transaction. */
export class MempoolError extends CmtError<MempoolErrorCode> {
  constructor(code: MempoolErrorCode, message: string, details: Record<string, unknown> = {}, cause?: unknown) {
    super(code, message, details, cause === undefined ? undefined : { cause });
    this.name = "MempoolError";
  }
}
