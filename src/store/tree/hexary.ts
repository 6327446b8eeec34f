/**
 * The alternative measured against the binary trie (docs/state-tree.md): a compressed 16-ary
 * radix trie over keccak256(key), with the same storage scheme (inner nodes keyed by position,
 * leaves inline) and the same batch algorithm, but one node per nibble where paths diverge.
 * Node hash: keccak256(0x01 ‖ depth ‖ bitmap(2 bytes) ‖ hashes of the present children).
 * Not used by the node; kept so the comparison can be re-run.
 */
import { bytesEqual, compareBytes } from "../../lib/index.js";
import { commonPrefixBits, prefixOf } from "./bits.js";
import { EMPTY_ROOT, TreeHasher } from "./hash.js";
import type { StateTree, TreeProof, TreeUpdate } from "./interface.js";
import { DEFAULT_CACHE_DEPTH, type StateTreeOptions, type TreeNodeReader } from "./options.js";
import type { Change } from "./update.js";

interface Leaf {
  readonly kind: 0;
  readonly keyHash: Uint8Array;
  readonly valueHash: Uint8Array;
  readonly hash: Uint8Array;
}
interface Branch {
  readonly kind: 1;
  readonly depth: number;
  readonly prefix: Uint8Array;
  readonly hash: Uint8Array;
  readonly children: Array<Node | null>;
}
interface Stub {
  readonly kind: 2;
  readonly depth: number;
  readonly prefix: Uint8Array;
  readonly hash: Uint8Array;
}
type Node = Leaf | Branch | Stub;

const LEAF_DEPTH = 64;
const ROOT_KEY = Uint8Array.of(0x72);
const nibble = (h: Uint8Array, i: number): number => ((h[i >> 1] as number) >> (i & 1 ? 0 : 4)) & 15;
const prefixBits = (depth: number) => depth * 4;

function nodeKey(depth: number, prefix: Uint8Array): Uint8Array {
  const n = (depth + 1) >> 1;
  const key = new Uint8Array(n + 2);
  key[0] = 0x6e;
  key.set(prefix.subarray(0, n), 1);
  key[n + 1] = depth;
  return key;
}

function slotSize(c: Node): number {
  return c.kind === 0 ? 97 : 34 + ((c.depth + 1) >> 1);
}

function writeSlot(out: Uint8Array, at: number, c: Node): number {
  if (c.kind === 0) {
    out[at] = 0;
    out.set(c.keyHash, at + 1);
    out.set(c.valueHash, at + 33);
    out.set(c.hash, at + 65);
    return at + 97;
  }
  out[at] = 1;
  out[at + 1] = c.depth;
  out.set(c.hash, at + 2);
  out.set(c.prefix.subarray(0, (c.depth + 1) >> 1), at + 34);
  return at + slotSize(c);
}

function readSlot(buf: Uint8Array, at: number): [Leaf | Stub, number] {
  if (buf[at] === 0) {
    const hash = buf.subarray(at + 65, at + 97);
    return [
      { kind: 0, keyHash: buf.subarray(at + 1, at + 33), valueHash: buf.subarray(at + 33, at + 65), hash },
      at + 97,
    ];
  }
  const depth = buf[at + 1] as number;
  const end = at + 34 + ((depth + 1) >> 1);
  return [{ kind: 2, depth, hash: buf.subarray(at + 2, at + 34), prefix: buf.subarray(at + 34, end) }, end];
}

/** The 16-ary alternative; same contract as `createStateTree`. */
export class HexaryStateTree implements StateTree {
  private rootNode: Node | null;
  private readonly hasher: TreeHasher;
  private readonly cacheDepth: number;
  private puts: Array<readonly [Uint8Array, Uint8Array | null]> = [];
  private deletes: Array<readonly [Uint8Array, null]> = [];
  private changes: Change[] = [];

  constructor(
    private readonly db: TreeNodeReader,
    options: StateTreeOptions = {},
  ) {
    this.hasher = new TreeHasher(options.keccak);
    this.cacheDepth = options.cacheDepth ?? DEFAULT_CACHE_DEPTH;
    const rec = db.get(ROOT_KEY);
    this.rootNode = rec === undefined ? null : readSlot(new Uint8Array(rec.buffer, rec.byteOffset, rec.length), 0)[0];
  }

  get root(): Uint8Array {
    return this.rootNode?.hash ?? EMPTY_ROOT;
  }

  computeUpdate(changes: ReadonlyArray<readonly [Uint8Array, Uint8Array | null]>): TreeUpdate & { next: Node | null } {
    const h = this.hasher;
    this.changes = changes
      .map(([k, v]) => ({ keyHash: h.hash(k), valueHash: v === null ? null : h.hash(v) }))
      .sort((a, b) => compareBytes(a.keyHash, b.keyHash));
    this.puts = [];
    this.deletes = [];
    const base = this.rootNode?.kind === 2 ? this.load(this.rootNode) : this.rootNode;
    this.rootNode = base;
    const next = this.changes.length === 0 ? base : this.merge(base, 0, this.changes.length);
    const writes: Array<readonly [Uint8Array, Uint8Array | null]> = [...this.deletes, ...this.puts];
    if (next !== base) writes.push([ROOT_KEY, next === null ? null : this.slot(next)]);
    return { root: next?.hash ?? EMPTY_ROOT, writes, next };
  }

  commit(update: TreeUpdate): void {
    this.adopt(update);
  }

  adopt(update: TreeUpdate): void {
    this.rootNode = (update as TreeUpdate & { next: Node | null }).next;
  }

  release(_update: TreeUpdate): void {}

  prove(key: Uint8Array): TreeProof {
    const keyHash = this.hasher.hash(key);
    const siblings: Uint8Array[] = [];
    const levels: number[] = [];
    let node: Node | null = this.rootNode;
    while (node !== null && node.kind !== 0) {
      const branch = node.kind === 2 ? this.load(node) : node;
      const nib = nibble(keyHash, branch.depth);
      let bitmap = 0;
      branch.children.forEach((c, i) => {
        if (c === null) return;
        bitmap |= 1 << (15 - i);
        if (i !== nib) siblings.push(c.hash);
      });
      levels.push(branch.depth, bitmap >> 8, bitmap & 0xff);
      node = branch.children[nib] ?? null;
    }
    const extra = [Uint8Array.from(levels)];
    if (node !== null && !bytesEqual(node.keyHash, keyHash))
      extra.push(new Uint8Array([...node.keyHash, ...node.valueHash]));
    return { key, value: null, siblings, extra };
  }

  private merge(node: Node | null, lo: number, hi: number): Node | null {
    if (node === null) return this.build(lo, hi);
    const c = this.changes;
    const depth = node.kind === 0 ? LEAF_DEPTH : node.depth;
    const path = node.kind === 0 ? node.keyHash : node.prefix;
    const bits = prefixBits(depth);
    const cpl = Math.min(
      commonPrefixBits(c[lo]!.keyHash, path, bits),
      commonPrefixBits(c[hi - 1]!.keyHash, path, bits),
    );
    const m = cpl >> 2;
    if (m < depth) {
      const own = nibble(path, m);
      const children: Array<Node | null> = new Array(16).fill(null);
      children[own] = node;
      this.groups(lo, hi, m, children, (nib, a, b) => (nib === own ? this.merge(node, a, b) : this.build(a, b)));
      return this.branch(m, path, children);
    }
    if (node.kind === 0) {
      const vh = c[lo]!.valueHash;
      return vh === null ? null : this.leaf(node.keyHash, vh);
    }
    const branch = node.kind === 2 ? this.load(node) : node;
    const children = branch.children.slice();
    this.groups(lo, hi, depth, children, (nib, a, b) => this.merge(this.child(branch, nib), a, b));
    const present = children.filter((x) => x !== null);
    if (present.length < 2) {
      this.deletes.push([nodeKey(branch.depth, branch.prefix), null]);
      return present[0] ?? null;
    }
    return this.branch(depth, branch.prefix, children);
  }

  private build(lo: number, hi: number): Node | null {
    const c = this.changes;
    while (lo < hi && c[lo]!.valueHash === null) lo++;
    while (hi > lo && c[hi - 1]!.valueHash === null) hi--;
    if (lo === hi) return null;
    if (hi - lo === 1) return this.leaf(c[lo]!.keyHash, c[lo]!.valueHash!);
    const m = commonPrefixBits(c[lo]!.keyHash, c[hi - 1]!.keyHash, 256) >> 2;
    const children: Array<Node | null> = new Array(16).fill(null);
    this.groups(lo, hi, m, children, (_, a, b) => this.build(a, b));
    return this.branch(m, c[lo]!.keyHash, children);
  }

  /** Sets out[nib] = f(nib, a, b) for each run [a, b) of changes with the same nibble at `depth`. */
  private groups(
    lo: number,
    hi: number,
    depth: number,
    out: Array<Node | null>,
    f: (nib: number, a: number, b: number) => Node | null,
  ): void {
    let a = lo;
    while (a < hi) {
      const nib = nibble(this.changes[a]!.keyHash, depth);
      let b = a + 1;
      while (b < hi && nibble(this.changes[b]!.keyHash, depth) === nib) b++;
      out[nib] = f(nib, a, b);
      a = b;
    }
  }

  private branch(depth: number, path: Uint8Array, children: Array<Node | null>): Node | null {
    const present = children.filter((x): x is Node => x !== null);
    if (present.length < 2) return present[0] ?? null;
    const prefix = prefixOf(path, prefixBits(depth));
    let bitmap = 0;
    let size = 2;
    const input = new Uint8Array(4 + 32 * present.length);
    input[0] = 1;
    input[1] = depth;
    let at = 4;
    children.forEach((c, i) => {
      if (c === null) return;
      bitmap |= 1 << (15 - i);
      size += slotSize(c);
      input.set(c.hash, at);
      at += 32;
    });
    input[2] = bitmap >> 8;
    input[3] = bitmap & 0xff;
    const record = new Uint8Array(size);
    record[0] = bitmap >> 8;
    record[1] = bitmap & 0xff;
    let w = 2;
    for (const c of present) w = writeSlot(record, w, c);
    this.puts.push([nodeKey(depth, prefix), record]);
    const kept = children.map((c) =>
      c === null || c.kind === 0 || prefixBits(c.depth) < this.cacheDepth ? c : toStub(c),
    );
    return { kind: 1, depth, prefix, hash: this.hasher.keccak(input), children: kept };
  }

  private leaf(keyHash: Uint8Array, valueHash: Uint8Array): Leaf {
    return { kind: 0, keyHash, valueHash, hash: this.hasher.leaf(keyHash, valueHash) };
  }

  private slot(n: Node): Uint8Array {
    const out = new Uint8Array(slotSize(n));
    writeSlot(out, 0, n);
    return out;
  }

  private child(branch: Branch, nib: number): Node | null {
    const c = branch.children[nib] ?? null;
    if (c === null || c.kind !== 2) return c;
    const loaded = this.load(c);
    if (prefixBits(c.depth) < this.cacheDepth) branch.children[nib] = loaded;
    return loaded;
  }

  private load(stub: Stub): Branch {
    const rec = this.db.get(nodeKey(stub.depth, stub.prefix));
    if (rec === undefined) throw new Error(`hexary tree: missing node at depth ${stub.depth}`);
    const buf = new Uint8Array(rec.buffer, rec.byteOffset, rec.length);
    const bitmap = ((buf[0] as number) << 8) | (buf[1] as number);
    const children: Array<Node | null> = new Array(16).fill(null);
    let at = 2;
    for (let i = 0; i < 16; i++) {
      if ((bitmap & (1 << (15 - i))) === 0) continue;
      const [c, next] = readSlot(buf, at);
      children[i] = c;
      at = next;
    }
    return { kind: 1, depth: stub.depth, prefix: stub.prefix, hash: stub.hash, children };
  }
}

function toStub(c: Branch | Stub): Stub {
  return c.kind === 2 ? c : { kind: 2, depth: c.depth, prefix: c.prefix, hash: c.hash };
}
