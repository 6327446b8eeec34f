import { CmtError } from "../lib/index.js";

/**
 * Why a transaction is refused. The messages are geth's wording, because ethers and viem
 * classify node errors by them; codes are stable.
 */
export const TxErrorCode = {
  Rlp: "TX_RLP",
  TypeNotSupported: "TX_TYPE_NOT_SUPPORTED",
  ChainId: "TX_CHAIN_ID",
  NotReplayProtected: "TX_NOT_REPLAY_PROTECTED",
  InvalidSender: "TX_INVALID_SENDER",
  NonceTooLow: "TX_NONCE_TOO_LOW",
  NonceTooHigh: "TX_NONCE_TOO_HIGH",
  InsufficientFunds: "TX_INSUFFICIENT_FUNDS",
  Underpriced: "TX_UNDERPRICED",
  ReplacementUnderpriced: "TX_REPLACEMENT_UNDERPRICED",
  IntrinsicGas: "TX_INTRINSIC_GAS",
  GasLimit: "TX_GAS_LIMIT",
  Oversized: "TX_OVERSIZED",
  FeeCapTooLow: "TX_FEE_CAP_TOO_LOW",
  TipAboveFeeCap: "TX_TIP_ABOVE_FEE_CAP",
  AlreadyKnown: "TX_ALREADY_KNOWN",
  PoolFull: "TX_POOL_FULL",
  SenderQueueFull: "TX_SENDER_QUEUE_FULL",
  ContractCreation: "TX_CONTRACT_CREATION",
} as const;
export type TxErrorCode = (typeof TxErrorCode)[keyof typeof TxErrorCode];

/** A refused transaction (decode, admission or execution-precondition failure). */
export class TxError extends CmtError<TxErrorCode> {
  constructor(code: TxErrorCode, message: string, details: Record<string, unknown> = {}) {
    super(code, message, details);
    this.name = "TxError";
  }
}
