import { type Address, addressFromBytes, keccak256, ZERO_ADDRESS } from "../../crypto/index.js";
import { fromHex, type Hex, toHex, toQuantity } from "../../lib/index.js";
import { blockLogsTxHash, type Log, logsBloom, rlpEncode } from "../../types/index.js";
import type { BlockView } from "../backend.js";

/** A log as geth returns it in receipts, eth_getLogs and subscriptions. */
export interface RpcLog {
  address: Address;
  topics: Hex[];
  data: Hex;
  blockNumber: Hex;
  transactionHash: Hex;
  transactionIndex: Hex;
  blockHash: Hex;
  logIndex: Hex;
  removed: false;
}

/** A receipt as geth's eth_getTransactionReceipt returns it. */
export interface RpcReceipt {
  blockHash: Hex;
  blockNumber: Hex;
  contractAddress: Address | null;
  cumulativeGasUsed: Hex;
  effectiveGasPrice: Hex;
  from: Address;
  gasUsed: Hex;
  logs: RpcLog[];
  logsBloom: Hex;
  status: Hex;
  to: Address | null;
  transactionHash: Hex;
  transactionIndex: Hex;
  type: Hex;
}

/** Index of the first log of transaction `txIndex` within the block (logIndex is block-wide). */
export function firstLogIndex(view: BlockView, txIndex: number): number {
  let n = 0;
  for (let i = 0; i < txIndex; i++) n += view.receipts[i]?.logs.length ?? 0;
  return n;
}

/** Render one log of transaction `txIndex` with its block-wide `logIndex`. */
export function formatLog(view: BlockView, txIndex: number, log: Log, logIndex: number): RpcLog {
  return {
    address: log.address,
    topics: [...log.topics],
    data: toHex(log.data),
    blockNumber: toQuantity(view.block.header.height),
    transactionHash: view.txs[txIndex]?.hash ?? blockLogsTxHash(view.hash),
    transactionIndex: toQuantity(txIndex),
    blockHash: view.hash,
    logIndex: toQuantity(logIndex),
    removed: false,
  };
}

/** CREATE address: keccak256(rlp([sender, nonce]))[12:]. */
function createAddress(sender: Address, nonce: bigint): Address {
  return addressFromBytes(keccak256(rlpEncode([fromHex(sender), nonce])).subarray(12));
}

/** Number of receipts the RPC shows for a block: one per transaction, and one for its block logs if any. */
export function receiptCount(view: BlockView): number {
  return view.txs.length + (view.blockLogs.length > 0 ? 1 : 0);
}

/**
 * The receipt of the block logs (index txs.length): status 1, no gas, from the zero address to
 * none, type 0, its logs numbered after every transaction's.
 */
function blockLogsReceipt(view: BlockView): RpcReceipt {
  const index = view.txs.length;
  const first = firstLogIndex(view, index);
  return {
    blockHash: view.hash,
    blockNumber: toQuantity(view.block.header.height),
    contractAddress: null,
    cumulativeGasUsed: toQuantity(view.block.header.gasUsed),
    effectiveGasPrice: "0x0",
    from: ZERO_ADDRESS,
    gasUsed: "0x0",
    logs: view.blockLogs.map((log, i) => formatLog(view, index, log, first + i)),
    logsBloom: toHex(logsBloom(view.blockLogs)),
    status: "0x1",
    to: null,
    transactionHash: blockLogsTxHash(view.hash),
    transactionIndex: toQuantity(index),
    type: "0x0",
  };
}

/**
 * Render the receipt of transaction `index` of a block (index txs.length: the block logs'
 * receipt, when the block has block logs), or null when out of range.
 */
export function formatReceipt(view: BlockView, index: number): RpcReceipt | null {
  if (index === view.txs.length && view.blockLogs.length > 0) return blockLogsReceipt(view);
  const tx = view.txs[index];
  const from = view.senders[index];
  const r = view.receipts[index];
  if (tx === undefined || from === undefined || r === undefined) return null;
  const first = firstLogIndex(view, index);
  return {
    blockHash: view.hash,
    blockNumber: toQuantity(view.block.header.height),
    contractAddress: tx.to === null ? createAddress(from, tx.nonce) : null,
    cumulativeGasUsed: toQuantity(r.cumulativeGasUsed),
    effectiveGasPrice: toQuantity(r.effectiveGasPrice),
    from,
    gasUsed: toQuantity(r.gasUsed),
    logs: r.logs.map((log, i) => formatLog(view, index, log, first + i)),
    logsBloom: toHex(logsBloom(r.logs)),
    status: toQuantity(r.status),
    to: tx.to,
    transactionHash: tx.hash,
    transactionIndex: toQuantity(index),
    type: toQuantity(tx.type),
  };
}
