import { describe, expect, it } from "vitest";
import { TxError, TxErrorCode } from "../types/index.js";
import { addressOf, bulkKey, CMT, GWEI, KEYS, makePool, makeTx } from "./testing.js";

const KEYS4 = [KEYS.alice, KEYS.bob, KEYS.carol, KEYS.dave];

/** A transaction paying `tip` gwei over the 1-gwei base fee. */
function paying(key: Uint8Array, tip: bigint, nonce = 0n, data?: Uint8Array) {
  return makeTx(key, {
    nonce,
    maxFeePerGas: (1n + tip) * GWEI,
    maxPriorityFeePerGas: tip * GWEI,
    ...(data === undefined ? {} : { data, gasLimit: 21_000n + 16n * BigInt(data.length) }),
  });
}

function full(options: Parameters<typeof makePool>[0]) {
  const made = makePool(options);
  for (const k of KEYS4) made.accounts.set(addressOf(k), 0n, 10n * CMT);
  return made;
}

describe("eviction when the pool is full", () => {
  it("evicts the cheapest sender's highest nonce for a better-paying transaction", async () => {
    const { pool } = full({ maxTotal: 3 });
    const a0 = paying(KEYS.alice, 1n, 0n);
    const a1 = paying(KEYS.alice, 1n, 1n);
    const b0 = paying(KEYS.bob, 2n);
    for (const t of [a0, a1, b0]) await pool.add(t.raw);
    await pool.add(paying(KEYS.carol, 3n).raw);
    expect(pool.get(a1.hash)).toBeNull();
    expect(pool.get(a0.hash)).not.toBeNull();
    await pool.add(paying(KEYS.dave, 3n).raw);
    expect(pool.get(a0.hash)).toBeNull();
    expect(pool.get(b0.hash)).not.toBeNull();
    expect(pool.size).toBe(3);
  });

  it("never opens a nonce gap: a cheap low nonce under a dear high one stays", async () => {
    const { pool } = full({ maxTotal: 3 });
    const a0 = paying(KEYS.alice, 1n, 0n); // cheapest of all, but below a1
    const a1 = paying(KEYS.alice, 5n, 1n);
    const b0 = paying(KEYS.bob, 2n);
    for (const t of [a0, a1, b0]) await pool.add(t.raw);
    await pool.add(paying(KEYS.carol, 3n).raw);
    expect(pool.get(b0.hash)).toBeNull();
    expect(pool.get(a0.hash)).not.toBeNull();
    expect(pool.stats()).toMatchObject({ pending: 3, queued: 0 });
  });

  it("refuses a transaction that pays no more than the cheapest, and leaves the pool as it was", async () => {
    const { pool } = full({ maxTotal: 2 });
    const a0 = paying(KEYS.alice, 2n);
    const b0 = paying(KEYS.bob, 3n);
    await pool.add(a0.raw);
    await pool.add(b0.raw);
    const before = pool.stats();
    await expect(pool.add(paying(KEYS.carol, 2n).raw)).rejects.toMatchObject({
      code: TxErrorCode.PoolFull,
      message: "txpool is full",
    });
    expect(pool.stats()).toEqual(before);
    // The refused attempt did not lose track of the candidates: a better offer still evicts a0.
    await pool.add(paying(KEYS.dave, 4n).raw);
    expect(pool.get(a0.hash)).toBeNull();
    expect(pool.get(b0.hash)).not.toBeNull();
  });

  it("does not evict the sender's own lower nonces for its higher one", async () => {
    const { pool } = full({ maxTotal: 2 });
    await pool.add(paying(KEYS.alice, 1n, 0n).raw);
    await pool.add(paying(KEYS.alice, 1n, 1n).raw);
    await expect(pool.add(paying(KEYS.alice, 9n, 2n).raw)).rejects.toMatchObject({ message: "txpool is full" });
    // A replacement needs no new slot.
    await pool.add(paying(KEYS.alice, 2n, 1n).raw);
    expect(pool.size).toBe(2);
  });

  it("evicts as many as the byte limit requires", async () => {
    const small = [paying(KEYS.alice, 1n, 0n), paying(KEYS.alice, 1n, 1n), paying(KEYS.bob, 1n)];
    const sizes = small.reduce((n, t) => n + t.raw.length, 0);
    const big = paying(KEYS.carol, 2n, 0n, new Uint8Array(60).fill(7));
    const { pool } = full({ maxTotalBytes: sizes + 20 });
    for (const t of small) await pool.add(t.raw);
    await pool.add(big.raw);
    // ~170 bytes over a 20-byte margin: two ~110-byte transactions must go, highest nonces first.
    expect(big.raw.length - 20).toBeGreaterThan(small[2]!.raw.length);
    expect(pool.get(small[1]!.hash)).toBeNull();
    expect(pool.get(small[2]!.hash)).toBeNull();
    expect(pool.get(small[0]!.hash)).not.toBeNull();
    expect(pool.stats().bytes).toBeLessThanOrEqual(sizes + 20);
  });

  it("ties on tip evict the latest arrival first", async () => {
    const { pool } = full({ maxTotal: 2 });
    const a0 = paying(KEYS.alice, 1n);
    const b0 = paying(KEYS.bob, 1n);
    await pool.add(a0.raw);
    await pool.add(b0.raw);
    await pool.add(paying(KEYS.carol, 2n).raw);
    expect(pool.get(b0.hash)).toBeNull();
    expect(pool.get(a0.hash)).not.toBeNull();
  });

  it("stays within limits under churn from many senders", async () => {
    const { pool, accounts } = makePool({ maxTotal: 50, maxPerSender: 5 });
    const raws: Uint8Array[] = [];
    for (let k = 0; k < 40; k++) {
      accounts.set(addressOf(bulkKey(k)), 0n, CMT);
      for (let n = 0; n < 5; n++) raws.push(paying(bulkKey(k), BigInt(1 + ((k * 7 + n) % 11)), BigInt(n)).raw);
    }
    const results = await pool.addMany(raws);
    expect(pool.size).toBe(50);
    const refused = results.filter((r) => r instanceof TxError).map((r) => (r as TxError).message);
    expect(new Set(refused)).toEqual(new Set(["txpool is full"]));
    expect(results.length - refused.length).toBeGreaterThan(50); // better offers evicted earlier ones
    const { pending, queued } = pool.stats();
    expect(pending + queued).toBe(50);
    expect(pool.reap(1n << 40n, 1 << 20)).toHaveLength(pending);
  });
});
