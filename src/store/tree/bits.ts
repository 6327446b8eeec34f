/** Bit `i` (0 = most significant bit of byte 0) of a key hash or prefix. */
export function bitAt(bytes: Uint8Array, i: number): number {
  return ((bytes[i >> 3] as number) >> (7 - (i & 7))) & 1;
}

/**
 * Number of leading bits `a` and `b` share, capped at `max`. Only the first ceil(max / 8) bytes
 * are read, so either side may be a prefix that short.
 */
export function commonPrefixBits(a: Uint8Array, b: Uint8Array, max: number): number {
  const bytes = (max + 7) >> 3;
  for (let i = 0; i < bytes; i++) {
    const x = (a[i] as number) ^ (b[i] as number);
    if (x !== 0) {
      const n = i * 8 + Math.clz32(x) - 24;
      return n < max ? n : max;
    }
  }
  return max;
}

/** The first `bits` bits of `bytes`, in ceil(bits / 8) bytes with the unused low bits zeroed. */
export function prefixOf(bytes: Uint8Array, bits: number): Uint8Array {
  const n = (bits + 7) >> 3;
  // A copy even when `bytes` is a Buffer (whose slice is a view), byte by byte: `subarray` of a
  // small typed array makes V8 move its bytes off the JS heap (a malloc per key hash and prefix,
  // ~80 MB of malloc heap left behind by a 1 M-account genesis tree build).
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i++) out[i] = bytes[i] as number;
  const rest = bits & 7;
  if (rest !== 0) out[n - 1] = (out[n - 1] as number) & (0xff << (8 - rest)) & 0xff;
  return out;
}
