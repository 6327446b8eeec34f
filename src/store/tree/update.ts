import { bytesEqual } from "../../lib/index.js";
import { bitAt, commonPrefixBits, prefixOf } from "./bits.js";
import type { TreeHasher } from "./hash.js";
import { type Child, type Inner, type Leaf, type Stub, samePage, toStub } from "./node.js";
import { PageChanges } from "./page-changes.js";

/** One changed state key: its tree path and the hash of its new value (null: deleted). */
export interface Change {
  readonly keyHash: Uint8Array;
  readonly valueHash: Uint8Array | null;
}

/** What the builder needs from the tree: committed nodes and the cache rule. */
export interface BuilderDeps {
  readonly hasher: TreeHasher;
  /** Loads a committed inner node (not cached). */
  load(stub: Stub): Inner;
  /** Child of a committed inner node, loaded (and cached when shallow) if it was a stub. */
  child(inner: Inner, side: 0 | 1): Child;
  /** Inner nodes at a depth below this are held in memory by their parent. */
  readonly cacheDepth: number;
  /** A free buffer to cut page records from (see PageChanges). */
  newRecordChunk(): Uint8Array;
}

const LEAF_DEPTH = 256;

let generations = 0;

/**
 * Applies one sorted batch of changes to the committed tree, copy-on-write: committed nodes are
 * never modified (only loaded into the cache). New inner nodes carry this update's `gen`; the pages
 * they fall in, and the pages that lost nodes, become the update's writes (page-changes.ts).
 */
export class UpdateBuilder {
  readonly gen = ++generations;
  readonly pages: PageChanges;

  constructor(
    private readonly deps: BuilderDeps,
    private readonly changes: readonly Change[],
  ) {
    this.pages = new PageChanges(this.gen, () => deps.newRecordChunk());
  }

  /** New root after applying every change to `root`. */
  run(root: Child | null): Child | null {
    return this.changes.length === 0 ? root : this.merge(root, 0, this.changes.length);
  }

  /** Applies changes [lo, hi) to the subtree `node`; they all lie below `node`'s parent. */
  private merge(start: Child | null, lo: number, hi: number): Child | null {
    if (start === null) return this.build(lo, hi);
    let node = start;
    const c = this.changes;
    const depth = node.kind === 0 ? LEAF_DEPTH : node.depth;
    const path = node.kind === 0 ? node.keyHash : node.prefix;
    // Keys sorted: the least shared prefix with `path` is at one end of the range.
    const a = commonPrefixBits(c[lo]!.keyHash, path, depth);
    const m = hi - lo === 1 ? a : Math.min(a, commonPrefixBits(c[hi - 1]!.keyHash, path, depth));
    if (m < depth) {
      // Some changes leave this subtree at bit m: the subtree keeps its side of a node at m,
      // which needs it in memory when both are in the same page.
      if (node.kind === 2 && samePage(node.depth, m)) node = this.deps.load(node);
      const mid = this.splitAt(lo, hi, m);
      if (bitAt(path, m) === 0) {
        return this.join(m, path, lo < mid ? this.merge(node, lo, mid) : node, this.build(mid, hi));
      }
      return this.join(m, path, this.build(lo, mid), mid < hi ? this.merge(node, mid, hi) : node);
    }
    if (node.kind === 0) {
      // m = 256: the one change is to this very key.
      const vh = c[lo]!.valueHash;
      if (vh === null) return null;
      return bytesEqual(vh, node.valueHash) ? node : this.leaf(node.keyHash, vh);
    }
    const inner = node.kind === 2 ? this.deps.load(node) : node;
    const mid = this.splitAt(lo, hi, depth);
    const left = lo < mid ? this.merge(this.deps.child(inner, 0), lo, mid) : inner.left;
    const right = mid < hi ? this.merge(this.deps.child(inner, 1), mid, hi) : inner.right;
    if (left === null || right === null) {
      // One side emptied: the node goes and the other side takes its place.
      const survivor = left ?? right;
      this.pages.removed(inner, survivor);
      return survivor;
    }
    if (bytesEqual(left.hash, inner.left.hash) && bytesEqual(right.hash, inner.right.hash)) return inner;
    return this.inner(depth, inner.prefix, left, right);
  }

  /** Builds a subtree from the puts among changes [lo, hi) (no committed nodes there). */
  private build(lo: number, hi: number): Child | null {
    const c = this.changes;
    while (lo < hi && c[lo]!.valueHash === null) lo++;
    while (hi > lo && c[hi - 1]!.valueHash === null) hi--;
    if (lo === hi) return null;
    const first = c[lo]!;
    if (hi - lo === 1) return this.leaf(first.keyHash, first.valueHash!);
    const m = commonPrefixBits(first.keyHash, c[hi - 1]!.keyHash, LEAF_DEPTH);
    const mid = this.splitAt(lo, hi, m);
    return this.inner(m, prefixOf(first.keyHash, m), this.build(lo, mid)!, this.build(mid, hi)!);
  }

  /** A node at bit m over `left` and `right`, or the one that is not empty. */
  private join(m: number, path: Uint8Array, left: Child | null, right: Child | null): Child | null {
    if (left === null) return right;
    if (right === null) return left;
    return this.inner(m, prefixOf(path, m), left, right);
  }

  /** First index in [lo, hi) whose key has bit `bit` set (the keys share all bits before it). */
  private splitAt(lo: number, hi: number, bit: number): number {
    const c = this.changes;
    let a = lo;
    let b = hi;
    while (a < b) {
      const mid = (a + b) >>> 1;
      if (bitAt(c[mid]!.keyHash, bit) === 0) a = mid + 1;
      else b = mid;
    }
    return a;
  }

  private leaf(keyHash: Uint8Array, valueHash: Uint8Array): Leaf {
    return { kind: 0, keyHash, valueHash, hash: this.deps.hasher.leaf(keyHash, valueHash) };
  }

  private inner(depth: number, prefix: Uint8Array, left: Child, right: Child): Inner {
    const hash = this.deps.hasher.inner(depth, left.hash, right.hash);
    const node: Inner = { kind: 1, depth, prefix, hash, gen: this.gen, left, right };
    this.pages.adopted(node, left);
    this.pages.adopted(node, right);
    node.left = this.keep(left, depth);
    node.right = this.keep(right, depth);
    return node;
  }

  /**
   * What a parent holds of a new child: nodes of its own page always (the page is written from
   * memory), nodes of deeper pages only above the cache depth, stubs below it.
   */
  private keep(c: Child, parentDepth: number): Child {
    if (c.kind === 0 || c.depth < this.deps.cacheDepth || samePage(c.depth, parentDepth)) return c;
    return toStub(c);
  }
}
