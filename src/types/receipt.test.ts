import { describe, expect, it } from "vitest";
import type { Address } from "../crypto/index.js";
import { fromHex } from "../lib/index.js";
import {
  blockLogsTxHash,
  decodeBlockReceipts,
  decodeReceipts,
  encodeBlockLogsLeaf,
  encodeBlockReceipts,
  encodeReceipt,
  type Log,
  type Receipt,
  receiptFields,
} from "./receipt.js";
import { rlpDecode, rlpEncode } from "./rlp.js";

const hex = (b: Uint8Array) => Buffer.from(b).toString("hex");

// Integers around every RLP and number boundary: 0, single byte, 0x80, 2^53 - 1 and above, 2^256 - 1.
const ints = [
  0n,
  1n,
  0x7fn,
  0x80n,
  0xffn,
  0x100n,
  21_000n,
  10n ** 9n,
  2n ** 53n - 1n,
  2n ** 53n,
  2n ** 64n,
  2n ** 256n - 1n,
];

function receipt(i: number, over: Partial<Receipt> = {}): Receipt {
  return {
    status: (i % 2) as 0 | 1,
    gasUsed: ints[i % ints.length] as bigint,
    cumulativeGasUsed: ints[(i * 5 + 1) % ints.length] as bigint,
    effectiveGasPrice: ints[(i * 7 + 3) % ints.length] as bigint,
    logs: [],
    output: new Uint8Array(0),
    ...over,
  };
}

describe("receipt encoding", () => {
  it("encodeReceipt gives exactly rlpEncode(receiptFields(r)), with and without logs or output", () => {
    const log = {
      address: "0x00000000000000000000000000000000000010fe" as Address,
      topics: [`0x${"ab".repeat(32)}` as const],
      data: new Uint8Array([1, 2]),
    };
    for (let i = 0; i < 200; i++) {
      for (const r of [receipt(i), receipt(i, { logs: [log] }), receipt(i, { output: new Uint8Array(i % 70) })]) {
        expect(hex(encodeReceipt(r))).toBe(hex(rlpEncode(receiptFields(r))));
      }
    }
  });

  it("a block's record built from encoded receipts equals the generic encoding and decodes back", () => {
    const blockLog: Log = {
      address: "0x0000000000000000000000000000000000001005" as Address,
      topics: [`0x${"cd".repeat(32)}` as const, `0x${"01".repeat(32)}` as const],
      data: new Uint8Array([7]),
    };
    for (const n of [0, 1, 3, 200]) {
      for (const blockLogs of [[], [blockLog], [blockLog, { ...blockLog, topics: [] }]]) {
        const receipts = Array.from({ length: n }, (_, i) => receipt(i));
        const senders = receipts.map((_, i) => `0x${(i + 1).toString(16).padStart(40, "0")}` as Address);
        const record = encodeBlockReceipts(receipts.map(encodeReceipt), senders, blockLogs);
        const logFields = blockLogs.map((l) => [fromHex(l.address), l.topics.map((t) => fromHex(t)), l.data]);
        expect(hex(record)).toBe(
          hex(rlpEncode([receipts.map(receiptFields), senders.map((a) => fromHex(a)), logFields])),
        );
        expect(decodeBlockReceipts(record)).toEqual({ receipts, senders, blockLogs });
        expect(decodeReceipts(rlpEncode(receipts.map(receiptFields)))).toEqual(receipts);
        // A record written before block logs existed (two fields) reads back with none.
        const old = rlpEncode([receipts.map(receiptFields), senders.map((a) => fromHex(a))]);
        expect(decodeBlockReceipts(old)).toEqual({ receipts, senders, blockLogs: [] });
      }
    }
  });

  it("the block-logs leaf differs from every receipt's encoding, and its hash depends on the block", () => {
    const log: Log = {
      address: "0x0000000000000000000000000000000000001005" as Address,
      topics: [],
      data: new Uint8Array(0),
    };
    const leaf = encodeBlockLogsLeaf([log]);
    expect(rlpDecode(leaf)).toHaveLength(1);
    expect(rlpDecode(encodeReceipt(receipt(0)))).toHaveLength(6);
    const a = blockLogsTxHash(`0x${"11".repeat(32)}`);
    expect(a).toMatch(/^0x[0-9a-f]{64}$/);
    expect(blockLogsTxHash(`0x${"11".repeat(32)}`)).toBe(a);
    expect(blockLogsTxHash(`0x${"12".repeat(32)}`)).not.toBe(a);
  });
});
