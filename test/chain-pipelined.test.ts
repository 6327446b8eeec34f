// The node's pipelined commit (issue #5): a decided block is readable at once while lmdb-js writes
// it on its own thread, the next block is built on it meanwhile, and what lands on disk is the
// same chain as the synchronous commit's.
import { afterEach, describe, expect, it } from "vitest";
import { type Address, recoverAddress } from "../src/crypto/index.js";
import type { PreparedBlock } from "../src/node/chain.js";
import { getAccount } from "../src/state/index.js";
import { type Block, compactSignature, decodeTx, WEI_PER_CMT } from "../src/types/index.js";
import { aliceAndBob, GENESIS_TIME, openTestChain, removeDir, type TestChain, testKey } from "./harness.js";

const { alice, bob, genesis } = aliceAndBob();
const fresh = testKey(7).address;

const open: Array<TestChain & { dir: string }> = [];
afterEach(async () => {
  for (const c of open.splice(0)) {
    await c.close();
    removeDir(c.dir);
  }
});
function chain(dir?: string): TestChain & { dir: string } {
  // cacheDepth 0: every tree page is read through the store, so a page of a block still being
  // written must come from memory (as deep pages do in a 1 M-account tree).
  const c = openTestChain(genesis, dir, [], 0);
  open.push(c);
  return c;
}

function senders(block: Block) {
  return block.txs.map((raw) => {
    const tx = decodeTx(raw);
    return { tx, sender: recoverAddress(tx.signingHash, compactSignature(tx), tx.recid) as Address };
  });
}

/** A block of three transfers from alice (to bob and to a fresh account) on `c`'s head. */
function build(c: TestChain, height: number): PreparedBlock {
  const txs = [bob.address, fresh, bob.address].map((to, i) =>
    c.sign(alice, { to, value: BigInt(height * 10 + i) * WEI_PER_CMT }),
  );
  return c.chain.build(
    {
      time: GENESIS_TIME + BigInt(height) * 1000n,
      proposer: testKey(99).address,
      lastCommit: new Uint8Array(0),
      evidence: [],
    },
    txs.map((t) => ({ tx: decodeTx(t.raw), sender: alice.address })),
  );
}

/** Every account balance through the store's range (merged with a block being written). */
function balances(c: TestChain): string[] {
  return [...c.store.range(Uint8Array.of(1), Uint8Array.of(2))].map(
    ({ key, value }) => `${Buffer.from(key).toString("hex")}=${Buffer.from(value).toString("hex")}`,
  );
}

describe("pipelined block commit", () => {
  it("reads a block at once, builds the next on it before it is written, and lands the same chain", async () => {
    const a = chain();
    const ref = chain();

    const first = build(a, 1);
    const { view, written } = a.chain.commitPreparedPipelined(first, new Uint8Array([7]));
    // Not yet written (no event-loop turn has passed): every read already sees block 1.
    expect(a.chain.head().height).toBe(1n);
    expect(a.store.heightByHash(view.hash)).toBe(1n);
    expect(a.store.blockByHeight(1n)?.header.stateRoot).toBe(first.block.header.stateRoot);
    expect(a.store.blockSize(1n)).toBeGreaterThan(0);
    expect(a.store.receipts(1n)?.receipts).toHaveLength(3);
    expect(a.store.commitOf(1n)).toEqual(new Uint8Array([7]));
    expect(a.store.txLocation(view.txs[2]!.hash)).toEqual({ height: 1n, index: 2 });
    expect(getAccount(a.store, fresh).balance).toBe(11n * WEI_PER_CMT);

    // The reference chain commits the same block synchronously; state agrees, range included.
    ref.chain.commitPrepared(ref.chain.verify(first.block, senders(first.block)));
    expect(balances(a)).toEqual(balances(ref));
    expect(getAccount(a.store, alice.address)).toEqual(getAccount(ref.store, alice.address));

    // Block 2 is built while block 1 is being written; a second commit must wait for the write.
    const second = build(a, 2);
    expect(() => a.chain.commitPreparedPipelined(second)).toThrow(/still being written/);
    const checked = ref.chain.verify(second.block, senders(second.block));
    expect(checked.hash).toBe(second.hash);

    await written;
    await a.chain.written();
    a.chain.commitPreparedPipelined(second);
    ref.chain.commitPrepared(checked);
    await a.chain.written();
    expect(balances(a)).toEqual(balances(ref));

    // Reopened from disk: both blocks, the head's state root (Chain.open checks it) and the state.
    const dir = a.dir;
    await a.close();
    open.splice(open.indexOf(a), 1);
    const again = chain(dir);
    expect(again.chain.head()).toEqual(ref.chain.head());
    expect(again.store.commitOf(1n)).toEqual(new Uint8Array([7]));
    expect(again.store.txLocation(view.txs[0]!.hash)).toEqual({ height: 1n, index: 0 });
    expect(balances(again)).toEqual(balances(ref));
  });

  it("closing the store waits for a block still being written", async () => {
    const a = chain();
    const ref = chain();
    const first = build(a, 1);
    a.chain.commitPreparedPipelined(first);
    ref.chain.commitPrepared(ref.chain.verify(first.block, senders(first.block)));
    const dir = a.dir;
    await a.close();
    open.splice(open.indexOf(a), 1);
    const again = chain(dir);
    expect(again.chain.head()).toEqual(ref.chain.head());
    expect(balances(again)).toEqual(balances(ref));
  });
});
