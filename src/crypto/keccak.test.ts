import createKeccakHash from "keccak";
import { keccak256 as viemKeccak } from "viem";
import { describe, expect, it } from "vitest";
import { toHex } from "../lib/index.js";
import { keccak256 } from "./keccak.js";

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

  it("returns a fresh array each call (results are not overwritten by the next hash)", () => {
    const a = keccak256(Uint8Array.of(1));
    const copy = toHex(a);
    keccak256(Uint8Array.of(2));
    expect(toHex(a)).toBe(copy);
  });
});
