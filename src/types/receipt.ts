import { type Address, addressFromBytes } from "../crypto/index.js";
import { fromHex, type Hex, toHex } from "../lib/index.js";
import { BLOOM_BYTES, bloomAdd } from "./bloom.js";
import { expectBytes, expectList, expectUint, type RlpItem, rlpDecode, rlpEncode } from "./rlp.js";

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

/** Encode a block's receipts. */
export function encodeReceipts(receipts: Receipt[]): Uint8Array {
  return rlpEncode(receipts.map(receiptFields));
}

/** Decode a block's receipts. */
export function decodeReceipts(bytes: Uint8Array): Receipt[] {
  const list = rlpDecode(bytes);
  if (!Array.isArray(list)) throw new TypeError("receipts must be a list");
  return list.map((item) => {
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
  });
}
