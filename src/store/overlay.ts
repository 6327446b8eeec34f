import { compareBytes } from "../lib/index.js";

/** A key's value laid over a range: bytes, or null for a key that is absent there. */
export type Overlay = readonly [key: Uint8Array, value: Uint8Array | null];

/**
 * `base`'s entries (in key order) with `overlay` (sorted by key, within the same range) laid over
 * them: an overlaid key takes its overlay value, or disappears when that is null.
 */
export function* overlayRange(
  overlay: ReadonlyArray<Overlay>,
  base: Iterable<{ key: Uint8Array; value: Uint8Array }>,
): Generator<{ key: Uint8Array; value: Uint8Array }> {
  let i = 0;
  for (const entry of base) {
    while (i < overlay.length && compareBytes((overlay[i] as Overlay)[0], entry.key) < 0) {
      const [key, value] = overlay[i++] as Overlay;
      if (value !== null) yield { key, value };
    }
    if (i < overlay.length && compareBytes((overlay[i] as Overlay)[0], entry.key) === 0) {
      const [key, value] = overlay[i++] as Overlay;
      if (value !== null) yield { key, value };
      continue;
    }
    yield entry;
  }
  for (; i < overlay.length; i++) {
    const [key, value] = overlay[i] as Overlay;
    if (value !== null) yield { key, value };
  }
}

/** Whether start <= key < end. */
export function inRange(key: Uint8Array, start: Uint8Array, end: Uint8Array): boolean {
  return compareBytes(key, start) >= 0 && compareBytes(key, end) < 0;
}
