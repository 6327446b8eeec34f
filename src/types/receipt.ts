import { type Address, addressFromBytes, keccak256 } from "../crypto/index.js";
import { fromHex, type Hex, toHex } from "../lib/index.js";
import { BLOOM_BYTES, bloomAdd } from "./bloom.js";
import { expectBytes, expectList, expectUint, type RlpItem, rlpDecode, rlpEncode, rlpListHeader } from "./rlp.js";

/** An Ethereum log emitted by a module or contract. */
export interface Log {
  address: Address;
  topics: Hex[];
  data: Uint8Array;
}

/** The outcome of one transaction in a block. */
export interface Receipt {
  /** 1 success, 0 reverted (the fee is charged either way). */
  status: 0 | 1;
  gasUsed: bigint;
  cumulativeGasUsed: bigint;
  effectiveGasPrice: bigint;
  logs: Log[];
  /** ABI-encoded return data or revert data (Error(string)) of a module call; empty otherwise. */
  output: Uint8Array;
}

/** The logs bloom of a set of logs. */
export function logsBloom(logs: Log[]): Uint8Array {
  const bloom = new Uint8Array(BLOOM_BYTES);
  for (const log of logs) {
    bloomAdd(bloom, fromHex(log.address));
    for (const t of log.topics) bloomAdd(bloom, fromHex(t));
  }
  return bloom;
}

function encodeLog(log: Log): unknown[] {
  return [fromHex(log.address), log.topics.map(fromHex), log.data];
}

function decodeLog(item: RlpItem): Log {
  const [a, t, d] = expectList(item, 3, "log");
  if (!Array.isArray(t)) throw new TypeError("log topics must be a list");
  return {
    address: addressFromBytes(expectBytes(a, "log address")),
    topics: t.map((x) => toHex(expectBytes(x, "topic"))),
    data: expectBytes(d, "log data"),
  };
}

/** Receipt → RLP list fields (used inside block receipt lists). */
export function receiptFields(r: Receipt): unknown[] {
  return [r.status, r.gasUsed, r.cumulativeGasUsed, r.effectiveGasPrice, r.logs.map(encodeLog), r.output];
}

const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);

/** Bytes of the minimal big-endian form of a safe integer (0 for 0). */
function byteLength(v: number): number {
  let n = 0;
  for (let x = v; x > 0; x = Math.floor(x / 256)) n++;
  return n;
}

/** Size of the RLP string of a safe unsigned integer. */
function uintSize(v: number): number {
  return v > 0 && v < 0x80 ? 1 : 1 + byteLength(v);
}

/** Writes the RLP string of a safe unsigned integer at `at`; returns where it ends. */
function writeUint(out: Uint8Array, at: number, v: number): number {
  if (v > 0 && v < 0x80) {
    out[at] = v;
    return at + 1;
  }
  const len = byteLength(v);
  out[at] = 0x80 + len;
  let x = v;
  for (let i = at + len; i > at; i--) {
    out[i] = x % 256;
    x = Math.floor(x / 256);
  }
  return at + 1 + len;
}

/**
 * One receipt's RLP, equal to `rlpEncode(receiptFields(r))` (a test checks it), written straight
 * into one buffer for the usual receipt: integers below 2^53, no logs, no output. A block
 * encodes each receipt once, for its receipts root and for the store.
 */
export function encodeReceipt(r: Receipt): Uint8Array {
  if (
    r.logs.length > 0 ||
    r.output.length > 0 ||
    r.cumulativeGasUsed > MAX_SAFE ||
    r.effectiveGasPrice > MAX_SAFE ||
    r.gasUsed > MAX_SAFE
  ) {
    return rlpEncode(receiptFields(r));
  }
  const fields = [r.status, Number(r.gasUsed), Number(r.cumulativeGasUsed), Number(r.effectiveGasPrice)];
  // Four integers, then an empty log list (0xc0) and an empty output (0x80): under 56 bytes.
  let len = 2;
  for (const v of fields) len += uintSize(v);
  const out = new Uint8Array(1 + len);
  out[0] = 0xc0 + len;
  let at = 1;
  for (const v of fields) at = writeUint(out, at, v);
  out[at] = 0xc0;
  out[at + 1] = 0x80;
  return out;
}

/**
 * The receipts-root leaf of a block's block logs (the events of begin-block, deadlines and
 * end-block, which no transaction emitted): rlp([logs]), a one-field list where a transaction's
 * receipt has six. It follows the transactions' receipts, and only when there are block logs.
 */
export function encodeBlockLogsLeaf(logs: readonly Log[]): Uint8Array {
  return rlpEncode([logs.map(encodeLog)]);
}

const BLOCK_LOGS_TAG = new TextEncoder().encode("cybermiles/block-logs");

/**
 * The transaction hash the RPC gives a block's block logs: keccak256("cybermiles/block-logs" ‖
 * block hash). No transaction has it; `eth_getTransactionReceipt` answers for it (src/rpc/README.md).
 */
export function blockLogsTxHash(blockHash: Hex): Hex {
  const input = new Uint8Array(BLOCK_LOGS_TAG.length + 32);
  input.set(BLOCK_LOGS_TAG, 0);
  input.set(fromHex(blockHash), BLOCK_LOGS_TAG.length);
  return toHex(keccak256(input));
}

/** A block's receipts as stored: per transaction, their senders, and the block logs. */
export interface BlockReceipts {
  receipts: Receipt[];
  senders: Address[];
  blockLogs: Log[];
}

/**
 * A block's stored receipts record, rlp([receipts, senders, blockLogs]), from receipts already
 * encoded one by one (`encodeReceipt`): the same bytes as
 * `rlpEncode([receipts.map(receiptFields), senders, blockLogs.map(encodeLog)])`.
 */
export function encodeBlockReceipts(
  encoded: readonly Uint8Array[],
  senders: readonly Address[],
  blockLogs: readonly Log[] = [],
): Uint8Array {
  let len = 0;
  for (const e of encoded) len += e.length;
  const receiptsHeader = rlpListHeader(len);
  const sendersList = rlpEncode(senders.map((a) => fromHex(a)));
  const logsList = rlpEncode(blockLogs.map(encodeLog));
  const inner = receiptsHeader.length + len + sendersList.length + logsList.length;
  const outerHeader = rlpListHeader(inner);
  const out = new Uint8Array(outerHeader.length + inner);
  out.set(outerHeader, 0);
  let at = outerHeader.length;
  out.set(receiptsHeader, at);
  at += receiptsHeader.length;
  for (const e of encoded) {
    out.set(e, at);
    at += e.length;
  }
  out.set(sendersList, at);
  out.set(logsList, at + sendersList.length);
  return out;
}

/** Decode a stored receipts record (`encodeBlockReceipts`; a record without block logs has none). */
export function decodeBlockReceipts(bytes: Uint8Array): BlockReceipts {
  const list = rlpDecode(bytes);
  if (!Array.isArray(list) || list.length < 2 || list.length > 3)
    throw new TypeError("block receipts must be a list of 2 or 3");
  const [r, s, l] = list;
  if (!Array.isArray(r)) throw new TypeError("receipts must be a list");
  if (!Array.isArray(s)) throw new TypeError("senders must be a list");
  if (l !== undefined && !Array.isArray(l)) throw new TypeError("block logs must be a list");
  return {
    receipts: r.map(decodeReceiptItem),
    senders: s.map((x) => addressFromBytes(expectBytes(x, "sender"))),
    blockLogs: (l ?? []).map(decodeLog),
  };
}

/** Encode a block's receipts. */
export function encodeReceipts(receipts: Receipt[]): Uint8Array {
  return rlpEncode(receipts.map(receiptFields));
}

/** Decode a block's receipts. */
export function decodeReceipts(bytes: Uint8Array): Receipt[] {
  const list = rlpDecode(bytes);
  if (!Array.isArray(list)) throw new TypeError("receipts must be a list");
  return list.map(decodeReceiptItem);
}

function decodeReceiptItem(item: RlpItem): Receipt {
  const [status, gasUsed, cum, price, logs, output] = expectList(item, 6, "receipt");
  if (!Array.isArray(logs)) throw new TypeError("receipt logs must be a list");
  return {
    status: expectUint(status, "status") === 1n ? 1 : 0,
    gasUsed: expectUint(gasUsed, "gasUsed"),
    cumulativeGasUsed: expectUint(cum, "cumulativeGasUsed"),
    effectiveGasPrice: expectUint(price, "effectiveGasPrice"),
    logs: logs.map(decodeLog),
    output: expectBytes(output, "output"),
  };
}
