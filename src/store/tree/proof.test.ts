import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { toHex, utf8 } from "../../lib/index.js";
import { createStateTree, EMPTY_ROOT, type StateTree, type TreeProof, verifyProof } from "./index.js";
import { openTreeDb, type TreeDb } from "./temp-db.js";

const values = new Map<string, Uint8Array>();
const readValue = (key: Uint8Array) => values.get(toHex(key));
let t: TreeDb;
let tree: StateTree;

beforeAll(() => {
  t = openTreeDb();
  tree = createStateTree(t.db, { readValue, cacheDepth: 3 });
  const changes: Array<[Uint8Array, Uint8Array]> = [];
  for (let i = 0; i < 500; i++) {
    const key = utf8(`account-${i}`);
    const value = utf8(`balance-${i * 7}`);
    values.set(toHex(key), value);
    changes.push([key, value]);
  }
  t.apply(tree, tree.computeUpdate(changes));
});
afterAll(() => t.destroy());

const flip = (b: Uint8Array, i = 0): Uint8Array => {
  const c = b.slice();
  c[i] = (c[i] as number) ^ 1;
  return c;
};

function tamperings(p: TreeProof): TreeProof[] {
  const out: TreeProof[] = [
    { ...p, key: utf8("account-x") },
    { ...p, siblings: p.siblings.slice(1), extra: [p.extra[0]!.slice(1), ...p.extra.slice(1)] },
    { ...p, siblings: p.siblings.map((s, i) => (i === 0 ? flip(s, 31) : s)) },
    { ...p, extra: [flip(p.extra[0]!), ...p.extra.slice(1)] },
  ];
  if (p.value !== null) {
    out.push({ ...p, value: utf8("balance-1000000") }, { ...p, value: null });
  } else {
    out.push({ ...p, extra: [p.extra[0]!, flip(p.extra[1]!, 40)] }, { ...p, value: utf8("something") });
  }
  return out;
}

describe("proofs", () => {
  it("prove inclusion of present keys and fail when tampered", () => {
    for (const i of [0, 1, 99, 250, 499]) {
      const proof = tree.prove(utf8(`account-${i}`));
      expect(proof.value).toEqual(utf8(`balance-${i * 7}`));
      expect(verifyProof(tree.root, proof)).toBe(true);
      expect(verifyProof(flip(tree.root), proof)).toBe(false);
      for (const bad of tamperings(proof)) expect(verifyProof(tree.root, bad)).toBe(false);
    }
  });

  it("prove exclusion of absent keys and fail when tampered", () => {
    for (const key of ["account-500", "nobody", ""]) {
      const proof = tree.prove(utf8(key));
      expect(proof.value).toBeNull();
      expect(verifyProof(tree.root, proof)).toBe(true);
      for (const bad of tamperings(proof)) expect(verifyProof(tree.root, bad)).toBe(false);
    }
  });

  it("prove exclusion in the empty tree and in a one-key tree", () => {
    const e = openTreeDb();
    const empty = createStateTree(e.db, { readValue });
    const none = empty.prove(utf8("k"));
    expect(verifyProof(EMPTY_ROOT, none)).toBe(true);
    expect(verifyProof(tree.root, none)).toBe(false);

    values.set(toHex(utf8("only")), utf8("1"));
    e.apply(empty, empty.computeUpdate([[utf8("only"), utf8("1")]]));
    expect(verifyProof(empty.root, empty.prove(utf8("only")))).toBe(true);
    expect(verifyProof(empty.root, empty.prove(utf8("other")))).toBe(true);
    expect(verifyProof(empty.root, none)).toBe(false);
    return e.destroy();
  });

  it("refuses to prove a present key without a value reader", () => {
    const bare = createStateTree(t.db);
    expect(() => bare.prove(utf8("account-1"))).toThrow(/readValue/);
    expect(verifyProof(bare.root, bare.prove(utf8("absent")))).toBe(true);
  });
});
