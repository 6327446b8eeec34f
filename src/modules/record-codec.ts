import { type Address, addressFromBytes } from "../crypto/index.js";
import { fromHex } from "../lib/index.js";
import { expectBytes, expectList, expectUint, type RlpItem, rlpDecode, rlpEncode } from "../types/index.js";

/** Encoding version of the versioned module records that use this codec (staking, distribution): the first RLP field. */
export const V1 = 1n;

/** Field of a record: a uint, bytes, a string or an address. */
export type Field = bigint | Uint8Array | string;

/** RLP-encode a versioned record; strings starting with 0x are NOT special: use `fromHex` for addresses. */
export function encodeRecord(fields: readonly Field[]): Uint8Array {
  return rlpEncode([V1, ...fields.map((f) => (typeof f === "string" ? new TextEncoder().encode(f) : f))]);
}

/** Decode a versioned record of `n` fields (after the version). */
export function decodeRecord(bytes: Uint8Array, n: number, what: string): RecordReader {
  const items = expectList(rlpDecode(bytes), n + 1, what);
  if (expectUint(items[0], `${what} version`) !== V1) throw new Error(`${what}: unknown encoding version`);
  return new RecordReader(items.slice(1), what);
}

/** Typed reads of a decoded record's fields, in order. */
export class RecordReader {
  private i = 0;
  constructor(
    private readonly items: RlpItem[],
    private readonly what: string,
  ) {}
  uint(): bigint {
    return expectUint(this.items[this.i++], this.what, 64);
  }
  bytes(): Uint8Array {
    return expectBytes(this.items[this.i++], this.what);
  }
  string(): string {
    return new TextDecoder().decode(this.bytes());
  }
  address(): Address {
    return addressFromBytes(this.bytes());
  }
}

/** Address as record bytes. */
export const addrField = (a: Address): Uint8Array => fromHex(a);
