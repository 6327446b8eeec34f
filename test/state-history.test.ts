// Recent state history: the state after each of the last `stateHistory` blocks stays readable
// (eth_getBalance, eth_call ... at a block number), through the undo records each block commit
// writes in its own LMDB transaction, across restarts and while a block is still being written.
import { afterEach, describe, expect, it } from "vitest";
import type { Address } from "../src/crypto/index.js";
import { getAccount } from "../src/state/index.js";
import type { StateReader } from "../src/store/index.js";
import { decodeTx, WEI_PER_CMT } from "../src/types/index.js";
import { aliceAndBob, GENESIS_TIME, openTestChain, removeDir, type TestChain, testKey } from "./harness.js";

const { alice, bob, genesis } = aliceAndBob();
/** A new account for each block: a key the block creates. */
const fresh = (height: number): Address => testKey(100 + height).address;

const open: Array<TestChain & { dir: string }> = [];
afterEach(async () => {
  for (const c of open.splice(0)) {
    await c.close();
    removeDir(c.dir);
  }
});
function chain(stateHistory?: number, dir?: string): TestChain & { dir: string } {
  const c = openTestChain(genesis, dir, [], 0, stateHistory);
  open.push(c);
  return c;
}
async function reopen(c: TestChain & { dir: string }, stateHistory?: number): Promise<TestChain & { dir: string }> {
  await c.close();
  open.splice(open.indexOf(c), 1);
  const again = chain(stateHistory, c.dir);
  again.nonces.set(alice.address, getAccount(again.store, alice.address).nonce);
  return again;
}

/** The block of `height` on `c`: alice pays bob and a fresh account. */
function block(c: TestChain, height: number) {
  const txs = [bob.address, fresh(height)].map((to, i) =>
    c.sign(alice, { to, value: BigInt(height * 10 + i + 1) * WEI_PER_CMT }),
  );
  return {
    time: GENESIS_TIME + BigInt(height) * 1000n,
    candidates: txs.map((t) => ({ tx: decodeTx(t.raw), sender: alice.address })),
  };
}
function produce(c: TestChain, height: number): void {
  const b = block(c, height);
  c.chain.produce(b.time, testKey(99).address, b.candidates);
}

/** Every account record of a state, through its range. */
function accounts(state: StateReader): string[] {
  return [...state.range(Uint8Array.of(1), Uint8Array.of(2))].map(
    ({ key, value }) => `${Buffer.from(key).toString("hex")}=${Buffer.from(value).toString("hex")}`,
  );
}

/** Commit blocks 1..n on `c`, returning the account records and alice's account after each height from 0. */
function run(c: TestChain, n: number) {
  const seen = [{ accounts: accounts(c.store), alice: getAccount(c.store, alice.address) }];
  for (let h = 1; h <= n; h++) {
    produce(c, h);
    seen.push({ accounts: accounts(c.store), alice: getAccount(c.store, alice.address) });
  }
  return seen;
}

function expectStateAt(c: TestChain, height: number, want: { accounts: string[]; alice: unknown }): void {
  const state = c.store.stateAt(BigInt(height));
  expect(state, `state of block ${height}`).not.toBeNull();
  expect(accounts(state as StateReader)).toEqual(want.accounts);
  expect(getAccount(state as StateReader, alice.address)).toEqual(want.alice);
}

describe("state history", () => {
  it("reads the state after each kept block, accounts a later block created absent", () => {
    const c = chain(3);
    const seen = run(c, 5);
    expect(c.store.oldestState()).toBe(2n);
    for (let h = 2; h <= 5; h++) expectStateAt(c, h, seen[h]!);
    // Block 3's fresh account does not exist in the state of block 2, and has its balance from 3 on.
    expect((c.store.stateAt(2n) as StateReader).get(Uint8Array.of(1, ...Buffer.from(fresh(3).slice(2), "hex")))).toBe(
      undefined,
    );
    expect(getAccount(c.store.stateAt(3n) as StateReader, fresh(3)).balance).toBe(32n * WEI_PER_CMT);
    expect(getAccount(c.store.stateAt(4n) as StateReader, bob.address).balance).toBe(
      getAccount(c.store, bob.address).balance - 51n * WEI_PER_CMT,
    );
    // Older than kept, and above the head.
    expect(c.store.stateAt(1n)).toBeNull();
    expect(c.store.stateAt(6n)).toBeNull();
  });

  it("keeps it across a restart; a smaller stateHistory drops the older records at open", async () => {
    let c = chain(4);
    const seen = run(c, 6);
    c = await reopen(c, 4);
    expect(c.store.oldestState()).toBe(2n);
    for (let h = 2; h <= 6; h++) expectStateAt(c, h, seen[h]!);
    c = await reopen(c, 1);
    expect(c.store.oldestState()).toBe(5n);
    expect(c.store.stateAt(4n)).toBeNull();
    expectStateAt(c, 5, seen[5]!);
    // Grown again: the dropped records do not come back; history builds up from here.
    c = await reopen(c, 128);
    expect(c.store.oldestState()).toBe(5n);
    produce(c, 7);
    expect(c.store.oldestState()).toBe(5n);
    expectStateAt(c, 6, seen[6]!);
  });

  it("starts from the first block committed with history on a store that kept none", async () => {
    let c = chain(0);
    const seen = run(c, 2);
    expect(c.store.oldestState()).toBe(2n);
    expect(c.store.stateAt(1n)).toBeNull();
    c = await reopen(c, 128);
    produce(c, 3);
    expect(c.store.oldestState()).toBe(2n);
    expectStateAt(c, 2, seen[2]!);
  });

  it("reads the state before a block that is still being written", async () => {
    const c = chain();
    const before = { accounts: accounts(c.store), alice: getAccount(c.store, alice.address) };
    const b = block(c, 1);
    const prepared = c.chain.build(
      { time: b.time, proposer: testKey(99).address, lastCommit: new Uint8Array(0), evidence: [] },
      b.candidates,
    );
    c.chain.commitPreparedPipelined(prepared);
    // No event-loop turn yet: block 1's undo record is read from memory.
    expect(c.store.oldestState()).toBe(0n);
    expectStateAt(c, 0, before);
    await c.chain.written();
    expectStateAt(c, 0, before);
  });
});
