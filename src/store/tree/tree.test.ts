import { afterEach, describe, expect, it } from "vitest";
import { toHex, utf8 } from "../../lib/index.js";
import { createStateTree, EMPTY_ROOT } from "./index.js";
import { referenceRoot } from "./reference.js";
import { openTreeDb, type TreeDb } from "./temp-db.js";

type Entry = readonly [Uint8Array, Uint8Array | null];

const opened: TreeDb[] = [];
function freshDb(dir?: string): TreeDb {
  const t = openTreeDb(dir);
  opened.push(t);
  return t;
}
afterEach(async () => {
  for (const t of opened.splice(0)) await t.destroy().catch(() => undefined);
});

const kv = (k: string, v: string | null): Entry => [utf8(k), v === null ? null : utf8(v)];
const entries = (n: number, tag = "v"): Entry[] => Array.from({ length: n }, (_, i) => kv(`key-${i}`, `${tag}-${i}`));

describe("state tree", () => {
  it("has the documented empty root (32 zero bytes)", () => {
    const t = freshDb();
    const tree = createStateTree(t.db);
    expect(toHex(tree.root)).toBe(`0x${"00".repeat(32)}`);
    expect(tree.root).toEqual(EMPTY_ROOT);
    expect(tree.computeUpdate([]).root).toEqual(EMPTY_ROOT);
  });

  it("gives the same root whatever the insertion order and batching", () => {
    const all = entries(300);
    const a = freshDb();
    const one = createStateTree(a.db);
    a.apply(one, one.computeUpdate(all));

    const b = freshDb();
    const many = createStateTree(b.db);
    const reversed = [...all].reverse();
    for (let i = 0; i < reversed.length; i += 7) b.apply(many, many.computeUpdate(reversed.slice(i, i + 7)));

    expect(toHex(many.root)).toBe(toHex(one.root));
    expect(toHex(one.root)).toBe(toHex(referenceRoot(all as Array<[Uint8Array, Uint8Array]>)));
  });

  it("restores the previous root when keys are deleted, down to the empty root", () => {
    const t = freshDb();
    const tree = createStateTree(t.db);
    t.apply(tree, tree.computeUpdate(entries(50)));
    const before = tree.root;
    t.apply(tree, tree.computeUpdate([kv("extra-1", "x"), kv("extra-2", "y"), kv("key-3", "changed")]));
    expect(tree.root).not.toEqual(before);
    t.apply(tree, tree.computeUpdate([kv("extra-1", null), kv("extra-2", null), kv("key-3", "v-3")]));
    expect(toHex(tree.root)).toBe(toHex(before));
    t.apply(tree, tree.computeUpdate(entries(50).map(([k]) => [k, null] as const)));
    expect(tree.root).toEqual(EMPTY_ROOT);
    // Every page record was removed; nothing piles up.
    expect([...t.db.getKeys()].length).toBe(0);
  });

  it("ignores deletes of absent keys and rewrites of the same value", () => {
    const t = freshDb();
    const tree = createStateTree(t.db);
    t.apply(tree, tree.computeUpdate(entries(20)));
    const update = tree.computeUpdate([kv("absent", null), kv("key-4", "v-4")]);
    expect(update.root).toEqual(tree.root);
    expect(update.writes).toEqual([]);
  });

  it("keeps the last value when a key appears twice in one batch", () => {
    const t = freshDb();
    const tree = createStateTree(t.db);
    const update = tree.computeUpdate([kv("k", "first"), kv("k", "second")]);
    expect(toHex(update.root)).toBe(toHex(referenceRoot([[utf8("k"), utf8("second")]])));
  });

  it("changes nothing visible until commit, and refuses a stale update", () => {
    const t = freshDb();
    const tree = createStateTree(t.db);
    t.apply(tree, tree.computeUpdate(entries(100)));
    const committed = tree.root;
    const recordsBefore = [...t.db.getRange()].map(({ key, value }) => toHex(key) + toHex(value));

    const proposal = tree.computeUpdate([kv("key-1", "other"), kv("new", "n"), kv("key-2", null)]);
    expect(proposal.root).not.toEqual(committed);
    expect(tree.root).toEqual(committed);
    expect([...t.db.getRange()].map(({ key, value }) => toHex(key) + toHex(value))).toEqual(recordsBefore);

    // The proposal is dropped; another one is computed and committed instead.
    const chosen = tree.computeUpdate([kv("key-9", "nine")]);
    t.apply(tree, chosen);
    const expected = entries(100).map(([k, v]) => (toHex(k) === toHex(utf8("key-9")) ? kv("key-9", "nine") : [k, v]));
    expect(toHex(tree.root)).toBe(toHex(referenceRoot(expected as Array<[Uint8Array, Uint8Array]>)));
    expect(() => tree.commit(proposal)).toThrow(/stale/);
  });

  it("continues from the committed root after the LMDB environment is reopened", async () => {
    const batches = [entries(200, "a"), entries(120, "b"), [kv("key-7", null), kv("z", "z")]];

    const plain = freshDb();
    const straight = createStateTree(plain.db);
    for (const batch of batches) plain.apply(straight, straight.computeUpdate(batch));

    let t = freshDb();
    const dir = t.dir;
    let tree = createStateTree(t.db, { cacheDepth: 2 });
    for (const batch of batches) {
      t.apply(tree, tree.computeUpdate(batch));
      const root = tree.root;
      await t.close();
      t = freshDb(dir);
      tree = createStateTree(t.db, { cacheDepth: 2 });
      expect(toHex(tree.root)).toBe(toHex(root));
    }
    expect(toHex(tree.root)).toBe(toHex(straight.root));
  });
  it("reuses a committed update's record buffers without touching the records of an update not committed", () => {
    const t = freshDb();
    const tree = createStateTree(t.db);
    t.apply(tree, tree.computeUpdate(entries(2000)));
    // Two proposals from the same root; the second is decided, then the next block is computed.
    const lost = tree.computeUpdate(entries(2000, "lost"));
    const lostRecords = lost.writes.map(([k, v]) => [toHex(k), v === null ? null : toHex(v)]);
    t.apply(tree, tree.computeUpdate(entries(2000, "won")));
    const next = tree.computeUpdate(entries(2000, "next"));
    expect(lost.writes.map(([k, v]) => [toHex(k), v === null ? null : toHex(v)])).toEqual(lostRecords);
    t.apply(tree, next);
    const reopened = createStateTree(t.db);
    expect(toHex(reopened.root)).toBe(toHex(referenceRoot(entries(2000, "next") as Array<[Uint8Array, Uint8Array]>)));
    expect(toHex(reopened.root)).toBe(toHex(tree.root));
    // Every page is read back (and checked against its parent's hash) by an update of every key.
    const again = reopened.computeUpdate(entries(2000, "again"));
    expect(toHex(again.root)).toBe(toHex(referenceRoot(entries(2000, "again") as Array<[Uint8Array, Uint8Array]>)));
  });
});
