import type { Address } from "../crypto/index.js";
import { CmtError, type Hex } from "../lib/index.js";
import type { Block, Log, Receipt, SignedTx } from "../types/index.js";

/** A committed block with everything the RPC needs to render it. */
export interface BlockView {
  block: Block;
  hash: Hex;
  /** Decoded transactions, in block order. */
  txs: SignedTx[];
  /** Recovered senders, parallel to `txs`. */
  senders: Address[];
  /** Receipts, parallel to `txs`. */
  receipts: Receipt[];
  /**
   * Block logs: events of begin-block, deadlines and end-block, which no transaction emitted. The
   * RPC shows them after the transactions' logs, as the logs of one more receipt (at index
   * `txs.length`, transaction hash `blockLogsTxHash(hash)`).
   */
  blockLogs: Log[];
  /** Encoded size in bytes. */
  size: number;
}

/** A message call to simulate (eth_call / eth_estimateGas). */
export interface CallRequest {
  from: Address | null;
  to: Address | null;
  gas: bigint | null;
  gasPrice: bigint | null;
  value: bigint;
  data: Uint8Array;
}

/** eth_call's state override: per account (lowercase), a balance and/or nonce to assume. */
export type StateOverrides = ReadonlyMap<Address, { balance?: bigint; nonce?: bigint }>;

/** Outcome of a simulated call. */
export interface CallResult {
  status: 0 | 1;
  gasUsed: bigint;
  /** Return data, or revert data (Error(string) ABI encoding) when status is 0. */
  output: Uint8Array;
  /** Revert reason when status is 0 and the output decodes as Error(string). */
  revertReason: string | null;
  logs: Log[];
}

/** Node status for `cmt_status`. */
export interface NodeStatus {
  chainId: bigint;
  height: bigint;
  blockHash: Hex;
  stateRoot: Hex;
  blockTime: bigint;
  validators: Array<{ address: Address; power: bigint }>;
  mempool: { pending: number; queued: number };
  version: string;
}

/** Vesting of one beneficiary for `cmt_vesting`. */
export interface VestingView {
  beneficiary: Address;
  label: string;
  total: bigint;
  vested: bigint;
  released: bigint;
  releasable: bigint;
  start: bigint;
  nextReleaseTime: bigint | null;
}

/** A transaction in the mempool with its recovered sender. */
export interface PoolTx {
  tx: SignedTx;
  sender: Address;
}

/**
 * What the JSON-RPC server needs from the node. Implemented in `node/`; the RPC layer only
 * formats, validates and maps errors. "latest" state is the last committed block.
 */
export interface RpcBackend {
  readonly chainId: bigint;
  readonly clientVersion: string;
  headHeight(): bigint;
  blockByHeight(height: bigint): BlockView | null;
  blockByHash(hash: Hex): BlockView | null;
  /** Where a committed transaction is. */
  txLocation(hash: Hex): { height: bigint; index: number } | null;
  /** A transaction still in the mempool (pending, not yet in a block). */
  pendingTx(hash: Hex): PoolTx | null;
  /**
   * The mempool's transactions (txpool_content): pending (executable now) and queued (behind a
   * nonce gap or not yet affordable), of every sender or of `from`, by sender then nonce.
   */
  txpool(from?: Address): { pending: PoolTx[]; queued: PoolTx[] };
  /** How many transactions the mempool holds, pending and queued. */
  txpoolStatus(): { pending: number; queued: number };
  /**
   * The lowest height whose state the node still keeps (`height` arguments below go down to it;
   * the RPC refuses lower ones). The head when it keeps no history.
   */
  oldestStateHeight(): bigint;
  /** Committed balance / nonce after block `height` (default: the head). */
  balance(address: Address, height?: bigint): bigint;
  nonce(address: Address, height?: bigint): bigint;
  /** Next nonce counting the sender's pending mempool transactions. */
  pendingNonce(address: Address): bigint;
  code(address: Address): Uint8Array;
  /**
   * Simulate a call on top of the state after block `height` (default: the head), with `overrides`
   * laid over it; nothing is persisted.
   */
  call(req: CallRequest, height?: bigint, overrides?: StateOverrides): CallResult;
  /**
   * Gas a call needs to succeed (binary search or direct measure); throws `ExecutionRevertedError`
   * when it always reverts, or a `TxError` for a precondition ("insufficient funds ...").
   */
  estimateGas(req: CallRequest, height?: bigint, overrides?: StateOverrides): bigint;
  /** Admit a raw transaction to the mempool; resolves to its hash or rejects with a TxError. */
  sendRawTransaction(raw: Uint8Array): Promise<Hex>;
  /** Admit many at once (JSON-RPC batches); one result per input. */
  sendRawTransactions(raws: Uint8Array[]): Promise<Array<Hex | Error>>;
  /** Suggested legacy gas price and EIP-1559 tip. */
  gasPrice(): bigint;
  maxPriorityFeePerGas(): bigint;
  minGasPrice(): bigint;
  status(): NodeStatus;
  vesting(address: Address): VestingView | null;
  /** Subscribe to committed blocks; returns an unsubscribe function. */
  onBlock(listener: (view: BlockView) => void): () => void;
  /**
   * Subscribe to transactions entering the mempool (from this RPC or from peers), a call per
   * admitted batch; returns an unsubscribe function.
   */
  onPendingTxs(listener: (txs: readonly PoolTx[]) => void): () => void;
  /** Connected peers for `net_peerCount` (absent: reported as 0). */
  peerCount?(): number;
  /** Base fee of the next block for `eth_feeHistory` (absent: the head's base fee). */
  nextBaseFeePerGas?(): bigint;
}

/** Thrown by `estimateGas` when the call reverts at any gas; the RPC answers code 3 with `output`. */
export class ExecutionRevertedError extends CmtError<"EXECUTION_REVERTED"> {
  /** Revert data (e.g. the Error(string) ABI encoding), possibly empty. */
  readonly output: Uint8Array;
  /** Decoded Error(string) reason, when there is one. */
  readonly reason: string | null;

  constructor(output: Uint8Array, reason: string | null) {
    super("EXECUTION_REVERTED", reason === null ? "execution reverted" : `execution reverted: ${reason}`);
    this.name = "ExecutionRevertedError";
    this.output = output;
    this.reason = reason;
  }
}
