import { afterEach, describe, expect, it } from "vitest";
import type { SignedTx } from "../../types/index.js";
import { MempoolErrorCode } from "../errors.js";
import { addressOf, bulkKey, KEYS, makeTx } from "../testing.js";
import { RecoveryPool } from "./recovery-pool.js";

/** 40 senders × 100 nonces: recovered in batches of thousands. */
function bulkTxs(senders: number, perSender: number): { txs: SignedTx[]; expected: string[] } {
  const txs: SignedTx[] = [];
  const expected: string[] = [];
  for (let k = 0; k < senders; k++) {
    const key = bulkKey(k);
    const addr = addressOf(key);
    for (let n = 0; n < perSender; n++) {
      txs.push(makeTx(key, { nonce: BigInt(n), type: n % 2 === 0 ? 2 : 0 }));
      expected.push(addr);
    }
  }
  return { txs, expected };
}

const BULK = bulkTxs(40, 100);

describe("RecoveryPool", () => {
  const pools: RecoveryPool[] = [];
  const open = (threads: number, extra: { cacheSize?: number; maxBatch?: number } = {}): RecoveryPool => {
    const pool = new RecoveryPool({ threads, ...extra });
    pools.push(pool);
    return pool;
  };
  afterEach(async () => {
    await Promise.all(pools.splice(0).map((p) => p.close()));
  });

  it("recovers senders in-thread with threads = 0", async () => {
    const pool = open(0);
    const tx = makeTx(KEYS.alice);
    expect(await pool.recover([tx])).toEqual([addressOf(KEYS.alice)]);
    expect(pool.cached(tx.hash)).toBe(addressOf(KEYS.alice));
  });

  it("gives null for a signature that recovers no key, and does not cache it", async () => {
    for (const threads of [0, 1]) {
      const pool = open(threads);
      // x = 5 is not on secp256k1, so no public key has r = 5.
      const bad = { ...makeTx(KEYS.bob), r: 5n };
      const good = makeTx(KEYS.carol);
      expect(await pool.recover([bad, good])).toEqual([null, addressOf(KEYS.carol)]);
      expect(pool.cached(bad.hash)).toBeUndefined();
    }
  });

  it("workers recover the same senders as the synchronous path, in batches of thousands", async () => {
    const sync = await open(0).recover(BULK.txs);
    expect(sync).toEqual(BULK.expected);
    for (const threads of [1, 2]) {
      const pool = open(threads, { maxBatch: 1500 });
      expect(pool.threads).toBe(threads);
      expect(await pool.recover(BULK.txs)).toEqual(sync);
      expect(pool.stats().recovered).toBe(BULK.txs.length);
    }
  });

  it("serves repeated transactions from the cache by hash", async () => {
    const pool = open(2);
    const txs = BULK.txs.slice(0, 1000);
    await pool.recover(txs);
    const again = await pool.recover(txs);
    expect(again).toEqual(BULK.expected.slice(0, 1000));
    expect(pool.stats()).toEqual({ recovered: 1000, cacheHits: 1000, cached: 1000 });
    expect(pool.cached(txs[999]!.hash)).toBe(BULK.expected[999]);
  });

  it("bounds the cache and forgets the least recently used sender first", async () => {
    const pool = open(0, { cacheSize: 2 });
    const [a, b, c] = BULK.txs.slice(0, 3) as [SignedTx, SignedTx, SignedTx];
    await pool.recover([a, b]);
    expect(pool.cached(a.hash)).toBeDefined(); // a is now the most recent
    await pool.recover([c]);
    expect(pool.cached(b.hash)).toBeUndefined();
    expect(pool.cached(a.hash)).toBeDefined();
    expect(pool.cached(c.hash)).toBeDefined();
  });

  it("handles concurrent batches and keeps their order", async () => {
    const pool = open(2, { maxBatch: 100 });
    const parts = [BULK.txs.slice(0, 700), BULK.txs.slice(700, 710), BULK.txs.slice(710, 2000)];
    const results = await Promise.all(parts.map((p) => pool.recover(p)));
    expect(results.flat()).toEqual(BULK.expected.slice(0, 2000));
  });

  it("refuses work after close", async () => {
    const pool = open(1);
    await pool.close();
    await expect(pool.recover([makeTx(KEYS.alice)])).rejects.toMatchObject({
      code: MempoolErrorCode.RecoveryClosed,
    });
  });
});
