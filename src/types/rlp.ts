import { RLP } from "@ethereumjs/rlp";
import { bytesToBigint, CmtError } from "../lib/index.js";

/** A decoded RLP item: a byte string or a list of items. */
export type RlpItem = Uint8Array | RlpItem[];

/** RLP encode (numbers as minimal big-endian bytes). */
export function rlpEncode(input: unknown): Uint8Array {
  return RLP.encode(input as Parameters<typeof RLP.encode>[0]);
}

/** Strict RLP decode of one whole item; throws RlpError on malformed or trailing input. */
export function rlpDecode(bytes: Uint8Array): RlpItem {
  try {
    return RLP.decode(bytes) as RlpItem;
  } catch (err) {
    throw new RlpError(`rlp: ${(err as Error).message}`, { cause: err });
  }
}

/** Malformed RLP. */
export class RlpError extends CmtError<"RLP"> {
  constructor(message: string, options?: { cause?: unknown }) {
    super("RLP", message, {}, options);
  }
}

/** Expect a list of exactly `n` items (or at least, when `min`). */
export function expectList(item: RlpItem, n: number, what: string): RlpItem[] {
  if (!Array.isArray(item)) throw new RlpError(`rlp: expected list for ${what}`);
  if (item.length !== n) throw new RlpError(`rlp: ${what} has ${item.length} fields, want ${n}`);
  return item;
}

/** Expect a byte string. */
export function expectBytes(item: RlpItem | undefined, what: string): Uint8Array {
  if (!(item instanceof Uint8Array)) throw new RlpError(`rlp: expected string for ${what}`);
  return item;
}

/** Expect a canonical unsigned integer of at most `maxBytes` bytes. */
export function expectUint(item: RlpItem | undefined, what: string, maxBytes = 32): bigint {
  const b = expectBytes(item, what);
  if (b.length > maxBytes) throw new RlpError(`rlp: ${what} exceeds ${maxBytes * 8} bits`);
  if (b.length > 0 && b[0] === 0) throw new RlpError(`rlp: non-canonical integer (leading zero bytes) for ${what}`);
  return bytesToBigint(b);
}

/** The header of the RLP item at `offset`: where its payload starts and where the item ends. */
function itemSpan(bytes: Uint8Array, offset: number): { dataStart: number; end: number } {
  const b = bytes[offset] as number;
  if (b < 0x80) return { dataStart: offset, end: offset + 1 };
  if (b <= 0xb7) return { dataStart: offset + 1, end: offset + 1 + b - 0x80 };
  if (b >= 0xc0 && b <= 0xf7) return { dataStart: offset + 1, end: offset + 1 + b - 0xc0 };
  const lenOfLen = b >= 0xf8 ? b - 0xf7 : b - 0xb7;
  let len = 0;
  for (let i = 1; i <= lenOfLen; i++) len = len * 256 + (bytes[offset + i] as number);
  const dataStart = offset + 1 + lenOfLen;
  return { dataStart, end: dataStart + len };
}

/**
 * The encoded bytes of the first `count` items of the RLP list `bytes` (a view, no copy): a
 * signing payload is cut from a signed transaction's bytes instead of being encoded again. Only
 * for input that already passed `rlpDecode` (no bounds checks beyond that).
 */
export function rlpListItems(bytes: Uint8Array, count: number): Uint8Array {
  const { dataStart } = itemSpan(bytes, 0);
  let end = dataStart;
  for (let i = 0; i < count; i++) end = itemSpan(bytes, end).end;
  return bytes.subarray(dataStart, end);
}

/** The RLP header of a list whose items take `length` bytes. */
export function rlpListHeader(length: number): Uint8Array {
  if (length < 56) return Uint8Array.of(0xc0 + length);
  const len: number[] = [];
  for (let n = length; n > 0; n = Math.floor(n / 256)) len.unshift(n % 256);
  return Uint8Array.of(0xf7 + len.length, ...len);
}
