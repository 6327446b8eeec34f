import { describe, expect, it } from "vitest";
import { bytesFromKey, bytesKey, compareBytes, hexDigits } from "./bytes.js";
import { fromHex, hexInto, isHex, toHex } from "./hex.js";

describe("hex", () => {
  it("decodes what toHex encodes, in either case", () => {
    const bytes = Uint8Array.from({ length: 256 }, (_, i) => i);
    expect(fromHex(toHex(bytes))).toEqual(bytes);
    expect(fromHex("0xDeadBEEF")).toEqual(Uint8Array.of(0xde, 0xad, 0xbe, 0xef));
    expect(fromHex("0x")).toEqual(new Uint8Array(0));
  });

  it("refuses what isHex refuses, with the same message", () => {
    for (const bad of ["", "0", "deadbeef", "0X12", "0x1", "0x12g4", "0x12 4", "0x١٢", "x012"]) {
      expect(isHex(bad)).toBe(false);
      expect(() => fromHex(bad)).toThrow(`invalid hex string: ${bad.slice(0, 20)}`);
    }
    expect(() => fromHex(42 as unknown as string)).toThrow("invalid hex string: 42");
  });

  it("hexInto writes at an offset and checks that the bytes fit", () => {
    const out = new Uint8Array(4).fill(9);
    hexInto("0xa0b1", out, 1);
    expect(out).toEqual(Uint8Array.of(9, 0xa0, 0xb1, 9));
    expect(() => hexInto("0xa0b1c2", out, 2)).toThrow(RangeError);
    expect(() => hexInto("0xzz", out, 0)).toThrow("invalid hex string: 0xzz");
  });
});

describe("bytes keys", () => {
  it("bytesKey round-trips through bytesFromKey and sorts as compareBytes does", () => {
    const keys = [
      Uint8Array.of(1, 2),
      Uint8Array.of(0xff),
      Uint8Array.of(1),
      Uint8Array.of(0x80, 0),
      new Uint8Array(0),
    ];
    const view = new Uint8Array([9, 9, 0x7f, 0x80, 9]).subarray(2, 4);
    keys.push(view);
    for (const b of keys) expect(bytesFromKey(bytesKey(b))).toEqual(new Uint8Array(b));
    expect(bytesKey(view)).toBe("\x7f\x80");
    const bySort = [...keys].sort(compareBytes).map(bytesKey);
    expect([...keys].map(bytesKey).sort()).toEqual(bySort);
    expect(hexDigits(view)).toBe("7f80");
  });
});
