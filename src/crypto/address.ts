import { type Hex, isHex, toHex } from "../lib/index.js";
import { keccak256 } from "./keccak.js";

/** A 20-byte account address as lowercase 0x hex (the form used as a map/store key). */
export type Address = Hex;

/** The zero address: no account (an empty payee, no arbiter yet, the sender of no transaction). */
export const ZERO_ADDRESS: Address = "0x0000000000000000000000000000000000000000";

const ADDRESS_RE = /^0x[0-9a-fA-F]{40}$/;

/** True for 0x + 40 hex digits (any case; the checksum is not enforced). */
export function isAddress(s: unknown): s is Address {
  return typeof s === "string" && ADDRESS_RE.test(s);
}

/** Normalise to lowercase; throws on a malformed address. */
export function toAddress(s: string): Address {
  if (!isAddress(s)) throw new TypeError(`invalid address: ${s}`);
  return s.toLowerCase() as Address;
}

/** Address from 20 bytes. */
export function addressFromBytes(b: Uint8Array): Address {
  if (b.length !== 20) throw new TypeError(`address must be 20 bytes, got ${b.length}`);
  return toHex(b);
}

/** Address of an uncompressed secp256k1 public key (65 bytes, 0x04 prefix). */
export function publicKeyToAddress(pub: Uint8Array): Address {
  const h = keccak256(pub.subarray(1));
  return toHex(h.subarray(12));
}

/** EIP-55 mixed-case checksum form, for display. */
export function checksumAddress(addr: Address): Hex {
  const lower = addr.slice(2).toLowerCase();
  const hash = toHex(keccak256(new TextEncoder().encode(lower))).slice(2);
  let out = "0x";
  for (let i = 0; i < 40; i++) {
    const c = lower[i] as string;
    out += Number.parseInt(hash[i] as string, 16) >= 8 ? c.toUpperCase() : c;
  }
  return out as Hex;
}

export { isHex };
