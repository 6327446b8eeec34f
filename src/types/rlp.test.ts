import { RLP } from "@ethereumjs/rlp";
import { describe, expect, it } from "vitest";
import { fromHex } from "../lib/index.js";
import { type RlpItem, rlpDecodeView, rlpEncode } from "./rlp.js";

/** Deterministic xorshift, so a failure names a reproducible case. */
function rng(seed: number): () => number {
  let x = seed;
  return () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 0) / 2 ** 32;
  };
}

const plain = (item: RlpItem): unknown => (Array.isArray(item) ? item.map(plain) : Buffer.from(item).toString("hex"));

function outcome(decode: (b: Uint8Array) => unknown, bytes: Uint8Array): unknown {
  try {
    return { ok: plain(decode(bytes) as RlpItem) };
  } catch {
    return "refused";
  }
}

function randomItem(r: () => number, depth: number): unknown {
  if (depth > 0 && r() < 0.3) return Array.from({ length: Math.floor(r() * 6) }, () => randomItem(r, depth - 1));
  const len = [0, 1, 1, 2, 20, 55, 56, 60, 300][Math.floor(r() * 9)] as number;
  return new Uint8Array(len).map(() => Math.floor(r() * 256));
}

describe("rlpDecodeView", () => {
  it("decodes like @ethereumjs/rlp and refuses the same malformed input, on 20,000 mutated encodings", () => {
    const r = rng(1818);
    for (let n = 0; n < 20_000; n++) {
      const good = rlpEncode(randomItem(r, 3));
      const bytes = new Uint8Array(good);
      // Mutations: flip a byte, cut the end, append a byte, or leave it valid.
      const m = r();
      let input: Uint8Array = bytes;
      if (m < 0.3 && bytes.length > 0) bytes[Math.floor(r() * bytes.length)] = Math.floor(r() * 256);
      else if (m < 0.5) input = bytes.subarray(0, Math.floor(r() * bytes.length));
      else if (m < 0.6) input = Uint8Array.from([...bytes, Math.floor(r() * 256)]);
      const want = outcome((b) => RLP.decode(b), input);
      expect(outcome(rlpDecodeView, input), `case ${n}: ${Buffer.from(input).toString("hex").slice(0, 80)}`).toEqual(
        want,
      );
    }
  });

  it("refuses the classic non-canonical forms", () => {
    const longForm = (prefix: string, n: number, fill: string) =>
      `${prefix}${n.toString(16).padStart(2, "0")}${fill.repeat(n)}`;
    const nonCanonical = [
      "0x8105", // a single byte below 0x80 with a prefix
      "0xb800", // long-form length with a leading zero
      "0xb90001",
      "0xf800",
      "0xf90001",
      "0xc2c0", // list shorter than its header says
      "0x820001ff", // trailing bytes
      "0xc1",
      longForm("0xb8", 10, "aa"), // long form for a string of 55 bytes or fewer
      longForm("0xb8", 55, "aa"),
      longForm("0xf8", 55, "80"), // long form for a list of fewer than 56 bytes
    ];
    for (const hex of nonCanonical) {
      expect(() => rlpDecodeView(fromHex(hex)), hex).toThrow(/^rlp: /);
    }
  });

  it("returns views into the input, not copies", () => {
    const bytes = rlpEncode([new Uint8Array([1, 2, 3]), new Uint8Array(60).fill(7)]);
    const [a] = rlpDecodeView(bytes) as Uint8Array[];
    expect(a?.buffer).toBe(bytes.buffer);
  });
});
