/**
 * LMDB records of the tree (README.md). Inner nodes are stored in pages: page p of prefix P holds
 * the inner nodes whose depth is in [4p, 4p + 4) and whose first 4p bits are P. They form one
 * sub-trie under a single top node, written as one record keyed "m" ‖ P ‖ p (pages 0-3) or
 * "n" ‖ P ‖ p (deeper pages), so a rewritten page overwrites itself and nothing piles up. Leaves are
 * stored inside their parent's page.
 */
import { prefixOf } from "./bits.js";
import { type Child, type Inner, type Leaf, PAGE_BITS, type Stub, samePage } from "./node.js";

/** The record holding the root slot; it commits the root with the block's write transaction. */
export const ROOT_RECORD_KEY: Uint8Array = Uint8Array.of(0x72); // "r"

/**
 * Pages 0-3 (nodes above depth 16: the ~4 k pages a large tree rewrites every block) are keyed
 * apart from the deeper pages, so that they fill LMDB pages of their own. Interleaved with the
 * deeper pages of their prefix, each of them dirtied an LMDB page of its own: at 1 M accounts a
 * 2,500-transfer block wrote 25.9 MB, apart 23.8 MB, and its commit took ~14 % less (issue #5).
 */
const TOP_PAGES = 4;
const TOP_PAGE_KEY_TAG = 0x6d; // "m"
const PAGE_KEY_TAG = 0x6e; // "n"
const SLOT_LEAF = 0;
const SLOT_STUB = 1;
const SLOT_INLINE = 2;
const LEAF_SLOT_SIZE = 97;

/** LMDB key of the page holding the inner node at (depth, prefix). */
export function pageKey(depth: number, prefix: Uint8Array): Uint8Array {
  const page = Math.floor(depth / PAGE_BITS);
  const bits = page * PAGE_BITS;
  const n = (bits + 7) >> 3;
  const key = new Uint8Array(n + 2);
  key[0] = page < TOP_PAGES ? TOP_PAGE_KEY_TAG : PAGE_KEY_TAG;
  key.set(prefixOf(prefix, bits), 1);
  key[n + 1] = page;
  return key;
}

/**
 * Stores written before pages 0-3 had a key space of their own kept them under "n": the keys
 * (among `keys`) of such records, to be moved to `pageKey`'s key.
 */
export function legacyTopPageKeys(keys: Iterable<Uint8Array>): Uint8Array[] {
  const out: Uint8Array[] = [];
  for (const key of keys) {
    if (key[0] === PAGE_KEY_TAG && (key[key.length - 1] as number) < TOP_PAGES) out.push(Uint8Array.from(key));
  }
  return out;
}

/** The key a legacy "n" record of pages 0-3 is moved to. */
export function upgradedTopPageKey(legacy: Uint8Array): Uint8Array {
  const key = Uint8Array.from(legacy);
  key[0] = TOP_PAGE_KEY_TAG;
  return key;
}

const prefixLength = (depth: number) => (depth + 7) >> 3;

/** Whether `c` is written inside its parent's record (same page) rather than as a stub. */
const inlined = (c: Child, parent: Inner) => c.kind !== 0 && samePage(c.depth, parent.depth);

function slotSize(c: Child, inline: boolean): number {
  if (c.kind === 0) return LEAF_SLOT_SIZE;
  const head = 34 + prefixLength(c.depth);
  if (!inline) return head;
  const inner = c as Inner;
  return head + slotSize(inner.left, inlined(inner.left, inner)) + slotSize(inner.right, inlined(inner.right, inner));
}

/** Writes `c` as a leaf, a stub, or inline with its in-page descendants. */
function writeSlot(out: Uint8Array, at: number, c: Child, inline: boolean): number {
  if (c.kind === 0) {
    out[at] = SLOT_LEAF;
    out.set(c.keyHash, at + 1);
    out.set(c.valueHash, at + 33);
    out.set(c.hash, at + 65);
    return at + LEAF_SLOT_SIZE;
  }
  if (inline && c.kind !== 1) throw new Error("state tree: a node of the page is not in memory");
  out[at] = inline ? SLOT_INLINE : SLOT_STUB;
  out[at + 1] = c.depth;
  out.set(c.hash, at + 2);
  const n = prefixLength(c.depth);
  const prefix = c.prefix;
  for (let i = 0; i < n; i++) out[at + 34 + i] = prefix[i] as number;
  if (!inline) return at + 34 + n;
  const inner = c as Inner;
  const mid = writeSlot(out, at + 34 + n, inner.left, inlined(inner.left, inner));
  return writeSlot(out, mid, inner.right, inlined(inner.right, inner));
}

/** Read position of `readSlot` (a cursor rather than a returned pair: decoding is on the hot path). */
let pos = 0;

/**
 * Decoded nodes get copies of their hashes and prefixes (small arrays on the JS heap), not views
 * of the record: a view kept the whole record (an LMDB buffer off the JS heap) alive as long as
 * the node, and with 1 M accounts the pages a block loads left ~100 MB of malloc heap behind until
 * V8 got round to a full collection (issue #5). The record itself is garbage once decoded.
 */
const copy = (buf: Uint8Array, from: number, to: number): Uint8Array => buf.slice(from, to);

function readSlot(buf: Uint8Array): Child {
  const at = pos;
  const tag = buf[at];
  if (tag === SLOT_LEAF) {
    pos = at + LEAF_SLOT_SIZE;
    const leaf: Leaf = {
      kind: 0,
      keyHash: copy(buf, at + 1, at + 33),
      valueHash: copy(buf, at + 33, at + 65),
      hash: copy(buf, at + 65, at + 97),
    };
    return leaf;
  }
  if (tag !== SLOT_STUB && tag !== SLOT_INLINE) throw new Error(`state tree: corrupt record (slot tag ${tag})`);
  const depth = buf[at + 1] as number;
  const end = at + 34 + prefixLength(depth);
  const prefix = copy(buf, at + 34, end);
  const hash = copy(buf, at + 2, at + 34);
  pos = end;
  if (tag === SLOT_STUB) return { kind: 2, depth, prefix, hash } satisfies Stub;
  const left = readSlot(buf);
  const right = readSlot(buf);
  return { kind: 1, depth, prefix, hash, gen: 0, left, right } satisfies Inner;
}

/** Record of the page whose top node is `top`, written into `alloc(size)`. */
export function encodePage(top: Inner, alloc: (size: number) => Uint8Array): Uint8Array {
  const out = alloc(slotSize(top, true));
  writeSlot(out, 0, top, true);
  return out;
}

/** Decodes a page record into its top node, the page's nodes in memory and deeper pages as stubs. */
export function decodePage(record: Uint8Array): Inner {
  pos = 0;
  const top = readSlot(record);
  if (top.kind !== 1 || pos !== record.length) throw new Error("state tree: corrupt page record");
  return top;
}

/** Record of the root slot (absent for the empty tree): a leaf, or a stub of the root node. */
export function encodeRoot(root: Child): Uint8Array {
  const out = new Uint8Array(slotSize(root, false));
  writeSlot(out, 0, root, false);
  return out;
}

/** Decodes the root record. */
export function decodeRoot(record: Uint8Array): Leaf | Stub {
  pos = 0;
  const root = readSlot(record);
  if (root.kind === 1 || pos !== record.length) throw new Error("state tree: corrupt root record");
  return root;
}
