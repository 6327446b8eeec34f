import { hexDigits } from "./bytes.js";

/** A 0x-prefixed hex string (viem's convention); used at the edges and for map keys. */
export type Hex = `0x${string}`;

const HEX_RE = /^0x[0-9a-fA-F]*$/;

/** True when `s` is 0x-prefixed hex of even length. */
export function isHex(s: unknown): s is Hex {
  return typeof s === "string" && HEX_RE.test(s) && s.length % 2 === 0;
}

/** Bytes → lowercase 0x hex. */
export function toHex(bytes: Uint8Array): Hex {
  return `0x${hexDigits(bytes)}`;
}

/** Value of each ASCII hex digit, -1 for every other character below 128. */
const NIBBLE = new Int8Array(128).fill(-1);
for (let i = 0; i < 10; i++) NIBBLE[0x30 + i] = i;
for (let i = 0; i < 6; i++) {
  NIBBLE[0x41 + i] = 10 + i;
  NIBBLE[0x61 + i] = 10 + i;
}

function invalidHex(hex: string): TypeError {
  return new TypeError(`invalid hex string: ${hex.slice(0, 20)}`);
}

/**
 * Decode 0x hex (even length) into `out` at `offset`, without an intermediate buffer (account keys
 * and hashes on the hot paths); throws on malformed input or when it does not fit.
 */
export function hexInto(hex: string, out: Uint8Array, offset = 0): void {
  if (hex.length % 2 !== 0 || hex.charCodeAt(0) !== 0x30 || hex.charCodeAt(1) !== 0x78) throw invalidHex(hex);
  const n = (hex.length - 2) >> 1;
  if (offset < 0 || offset + n > out.length) throw new RangeError(`hex of ${n} bytes does not fit at ${offset}`);
  for (let i = 0; i < n; i++) {
    const a = hex.charCodeAt(2 + 2 * i);
    const b = hex.charCodeAt(3 + 2 * i);
    const hi = a < 128 ? (NIBBLE[a] as number) : -1;
    const lo = b < 128 ? (NIBBLE[b] as number) : -1;
    if ((hi | lo) < 0) throw invalidHex(hex);
    out[offset + i] = (hi << 4) | lo;
  }
}

/** 0x hex (even length) → bytes; throws on malformed input. */
export function fromHex(hex: string): Uint8Array {
  if (typeof hex !== "string") throw invalidHex(String(hex));
  const out = new Uint8Array(Math.max(0, (hex.length - 2) >> 1));
  hexInto(hex, out);
  return out;
}

/** bigint → minimal 0x quantity (Ethereum JSON-RPC "QUANTITY"). */
export function toQuantity(n: bigint | number): Hex {
  return `0x${n.toString(16)}`;
}
