import { keccak256 } from "../../crypto/index.js";

/** A keccak256 function. The tree takes it as a dependency so that bindings can be compared. */
export type Keccak256 = (data: Uint8Array) => Uint8Array;

/** Root of the empty tree: 32 zero bytes (a hash no leaf or inner node can be expected to have). */
export const EMPTY_ROOT: Uint8Array = new Uint8Array(32);

/** Domain tags: a leaf and an inner node can never share a preimage. */
const LEAF_TAG = 0x00;
const INNER_TAG = 0x01;

/** The tree's hash rules (see README.md): key and value hashes, leaf and inner node hashes. */
export class TreeHasher {
  private readonly leafInput = new Uint8Array(65);
  private readonly innerInput = new Uint8Array(66);

  constructor(readonly keccak: Keccak256 = keccak256) {
    this.leafInput[0] = LEAF_TAG;
    this.innerInput[0] = INNER_TAG;
  }

  /** keccak256(data): the tree path of a state key, or the hash of a state value. */
  hash(data: Uint8Array): Uint8Array {
    return this.keccak(data);
  }

  /** keccak256(0x00 ‖ keyHash ‖ valueHash). */
  leaf(keyHash: Uint8Array, valueHash: Uint8Array): Uint8Array {
    this.leafInput.set(keyHash, 1);
    this.leafInput.set(valueHash, 33);
    return this.keccak(this.leafInput);
  }

  /** keccak256(0x01 ‖ depth ‖ left ‖ right), `depth` being the bit the node splits on (0..255). */
  inner(depth: number, left: Uint8Array, right: Uint8Array): Uint8Array {
    this.innerInput[1] = depth;
    this.innerInput.set(left, 2);
    this.innerInput.set(right, 34);
    return this.keccak(this.innerInput);
  }
}

/** The hasher `verifyProof` uses: crypto's native keccak256. */
export const defaultHasher = new TreeHasher();
