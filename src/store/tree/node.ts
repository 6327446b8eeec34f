/**
 * Tree nodes in memory and their LMDB encoding.
 *
 * The tree is a compressed binary Merkle (PATRICIA) trie over keccak256(key): an inner node exists
 * only where the paths of its leaves diverge, at bit `depth`, and its `prefix` is the first `depth`
 * bits its leaves share. Leaves live inside their parent's record; each inner node is one LMDB
 * record keyed by its position (prefix, depth), so a rewritten node overwrites itself.
 */

/** A (key hash, value hash) pair. */
export interface Leaf {
  readonly kind: 0;
  readonly keyHash: Uint8Array;
  readonly valueHash: Uint8Array;
  readonly hash: Uint8Array;
}

/** An inner node whose children are in memory (as nodes or stubs). */
export interface Inner {
  readonly kind: 1;
  readonly depth: number;
  readonly prefix: Uint8Array;
  readonly hash: Uint8Array;
  /** Replaced in place by the loaded node when a cached stub is read (same hash, same content). */
  left: Child;
  right: Child;
}

/** An inner node not loaded yet: what its parent's record says about it. */
export interface Stub {
  readonly kind: 2;
  readonly depth: number;
  readonly prefix: Uint8Array;
  readonly hash: Uint8Array;
}

export type Child = Leaf | Inner | Stub;

const NODE_KEY_TAG = 0x6e; // "n"
/** The record holding the root slot; it commits the root with the block's write transaction. */
export const ROOT_RECORD_KEY: Uint8Array = Uint8Array.of(0x72); // "r"

const SLOT_LEAF = 0;
const SLOT_INNER = 1;
const LEAF_SLOT_SIZE = 97;

/** LMDB key of the inner node at (depth, prefix): "n" ‖ prefix bytes ‖ depth. */
export function nodeKey(depth: number, prefix: Uint8Array): Uint8Array {
  const n = (depth + 7) >> 3;
  const key = new Uint8Array(n + 2);
  key[0] = NODE_KEY_TAG;
  key.set(prefix.subarray(0, n), 1);
  key[n + 1] = depth;
  return key;
}

function slotSize(c: Child): number {
  return c.kind === 0 ? LEAF_SLOT_SIZE : 34 + ((c.depth + 7) >> 3);
}

function writeSlot(out: Uint8Array, at: number, c: Child): number {
  if (c.kind === 0) {
    out[at] = SLOT_LEAF;
    out.set(c.keyHash, at + 1);
    out.set(c.valueHash, at + 33);
    out.set(c.hash, at + 65);
    return at + LEAF_SLOT_SIZE;
  }
  out[at] = SLOT_INNER;
  out[at + 1] = c.depth;
  out.set(c.hash, at + 2);
  const n = (c.depth + 7) >> 3;
  out.set(c.prefix.subarray(0, n), at + 34);
  return at + 34 + n;
}

function readSlot(buf: Uint8Array, at: number): [Leaf | Stub, number] {
  if (buf[at] === SLOT_LEAF) {
    const leaf: Leaf = {
      kind: 0,
      keyHash: buf.subarray(at + 1, at + 33),
      valueHash: buf.subarray(at + 33, at + 65),
      hash: buf.subarray(at + 65, at + 97),
    };
    return [leaf, at + LEAF_SLOT_SIZE];
  }
  if (buf[at] !== SLOT_INNER) throw new Error(`state tree: corrupt node record (slot tag ${buf[at]})`);
  const depth = buf[at + 1] as number;
  const n = (depth + 7) >> 3;
  const stub: Stub = {
    kind: 2,
    depth,
    hash: buf.subarray(at + 2, at + 34),
    prefix: buf.subarray(at + 34, at + 34 + n),
  };
  return [stub, at + 34 + n];
}

/** Record of an inner node: its left slot then its right slot. */
export function encodeInner(left: Child, right: Child): Uint8Array {
  const out = new Uint8Array(slotSize(left) + slotSize(right));
  writeSlot(out, writeSlot(out, 0, left), right);
  return out;
}

/** Decodes an inner node record; children come back as leaves and stubs. */
export function decodeInner(stub: Stub, record: Uint8Array): Inner {
  const [left, at] = readSlot(record, 0);
  const [right, end] = readSlot(record, at);
  if (end !== record.length) throw new Error("state tree: corrupt node record (length)");
  return { kind: 1, depth: stub.depth, prefix: stub.prefix, hash: stub.hash, left, right };
}

/** Record of the root slot (absent for the empty tree). */
export function encodeRoot(root: Child): Uint8Array {
  const out = new Uint8Array(slotSize(root));
  writeSlot(out, 0, root);
  return out;
}

/** Decodes the root record. */
export function decodeRoot(record: Uint8Array): Leaf | Stub {
  const [root, end] = readSlot(record, 0);
  if (end !== record.length) throw new Error("state tree: corrupt root record");
  return root;
}

/** The stub a parent keeps for an inner node that is not held in memory. */
export function toStub(c: Inner | Stub): Stub {
  return c.kind === 2 ? c : { kind: 2, depth: c.depth, prefix: c.prefix, hash: c.hash };
}
