/**
 * Prints sender recoveries per second in-thread and with 1 and 2 worker threads (not a test;
 * timings depend on the machine). Run: `node dist/mempool/recovery/measure.js [count]`.
 */
import { performance } from "node:perf_hooks";
import type { SignedTx } from "../../types/index.js";
import { bulkKey, makeTx } from "../testing.js";
import { RecoveryPool } from "./recovery-pool.js";

const PER_SENDER = 100;

function sample(count: number): SignedTx[] {
  const txs: SignedTx[] = [];
  for (let i = 0; i < count; i++) {
    txs.push(makeTx(bulkKey(Math.floor(i / PER_SENDER)), { nonce: BigInt(i % PER_SENDER) }));
  }
  return txs;
}

async function rate(threads: number, txs: SignedTx[]): Promise<number> {
  // cacheSize 0: every call really recovers.
  const pool = new RecoveryPool({ threads, cacheSize: 0 });
  try {
    await pool.recover(txs.slice(0, 2_000)); // warm up: worker start-up, JIT
    const start = performance.now();
    const senders = await pool.recover(txs);
    const seconds = (performance.now() - start) / 1000;
    if (senders.some((s) => s === null)) throw new Error("a sample transaction did not recover");
    return txs.length / seconds;
  } finally {
    await pool.close();
  }
}

async function main(): Promise<void> {
  const count = Number(process.argv[2] ?? 50_000);
  const txs = sample(count);
  console.log(`sender recovery, ${count} transactions per run`);
  for (const threads of [0, 1, 2]) {
    const perSecond = await rate(threads, txs);
    const label = threads === 0 ? "in-thread" : `${threads} worker${threads > 1 ? "s" : ""}`;
    console.log(`${label.padEnd(10)} ${Math.round(perSecond).toLocaleString("en-US")} recoveries/s`);
  }
}

await main();
