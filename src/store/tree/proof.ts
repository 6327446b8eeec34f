import { bytesEqual } from "../../lib/index.js";
import { bitAt } from "./bits.js";
import { defaultHasher, EMPTY_ROOT, type TreeHasher } from "./hash.js";
import type { TreeProof } from "./interface.js";
import type { Child, Inner } from "./node.js";

/**
 * Proof layout (README.md):
 * - `siblings`: the sibling hash at each inner node on the key's path, leaf end first;
 * - `extra[0]`: the depth (bit index) of each of those nodes, one byte each, same order;
 * - `extra[1]`: for an absent key whose path ends at another leaf, that leaf's keyHash ‖ valueHash.
 */
export function proveInTree(
  hasher: TreeHasher,
  root: Child | null,
  key: Uint8Array,
  childOf: (inner: Inner, side: 0 | 1) => Child,
  readValue: ((key: Uint8Array) => Uint8Array | undefined) | null,
): TreeProof {
  const keyHash = hasher.hash(key);
  const siblings: Uint8Array[] = [];
  const depths: number[] = [];
  let node = root;
  while (node !== null && node.kind !== 0) {
    if (node.kind === 2) throw new Error("state tree: proof walk met an unloaded node");
    const side = bitAt(keyHash, node.depth) as 0 | 1;
    siblings.push(childOf(node, side === 0 ? 1 : 0).hash);
    depths.push(node.depth);
    node = childOf(node, side);
  }
  siblings.reverse();
  depths.reverse();
  const extra = [Uint8Array.from(depths)];
  if (node === null) return { key, value: null, siblings, extra };
  if (!bytesEqual(node.keyHash, keyHash)) {
    const leaf = new Uint8Array(64);
    leaf.set(node.keyHash, 0);
    leaf.set(node.valueHash, 32);
    extra.push(leaf);
    return { key, value: null, siblings, extra };
  }
  if (readValue === null) throw new Error("state tree: prove of a present key needs options.readValue");
  const value = readValue(key);
  if (value === undefined || !bytesEqual(hasher.hash(value), node.valueHash)) {
    throw new Error("state tree: state value does not match the committed tree (read outside the committed height?)");
  }
  return { key, value, siblings, extra };
}

/** True when `proof` shows that `proof.key` has `proof.value` (or is absent, value null) under `root`. */
export function verifyProof(root: Uint8Array, proof: TreeProof, hasher: TreeHasher = defaultHasher): boolean {
  const { siblings, extra } = proof;
  const depths = extra[0];
  if (depths === undefined || depths.length !== siblings.length) return false;
  const keyHash = hasher.hash(proof.key);
  let leafKey: Uint8Array;
  let hash: Uint8Array;
  if (proof.value !== null) {
    if (extra.length !== 1) return false;
    leafKey = keyHash;
    hash = hasher.leaf(keyHash, hasher.hash(proof.value));
  } else if (extra.length === 1) {
    // Absent from the empty tree: nothing else can prove absence without a leaf.
    return siblings.length === 0 && bytesEqual(root, EMPTY_ROOT);
  } else {
    const other = extra[1]!;
    if (extra.length !== 2 || other.length !== 64) return false;
    leafKey = other.subarray(0, 32);
    if (bytesEqual(leafKey, keyHash)) return false;
    hash = hasher.leaf(leafKey, other.subarray(32));
  }
  let below = 256;
  for (let i = 0; i < siblings.length; i++) {
    const depth = depths[i]!;
    const sibling = siblings[i]!;
    // Depths strictly decrease towards the root, and the leaf found lies on the key's path.
    if (depth >= below || sibling.length !== 32) return false;
    const side = bitAt(keyHash, depth);
    if (bitAt(leafKey, depth) !== side) return false;
    hash = side === 0 ? hasher.inner(depth, hash, sibling) : hasher.inner(depth, sibling, hash);
    below = depth;
  }
  return bytesEqual(hash, root);
}
