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

/**
 * Strict RLP decode of one whole item like `rlpDecode`, but byte strings are views into `bytes`
 * (no copies): the transaction decoder's hot path. Accepts and refuses exactly what `rlpDecode`
 * does (a differential test checks it); empty input decodes to an empty string, as there.
 */
export function rlpDecodeView(bytes: Uint8Array): RlpItem {
  if (bytes.length === 0) return bytes;
  const item = decodeAt(bytes, 0, bytes.length);
  if (itemEnd !== bytes.length) throw new RlpError("rlp: invalid RLP: remainder must be zero");
  return item;
}

/** A length in `lenOfLen` big-endian bytes at `at` (no leading zero byte). */
function lengthAt(bytes: Uint8Array, at: number, lenOfLen: number, limit: number): number {
  if (at + lenOfLen > limit) throw new RlpError("rlp: invalid RLP: not enough bytes for the length");
  if (bytes[at] === 0) throw new RlpError("rlp: invalid RLP: extra zeros");
  let len = 0;
  for (let i = 0; i < lenOfLen; i++) len = len * 256 + (bytes[at + i] as number);
  return len;
}

// Where the last header read by `headerAt` puts its payload, and where the last item read by
// `decodeAt` ends: module-level scratch instead of a result object per item (a transfer has 13
// items, and the decoder runs for every admitted and every proposed transaction). Each is read
// right after the call that sets it, before any other call can overwrite it.
let payloadStart = 0;
let itemEnd = 0;

/**
 * The header of the item at `at`, which must end by `limit`, checked strictly: whether it is a
 * list; its payload starts at `payloadStart` and the item ends at `itemEnd`.
 */
function headerAt(bytes: Uint8Array, at: number, limit: number): boolean {
  const b = bytes[at] as number;
  if (b <= 0x7f) {
    payloadStart = at;
    itemEnd = at + 1;
    return false;
  }
  if (b <= 0xb7) {
    const end = at + 1 + (b - 0x80);
    if (end > limit) throw new RlpError("rlp: invalid RLP: string runs past the data");
    if (b === 0x81 && (bytes[at + 1] as number) < 0x80) {
      throw new RlpError("rlp: invalid RLP encoding: invalid prefix, single byte < 0x80 are not prefixed");
    }
    payloadStart = at + 1;
    itemEnd = end;
    return false;
  }
  if (b <= 0xbf) {
    const lenOfLen = b - 0xb7;
    if (limit - at - 1 < lenOfLen + 1) throw new RlpError("rlp: invalid RLP: not enough bytes for string length");
    const len = lengthAt(bytes, at + 1, lenOfLen, limit);
    if (len <= 55) throw new RlpError("rlp: invalid RLP: expected string length to be greater than 55");
    const start = at + 1 + lenOfLen;
    if (start + len > limit) throw new RlpError("rlp: invalid RLP: string runs past the data");
    payloadStart = start;
    itemEnd = start + len;
    return false;
  }
  let start = at + 1;
  let end = start + (b - 0xc0);
  if (b > 0xf7) {
    const lenOfLen = b - 0xf7;
    const len = lengthAt(bytes, at + 1, lenOfLen, limit);
    if (len < 56) throw new RlpError("rlp: invalid RLP: encoded list too short");
    start = at + 1 + lenOfLen;
    end = start + len;
  }
  if (end > limit) throw new RlpError("rlp: invalid RLP: list runs past the data");
  payloadStart = start;
  itemEnd = end;
  return true;
}

/** The item starting at `at`, which must end by `limit`; it ends at `itemEnd`. */
function decodeAt(bytes: Uint8Array, at: number, limit: number): RlpItem {
  const list = headerAt(bytes, at, limit);
  const start = payloadStart;
  const end = itemEnd;
  if (!list) return bytes.subarray(start, end);
  const items: RlpItem[] = [];
  let pos = start;
  while (pos < end) {
    items.push(decodeAt(bytes, pos, end));
    pos = itemEnd;
  }
  itemEnd = end;
  return items;
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

/**
 * The encoded bytes of the first `count` items of the RLP list `bytes` (a view, no copy): a
 * signing payload is cut from a signed transaction's bytes instead of being encoded again (for
 * input already decoded; the headers are checked as strictly as `rlpDecodeView` does).
 */
export function rlpListItems(bytes: Uint8Array, count: number): Uint8Array {
  headerAt(bytes, 0, bytes.length);
  const start = payloadStart;
  const listEnd = itemEnd;
  let end = start;
  for (let i = 0; i < count; i++) {
    headerAt(bytes, end, listEnd);
    end = itemEnd;
  }
  return bytes.subarray(start, end);
}

/** The RLP header of a list whose items take `length` bytes. */
export function rlpListHeader(length: number): Uint8Array {
  if (length < 56) return Uint8Array.of(0xc0 + length);
  const len: number[] = [];
  for (let n = length; n > 0; n = Math.floor(n / 256)) len.unshift(n % 256);
  return Uint8Array.of(0xf7 + len.length, ...len);
}
