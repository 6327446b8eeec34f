import { keccak256, keccak256Concat } from "../crypto/index.js";

const LEAF = Uint8Array.of(0);
const NODE = Uint8Array.of(1);

/**
 * Binary Merkle root over a list (RFC 6962 shape with keccak256: domain-separated leaves and
 * nodes, split at the largest power of two below n). Used for the tx and receipts roots; the
 * empty list hashes to keccak256("").
 */
export function merkleRoot(leaves: Uint8Array[]): Uint8Array {
  if (leaves.length === 0) return keccak256(new Uint8Array(0));
  return subtree(leaves, 0, leaves.length);
}

/** Scratch for node inputs (0x01 ‖ left ‖ right): filled only after both children are computed. */
const NODE_INPUT = new Uint8Array(65);

function subtree(leaves: Uint8Array[], from: number, to: number): Uint8Array {
  const n = to - from;
  if (n === 1) return keccak256Concat(LEAF, leaves[from] as Uint8Array);
  let k = 1;
  while (k * 2 < n) k *= 2;
  const left = subtree(leaves, from, from + k);
  const right = subtree(leaves, from + k, to);
  NODE_INPUT[0] = NODE[0] as number;
  NODE_INPUT.set(left, 1);
  NODE_INPUT.set(right, 33);
  return keccak256(NODE_INPUT);
}
