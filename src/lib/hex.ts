/** A 0x-prefixed hex string (viem's convention); used at the edges and for map keys. */
export type Hex = `0x${string}`;

const HEX_RE = /^0x[0-9a-fA-F]*$/;

/** True when `s` is 0x-prefixed hex of even length. */
export function isHex(s: unknown): s is Hex {
  return typeof s === "string" && HEX_RE.test(s) && s.length % 2 === 0;
}

/** Bytes → lowercase 0x hex. */
export function toHex(bytes: Uint8Array): Hex {
  return `0x${Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("hex")}`;
}

/** 0x hex (even length) → bytes; throws on malformed input. */
export function fromHex(hex: string): Uint8Array {
  if (!isHex(hex)) throw new TypeError(`invalid hex string: ${hex.slice(0, 20)}`);
  return new Uint8Array(Buffer.from(hex.slice(2), "hex"));
}

/** bigint → minimal 0x quantity (Ethereum JSON-RPC "QUANTITY"). */
export function toQuantity(n: bigint | number): Hex {
  return `0x${n.toString(16)}`;
}
