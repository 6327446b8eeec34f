import { describe, expect, it } from "vitest";
import { TxError } from "../types/index.js";
import { addressOf, CMT, GWEI, KEYS, makePool, makeTx } from "./testing.js";

const ALICE = addressOf(KEYS.alice);
const BOB = addressOf(KEYS.bob);
const CAROL = addressOf(KEYS.carol);
/** Cost of a default test transaction: 21,000 gas × 2 gwei + 1 wei. */
const COST = 21_000n * 2n * GWEI + 1n;

function funded() {
  const made = makePool();
  for (const a of [ALICE, BOB, CAROL]) made.accounts.set(a, 0n, 10n * CMT);
  return made;
}

describe("per-sender queues", () => {
  it("queues a transaction behind a nonce gap and promotes it when the gap fills", async () => {
    const { pool } = funded();
    await pool.add(makeTx(KEYS.alice, { nonce: 0n }).raw);
    await pool.add(makeTx(KEYS.alice, { nonce: 2n }).raw);
    await pool.add(makeTx(KEYS.alice, { nonce: 3n }).raw);
    expect(pool.stats()).toMatchObject({ pending: 1, queued: 2 });
    expect(pool.pendingNonce(ALICE)).toBe(1n);
    await pool.add(makeTx(KEYS.alice, { nonce: 1n }).raw);
    expect(pool.stats()).toMatchObject({ pending: 4, queued: 0 });
    expect(pool.pendingNonce(ALICE)).toBe(4n);
  });

  it("lists its content pending and queued, by sender then nonce; of one sender when asked", async () => {
    const { pool, accounts } = funded();
    accounts.set(CAROL, 0n, COST); // affords one transaction, not two
    const [a0, a2, b0, c0, c1] = [
      makeTx(KEYS.alice, { nonce: 0n }),
      makeTx(KEYS.alice, { nonce: 2n }),
      makeTx(KEYS.bob, { nonce: 0n }),
      makeTx(KEYS.carol, { nonce: 0n }),
      makeTx(KEYS.carol, { nonce: 1n }),
    ];
    for (const t of [a2, c1, b0, c0, a0]) await pool.add(t.raw);
    const hashes = (txs: ReadonlyArray<{ tx: { hash: string } }>) => txs.map((p) => p.tx.hash);
    const order = [ALICE, BOB, CAROL].sort();
    const pendingOf: Record<string, string> = { [ALICE]: a0.hash, [BOB]: b0.hash, [CAROL]: c0.hash };
    const all = pool.content();
    expect(hashes(all.pending)).toEqual(order.map((a) => pendingOf[a]));
    // Behind a nonce gap, and beyond what the balance covers.
    expect(hashes(all.queued).sort()).toEqual([a2.hash, c1.hash].sort());
    expect(hashes(pool.content(ALICE).pending)).toEqual([a0.hash]);
    expect(hashes(pool.content(ALICE).queued)).toEqual([a2.hash]);
    expect(pool.content(addressOf(KEYS.dave))).toEqual({
      pending: [],
      queued: [],
    });
  });

  it("answers pendingNonce from the account for a sender with nothing pooled", () => {
    const { pool, accounts } = funded();
    accounts.set(BOB, 7n, CMT);
    expect(pool.pendingNonce(BOB)).toBe(7n);
  });

  it("replaces a transaction by one that raises both fee caps by the bump", async () => {
    const { pool } = funded();
    const first = makeTx(KEYS.alice, { nonce: 0n, maxFeePerGas: 10n * GWEI, maxPriorityFeePerGas: 5n * GWEI });
    await pool.add(first.raw);
    const second = makeTx(KEYS.alice, {
      nonce: 0n,
      maxFeePerGas: 11n * GWEI,
      maxPriorityFeePerGas: 5n * GWEI + GWEI / 2n,
      data: Uint8Array.of(1, 2, 3),
      gasLimit: 30_000n,
    });
    const pooled = await pool.add(second.raw);
    expect(pooled.tx.hash).toBe(second.hash);
    expect(pool.get(first.hash)).toBeNull();
    expect(pool.get(second.hash)?.sender).toBe(ALICE);
    expect(pool.stats()).toEqual({ pending: 1, queued: 0, bytes: second.raw.length });
    // A legacy transaction replaces by its gas price (both caps at once).
    const legacy = makeTx(KEYS.alice, { nonce: 0n, type: 0, maxFeePerGas: 13n * GWEI });
    await pool.add(legacy.raw);
    expect(pool.get(second.hash)).toBeNull();
    expect(pool.size).toBe(1);
  });

  it("re-reads the account at admission: transactions made stale since are dropped", async () => {
    const { pool, accounts } = funded();
    await pool.add(makeTx(KEYS.alice, { nonce: 0n }).raw);
    await pool.add(makeTx(KEYS.alice, { nonce: 1n }).raw);
    accounts.set(ALICE, 2n, 10n * CMT); // committed elsewhere, update() not yet called
    await pool.add(makeTx(KEYS.alice, { nonce: 2n }).raw);
    expect(pool.stats()).toMatchObject({ pending: 1, queued: 0 });
    expect(pool.pendingNonce(ALICE)).toBe(3n);
  });

  it("admits batches in call order while their recoveries overlap", async () => {
    const { pool } = funded();
    const txs = [0n, 1n, 2n, 3n].map((nonce) => makeTx(KEYS.alice, { nonce }));
    const [a, b] = await Promise.all([
      pool.addMany(txs.slice(0, 2).map((t) => t.raw)),
      pool.addMany(txs.slice(2).map((t) => t.raw)),
    ]);
    expect([...a, ...b].every((r) => !(r instanceof TxError))).toBe(true);
    expect([...a, ...b].map((r) => (r as { seq: number }).seq)).toEqual([1, 2, 3, 4]);
    expect(pool.stats().pending).toBe(4);
  });
});

describe("update after a committed block", () => {
  it("removes included transactions and keeps the rest pending", async () => {
    const { pool, accounts } = funded();
    const txs = [0n, 1n, 2n].map((nonce) => makeTx(KEYS.alice, { nonce }));
    for (const t of txs) await pool.add(t.raw);
    accounts.set(ALICE, 2n, 10n * CMT - 2n * COST);
    pool.update({ txHashes: [txs[0]!.hash, txs[1]!.hash], senders: [ALICE] });
    expect(pool.get(txs[0]!.hash)).toBeNull();
    expect(pool.get(txs[2]!.hash)).not.toBeNull();
    expect(pool.stats()).toEqual({ pending: 1, queued: 0, bytes: txs[2]!.raw.length });
    expect(pool.pendingNonce(ALICE)).toBe(3n);
  });

  it("drops a transaction whose nonce another transaction used", async () => {
    const { pool, accounts } = funded();
    const ours = makeTx(KEYS.bob, { nonce: 0n });
    await pool.add(ours.raw);
    const theirs = makeTx(KEYS.bob, { nonce: 0n, value: 2n }); // included by another proposer
    accounts.set(BOB, 1n, 9n * CMT);
    pool.update({ txHashes: [theirs.hash], senders: [BOB] });
    expect(pool.get(ours.hash)).toBeNull();
    expect(pool.size).toBe(0);
  });

  it("promotes queued transactions whose gap the block filled", async () => {
    const { pool, accounts } = funded();
    const queued = makeTx(KEYS.carol, { nonce: 1n });
    await pool.add(queued.raw);
    expect(pool.stats()).toMatchObject({ pending: 0, queued: 1 });
    accounts.set(CAROL, 1n, 9n * CMT);
    pool.update({ txHashes: [], senders: [CAROL] });
    expect(pool.stats()).toMatchObject({ pending: 1, queued: 0 });
    expect(pool.reap(1_000_000n, 1 << 20).map((p) => p.tx.hash)).toEqual([queued.hash]);
  });

  it("re-checks balances: unaffordable transactions wait until funds arrive", async () => {
    const { pool, accounts } = funded();
    for (const nonce of [0n, 1n, 2n]) await pool.add(makeTx(KEYS.alice, { nonce }).raw);
    // Alice spent most of her balance through a transaction this pool never saw (nonce unchanged
    // here for simplicity: e.g. a module debited her).
    accounts.set(ALICE, 0n, COST + COST / 2n);
    pool.update({ txHashes: [], senders: [ALICE] });
    expect(pool.stats()).toMatchObject({ pending: 1, queued: 2 });
    expect(pool.reap(1_000_000n, 1 << 20)).toHaveLength(1);
    // A transfer in (Alice is not a sender of that block): the pool re-checks her anyway.
    accounts.set(ALICE, 0n, 3n * COST);
    pool.update({ txHashes: [], senders: [BOB] });
    expect(pool.stats()).toMatchObject({ pending: 3, queued: 0 });
  });
});
