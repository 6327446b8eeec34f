/** Concatenate byte arrays. */
export function concatBytes(...parts: Uint8Array[]): Uint8Array {
  let len = 0;
  for (const p of parts) len += p.length;
  const out = new Uint8Array(len);
  let off = 0;
  for (const p of parts) {
    out.set(p, off);
    off += p.length;
  }
  return out;
}

/** Byte-wise equality. */
export function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** Lexicographic comparison, for sorted iteration. */
export function compareBytes(a: Uint8Array, b: Uint8Array): number {
  return Buffer.compare(a, b);
}

/** Unsigned bigint → minimal big-endian bytes (0 → empty), as RLP wants. */
export function bigintToBytes(n: bigint): Uint8Array {
  if (n < 0n) throw new RangeError("negative integer");
  if (n === 0n) return new Uint8Array(0);
  let hex = n.toString(16);
  if (hex.length % 2) hex = `0${hex}`;
  return new Uint8Array(Buffer.from(hex, "hex"));
}

/** Big-endian bytes → unsigned bigint (6 bytes at a time: no hex string on the hot path). */
export function bytesToBigint(b: Uint8Array): bigint {
  const len = b.length;
  let i = 0;
  while (i < len && b[i] === 0) i++;
  // The leading partial chunk (or the whole value when it fits in a double's 53 bits).
  const head = (len - i) % 6 || (len - i <= 6 ? len - i : 0);
  let n = 0;
  for (const end = i + head; i < end; i++) n = n * 256 + (b[i] as number);
  let r = BigInt(n);
  for (; i < len; i += 6) {
    const hi = ((b[i] as number) * 256 + (b[i + 1] as number)) * 256 + (b[i + 2] as number);
    const lo = ((b[i + 3] as number) * 256 + (b[i + 4] as number)) * 256 + (b[i + 5] as number);
    r = (r << 48n) | BigInt(hi * 16_777_216 + lo);
  }
  return r;
}

/** Unsigned bigint → fixed-width big-endian bytes (64 bits at a time). */
export function bigintToFixed(n: bigint, width: number): Uint8Array {
  if (n < 0n || n >= 1n << BigInt(width * 8)) throw new RangeError(`integer does not fit in ${width} bytes`);
  const out = new Uint8Array(width);
  let v = n;
  let o = width - 8;
  if (o >= 0) {
    const view = new DataView(out.buffer);
    for (; o >= 0 && v > 0n; o -= 8) {
      view.setBigUint64(o, BigInt.asUintN(64, v));
      v >>= 64n;
    }
  }
  // Widths that are not a multiple of 8: the remaining leading bytes one by one.
  for (let i = o + 7; i >= 0 && v > 0n; i--) {
    out[i] = Number(v & 0xffn);
    v >>= 8n;
  }
  return out;
}

/** UTF-8 encode. */
export function utf8(s: string): Uint8Array {
  return new TextEncoder().encode(s);
}

/**
 * Buffer's native string slicers, called on any Uint8Array so that no Buffer view is made per call.
 * They are not in Node's documented API (ws and undici call them the same way); a Node without
 * them fails here, at load, rather than somewhere on a hot path.
 */
type Slicer = (this: Uint8Array, start: number, end: number) => string;
const bufferProto = Buffer.prototype as unknown as { latin1Slice?: Slicer; hexSlice?: Slicer };
if (typeof bufferProto.latin1Slice !== "function" || typeof bufferProto.hexSlice !== "function") {
  throw new Error("this Node.js lacks Buffer.prototype.latin1Slice / hexSlice");
}
const latin1Slice = bufferProto.latin1Slice;
const hexSlice = bufferProto.hexSlice;

/**
 * Bytes as a Map key: one latin1 character per byte, so keys compare as the bytes do
 * (`bytesFromKey` reverses it). About half the cost of a Buffer view and `toString`.
 */
export function bytesKey(b: Uint8Array): string {
  return latin1Slice.call(b, 0, b.length);
}

/** The bytes of a `bytesKey` string. */
export function bytesFromKey(s: string): Uint8Array {
  return new Uint8Array(Buffer.from(s, "latin1"));
}

/** Lowercase hex digits of bytes, without the 0x prefix. */
export function hexDigits(b: Uint8Array): string {
  return hexSlice.call(b, 0, b.length);
}
