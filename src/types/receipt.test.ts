import { describe, expect, it } from "vitest";
import type { Address } from "../crypto/index.js";
import { fromHex } from "../lib/index.js";
import { decodeReceipts, encodeBlockReceipts, encodeReceipt, type Receipt, receiptFields } from "./receipt.js";
import { rlpEncode } from "./rlp.js";

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
    for (const n of [0, 1, 3, 200]) {
      const receipts = Array.from({ length: n }, (_, i) => receipt(i));
      const senders = receipts.map((_, i) => `0x${(i + 1).toString(16).padStart(40, "0")}` as Address);
      const record = encodeBlockReceipts(receipts.map(encodeReceipt), senders);
      expect(hex(record)).toBe(hex(rlpEncode([receipts.map(receiptFields), senders.map((a) => fromHex(a))])));
      expect(decodeReceipts(rlpEncode(receipts.map(receiptFields)))).toEqual(receipts);
    }
  });
});
