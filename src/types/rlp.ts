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
