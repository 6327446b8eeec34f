import { keccak256 } from "../crypto/index.js";

/** Size of an Ethereum logs bloom in bytes (2048 bits). */
export const BLOOM_BYTES = 256;

/** Set the three bloom bits of `item` (yellow paper M3:2048). */
export function bloomAdd(bloom: Uint8Array, item: Uint8Array): void {
  const h = keccak256(item);
  for (let i = 0; i < 6; i += 2) {
    const bit = (((h[i] as number) << 8) | (h[i + 1] as number)) & 2047;
    const idx = BLOOM_BYTES - 1 - (bit >> 3);
    bloom[idx] = (bloom[idx] as number) | (1 << (bit & 7));
  }
}

/** True when every bit of `item` is set: it may be in the set (false means surely not). */
export function bloomMayContain(bloom: Uint8Array, item: Uint8Array): boolean {
  const h = keccak256(item);
  for (let i = 0; i < 6; i += 2) {
    const bit = (((h[i] as number) << 8) | (h[i + 1] as number)) & 2047;
    const idx = BLOOM_BYTES - 1 - (bit >> 3);
    if (((bloom[idx] as number) & (1 << (bit & 7))) === 0) return false;
  }
  return true;
}

/** OR `src` into `dst`. */
export function bloomOr(dst: Uint8Array, src: Uint8Array): void {
  for (let i = 0; i < BLOOM_BYTES; i++) dst[i] = (dst[i] as number) | (src[i] as number);
}
