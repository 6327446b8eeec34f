import { describe, expect, it } from "vitest";
import { addressOf, CMT, GWEI, KEYS, makePool, makeTx } from "./testing.js";

const ALL = [KEYS.alice, KEYS.bob, KEYS.carol, KEYS.dave];

function paying(key: Uint8Array, tip: bigint, nonce = 0n, gasLimit = 21_000n) {
  return makeTx(key, { nonce, gasLimit, maxFeePerGas: (1n + tip) * GWEI, maxPriorityFeePerGas: tip * GWEI });
}

function funded() {
  const made = makePool();
  for (const k of ALL) made.accounts.set(addressOf(k), 0n, 10n * CMT);
  return made;
}

const BIG = 1n << 40n;

describe("reap: the block candidate", () => {
  it("orders by tip across senders and keeps each sender's nonce order", async () => {
    const { pool } = funded();
    const a0 = paying(KEYS.alice, 1n, 0n);
    const a1 = paying(KEYS.alice, 5n, 1n);
    const b0 = paying(KEYS.bob, 3n);
    const c0 = paying(KEYS.carol, 2n);
    for (const t of [a0, a1, b0, c0]) await pool.add(t.raw);
    expect(pool.reap(BIG, 1 << 20).map((p) => p.tx.hash)).toEqual([b0.hash, c0.hash, a0.hash, a1.hash]);
  });

  it("measures tips against the base fee (minGasPrice), legacy and EIP-1559 alike", async () => {
    const { pool } = funded();
    // Legacy at 3 gwei: tip 2 gwei. Type 2 capped at 2.5 gwei with a 5 gwei priority fee: tip 1.5.
    const legacy = makeTx(KEYS.alice, { type: 0, maxFeePerGas: 3n * GWEI });
    const capped = makeTx(KEYS.bob, { maxFeePerGas: (5n * GWEI) / 2n, maxPriorityFeePerGas: (5n * GWEI) / 2n });
    const plain = paying(KEYS.carol, 1n);
    for (const t of [plain, capped, legacy]) await pool.add(t.raw);
    expect(pool.reap(BIG, 1 << 20).map((p) => p.tx.hash)).toEqual([legacy.hash, capped.hash, plain.hash]);
  });

  it("breaks ties by arrival", async () => {
    const { pool } = funded();
    const txs = [KEYS.dave, KEYS.bob, KEYS.carol].map((k) => paying(k, 2n));
    for (const t of txs) await pool.add(t.raw);
    expect(pool.reap(BIG, 1 << 20).map((p) => p.tx.hash)).toEqual(txs.map((t) => t.hash));
  });

  it("leaves out queued transactions", async () => {
    const { pool } = funded();
    const a0 = paying(KEYS.alice, 1n, 0n);
    await pool.add(a0.raw);
    await pool.add(paying(KEYS.alice, 9n, 2n).raw);
    await pool.add(paying(KEYS.bob, 9n, 1n).raw);
    expect(pool.reap(BIG, 1 << 20).map((p) => p.tx.hash)).toEqual([a0.hash]);
  });

  it("stops at the gas limit; a sender whose next does not fit waits, others go on", async () => {
    const { pool } = funded();
    const a0 = paying(KEYS.alice, 5n, 0n, 50_000n);
    const a1 = paying(KEYS.alice, 5n, 1n);
    const b0 = paying(KEYS.bob, 2n);
    const b1 = paying(KEYS.bob, 2n, 1n);
    for (const t of [a0, a1, b0, b1]) await pool.add(t.raw);
    expect(pool.reap(45_000n, 1 << 20).map((p) => p.tx.hash)).toEqual([b0.hash, b1.hash]);
    expect(pool.reap(71_000n, 1 << 20).map((p) => p.tx.hash)).toEqual([a0.hash, a1.hash]);
    expect(pool.reap(20_999n, 1 << 20)).toEqual([]);
  });

  it("stops at the byte limit", async () => {
    const { pool } = funded();
    const txs = ALL.map((k, i) => paying(k, BigInt(4 - i)));
    for (const t of txs) await pool.add(t.raw);
    const twoSizes = txs[0]!.raw.length + txs[1]!.raw.length;
    expect(pool.reap(BIG, twoSizes).map((p) => p.tx.hash)).toEqual([txs[0]!.hash, txs[1]!.hash]);
    expect(pool.reap(BIG, twoSizes - 1)).toHaveLength(1);
  });

  it("does not remove what it returns: the pool changes only on update", async () => {
    const { pool } = funded();
    await pool.add(paying(KEYS.alice, 1n).raw);
    expect(pool.reap(BIG, 1 << 20)).toHaveLength(1);
    expect(pool.reap(BIG, 1 << 20)).toHaveLength(1);
    expect(pool.size).toBe(1);
  });
});
