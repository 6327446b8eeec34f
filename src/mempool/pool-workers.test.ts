import { afterAll, describe, expect, it } from "vitest";
import { TxError } from "../types/index.js";
import { Mempool } from "./pool.js";
import { RecoveryPool } from "./recovery/recovery-pool.js";
import { addressOf, bulkKey, CMT, MemoryAccounts, makeTx, TEST_OPTIONS } from "./testing.js";

describe("Mempool with the worker recovery pool", () => {
  const recovery = new RecoveryPool({ threads: 2, maxBatch: 500 });
  afterAll(() => recovery.close());

  it("admits thousands in one batch and leaves every sender cached for execution", async () => {
    const accounts = new MemoryAccounts();
    const pool = new Mempool(TEST_OPTIONS, { accounts, recovery });
    const raws: Uint8Array[] = [];
    const hashes: Array<{ hash: `0x${string}`; sender: string }> = [];
    for (let k = 0; k < 30; k++) {
      const sender = addressOf(bulkKey(k));
      accounts.set(sender, 0n, CMT);
      // Nonces in reversed runs of ten (9..0, 19..10, ...): gaps queue and promote as they fill.
      for (let i = 0; i < 100; i++) {
        const n = i - (i % 10) + 9 - (i % 10);
        const tx = makeTx(bulkKey(k), { nonce: BigInt(n), type: n % 3 === 0 ? 0 : 2 });
        raws.push(tx.raw);
        hashes.push({ hash: tx.hash, sender });
      }
    }
    const results = await pool.addMany(raws);
    expect(results.filter((r) => r instanceof TxError)).toEqual([]);
    expect(pool.stats()).toMatchObject({ pending: 3000, queued: 0 });
    for (const { hash, sender } of hashes) {
      expect(pool.get(hash)?.sender).toBe(sender);
      expect(recovery.cached(hash)).toBe(sender);
    }
    const block = pool.reap(30_000_000n, 1 << 20);
    expect(block).toHaveLength(1428); // 30 M gas / 21,000
  });
});
