import type { Address } from "../crypto/index.js";
import { hexInto } from "../lib/index.js";

/** Key-space prefixes of the state store. Part of the protocol: never renumber. */
export const KeyPrefix = {
  /** 0x01 ‖ address(20) → account (nonce, balance). */
  account: 0x01,
  /** 0x02 ‖ module name ‖ 0x00 ‖ module key → module value. */
  module: 0x02,
} as const;

/** State key of an account. */
export function accountKey(address: Address): Uint8Array {
  const out = new Uint8Array(21);
  out[0] = KeyPrefix.account;
  if (address.length !== 42) throw new TypeError(`invalid address: ${address.slice(0, 44)}`);
  hexInto(address, out, 1);
  return out;
}

/** Prefix of every key a module owns. */
export function modulePrefix(name: string): Uint8Array {
  const n = new TextEncoder().encode(name);
  const out = new Uint8Array(n.length + 2);
  out[0] = KeyPrefix.module;
  out.set(n, 1);
  out[n.length + 1] = 0;
  return out;
}

/** The smallest key greater than every key starting with `prefix` (exclusive range end). */
export function prefixEnd(prefix: Uint8Array): Uint8Array {
  const end = new Uint8Array(prefix);
  for (let i = end.length - 1; i >= 0; i--) {
    if ((end[i] as number) < 0xff) {
      end[i] = (end[i] as number) + 1;
      return end.subarray(0, i + 1);
    }
  }
  return new Uint8Array([0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff]);
}
