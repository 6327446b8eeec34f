import { type Address, addressFromBytes } from "../../../crypto/index.js";
import { utf8 } from "../../../lib/index.js";
import { expectBytes, expectList, expectUint, type RlpItem, rlpDecode } from "../../../types/index.js";

const decoder = new TextDecoder("utf-8", { fatal: true });

/** Decode a versioned record of `n` fields (the first is the version, which must be 1). */
export function decodeRecord(v: Uint8Array, n: number, what: string): RlpItem[] {
  const f = expectList(rlpDecode(v), n, what);
  if (expectUint(f[0], `${what} version`) !== 1n) throw new Error(`arbitration: unknown ${what} encoding`);
  return f;
}

export const str = (item: RlpItem | undefined, what: string): string => decoder.decode(expectBytes(item, what));
export const addr = (item: RlpItem | undefined, what: string): Address => addressFromBytes(expectBytes(item, what));
export const uint = expectUint;

/** A list of strings (categories, languages). */
export function strList(item: RlpItem | undefined, what: string): string[] {
  if (!Array.isArray(item)) throw new Error(`arbitration: ${what} must be a list`);
  return item.map((s) => str(s, what));
}

/** Strings are stored as UTF-8 bytes (never handed to RLP as JS strings, which it may read as hex). */
export const enc = utf8;
