import { toHex } from "../../lib/index.js";
import { type Child, type Inner, samePage } from "./node.js";
import { encodePage, pageKey } from "./page.js";

/** Size of the buffers page records are cut from. */
export const RECORD_CHUNK = 256 * 1024;

/**
 * The page records one update writes. A page is rewritten when it holds a new node (then its top
 * is new too, since hashes change up to it); it is written when its new top gets a parent in
 * another page, or becomes the root. A page that lost nodes is deleted unless it still has a top,
 * which may be an old node that moved up within it (a "survivor").
 */
export class PageChanges {
  private readonly puts: Array<readonly [Uint8Array, Uint8Array]> = [];
  /** Page keys (by hex) of removed inner nodes. */
  private readonly emptied = new Map<string, Uint8Array>();
  /** Old nodes that took the place of a removed node of their own page, by hash (hex). */
  private readonly survivors = new Map<string, Inner>();

  /** The buffers this update's records were cut from (handed back to the tree when it commits). */
  readonly chunks: Uint8Array[] = [];

  constructor(
    private readonly gen: number,
    /** A free RECORD_CHUNK-sized buffer (recycled from a committed update, or new). */
    private readonly newChunk: () => Uint8Array,
  ) {}

  /** `node` left the tree and `survivor` (its other child, or null) took its place. */
  removed(node: Inner, survivor: Child | null): void {
    const key = pageKey(node.depth, node.prefix);
    this.emptied.set(toHex(key), key);
    if (survivor?.kind === 1 && survivor.gen !== this.gen && samePage(survivor.depth, node.depth)) {
      this.survivors.set(toHex(survivor.hash), survivor);
    }
  }

  /** A new node got `child`: a child in another page is the top of its page, final now. */
  adopted(parent: Inner | null, child: Child): void {
    if (child.kind === 0 || (parent !== null && samePage(child.depth, parent.depth))) return;
    if (child.kind === 1 && child.gen === this.gen) {
      this.emit(child);
    } else if (this.survivors.size > 0) {
      const survivor = this.survivors.get(toHex(child.hash));
      if (survivor !== undefined) this.emit(survivor);
    }
  }

  /** Deletes, then page records, once the new root is known. */
  writes(root: Child | null): Array<readonly [Uint8Array, Uint8Array | null]> {
    if (root !== null) this.adopted(null, root);
    const writes: Array<readonly [Uint8Array, Uint8Array | null]> = [];
    if (this.emptied.size > 0) {
      const written = new Set<string>(this.puts.map(([key]) => toHex(key)));
      for (const [id, key] of this.emptied) if (!written.has(id)) writes.push([key, null]);
    }
    for (const put of this.puts) writes.push(put);
    return writes;
  }

  private emit(top: Inner): void {
    this.puts.push([pageKey(top.depth, top.prefix), encodePage(top, this.alloc)]);
  }

  // Records are cut from shared chunks: one allocation per chunk rather than per record.
  private chunk: Uint8Array = new Uint8Array(0);
  private used = 0;
  private readonly alloc = (size: number): Uint8Array => {
    if (this.used + size > this.chunk.length) {
      this.chunk = size > RECORD_CHUNK ? new Uint8Array(size) : this.newChunk();
      if (this.chunk.length === RECORD_CHUNK) this.chunks.push(this.chunk);
      this.used = 0;
    }
    const out = this.chunk.subarray(this.used, this.used + size);
    this.used += size;
    return out;
  };
}
