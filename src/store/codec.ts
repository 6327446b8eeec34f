/** Big-endian u64 key (sorts numerically in LMDB's byte order). */
export function u64Key(n: bigint): Uint8Array {
  const b = Buffer.alloc(8);
  b.writeBigUInt64BE(n);
  return new Uint8Array(b.buffer, b.byteOffset, 8);
}

/** Inverse of u64Key. */
export function readU64(b: Uint8Array, offset = 0): bigint {
  return Buffer.from(b.buffer, b.byteOffset, b.byteLength).readBigUInt64BE(offset);
}

/** Zero-copy Buffer view of bytes (lmdb-js wants Buffers for binary keys). */
export function buf(b: Uint8Array): Buffer {
  return Buffer.isBuffer(b) ? b : Buffer.from(b.buffer, b.byteOffset, b.byteLength);
}
