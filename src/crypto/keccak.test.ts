import createKeccakHash from "keccak";
import { keccak256 as viemKeccak } from "viem";
import { describe, expect, it } from "vitest";
import { toHex } from "../lib/index.js";
import { keccak256, keccak256Concat } from "./keccak.js";

describe("keccak256", () => {
  it("matches known vectors and the keccak package for many lengths, call after call", () => {
    expect(toHex(keccak256(new Uint8Array(0)))).toBe(
      "0xc5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470",
    );
    for (let len = 0; len < 300; len += 7) {
      const data = new Uint8Array(len).map((_, i) => (i * 31 + len) & 0xff);
      const want = createKeccakHash("keccak256").update(Buffer.from(data)).digest("hex");
      expect(toHex(keccak256(data))).toBe(`0x${want}`);
      expect(toHex(keccak256(data))).toBe(viemKeccak(data));
    }
  });

  it("pads at every block boundary and hashes inputs larger than the module's first memory page", () => {
    for (const len of [134, 135, 136, 137, 271, 272, 273, 65_000, 70_000, 300_000]) {
      const data = new Uint8Array(len).map((_, i) => (i * 13 + len) & 0xff);
      const want = createKeccakHash("keccak256").update(Buffer.from(data)).digest("hex");
      expect(toHex(keccak256(data))).toBe(`0x${want}`);
    }
    // Memory grown for a large input still hashes small ones right.
    expect(toHex(keccak256(new Uint8Array(0)))).toBe(
      "0xc5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470",
    );
  });

  it("keccak256Concat hashes the concatenation, whatever the split", () => {
    const data = new Uint8Array(300).map((_, i) => (i * 29) & 0xff);
    const want = toHex(keccak256(data));
    for (const cut of [0, 1, 65, 135, 136, 137, 299, 300]) {
      expect(toHex(keccak256Concat(data.subarray(0, cut), data.subarray(cut)))).toBe(want);
    }
  });

  it("returns a fresh array each call (results are not overwritten by the next hash)", () => {
    const a = keccak256(Uint8Array.of(1));
    const copy = toHex(a);
    keccak256(Uint8Array.of(2));
    expect(toHex(a)).toBe(copy);
  });
});
