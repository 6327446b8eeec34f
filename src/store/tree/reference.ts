import { keccak256 } from "../../crypto/index.js";
import { concatBytes } from "../../lib/index.js";
import { EMPTY_ROOT } from "./hash.js";

/**
 * The tree's root by its definition, from the full key/value set, with nothing shared with the
 * incremental code: keys become 256-character bit strings, the set is split recursively at the
 * first bit where its first and last key differ. Slow; for tests and documentation.
 */
export function referenceRoot(entries: Iterable<readonly [Uint8Array, Uint8Array]>): Uint8Array {
  return referenceTree(entries).root;
}

/** The root and the inner nodes (split depth, prefix as a bit string) of the tree of `entries`. */
export function referenceTree(entries: Iterable<readonly [Uint8Array, Uint8Array]>): {
  root: Uint8Array;
  inner: Array<{ depth: number; prefix: string }>;
} {
  const inner: Array<{ depth: number; prefix: string }> = [];
  const leaves: Array<{ bits: string; keyHash: Uint8Array; valueHash: Uint8Array }> = [];
  for (const [key, value] of entries) {
    const keyHash = keccak256(key);
    const bits = Array.from(keyHash, (b) => b.toString(2).padStart(8, "0")).join("");
    leaves.push({ bits, keyHash, valueHash: keccak256(value) });
  }
  leaves.sort((a, b) => (a.bits < b.bits ? -1 : a.bits > b.bits ? 1 : 0));
  const subtree = (from: number, to: number): Uint8Array => {
    const first = leaves[from]!;
    if (to - from === 1) return keccak256(concatBytes(Uint8Array.of(0), first.keyHash, first.valueHash));
    const last = leaves[to - 1]!;
    let depth = 0;
    while (first.bits[depth] === last.bits[depth]) depth++;
    let mid = from;
    while (leaves[mid]!.bits[depth] === "0") mid++;
    inner.push({ depth, prefix: first.bits.slice(0, depth) });
    return keccak256(concatBytes(Uint8Array.of(1, depth), subtree(from, mid), subtree(mid, to)));
  };
  return { root: leaves.length === 0 ? EMPTY_ROOT : subtree(0, leaves.length), inner };
}
