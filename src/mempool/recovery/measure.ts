/**
 * Prints sender recoveries per second in-thread and with 1 and 2 worker threads (not a test;
 * timings depend on the machine). Run: `node dist/mempool/recovery/measure.js [count]`.
 */
import { availableParallelism } from "node:os";
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

/** Recoveries per wall-clock second, and per CPU-second of the whole process (all threads). */
interface Rate {
  wall: number;
  cpu: number;
}

async function rate(threads: number, txs: SignedTx[]): Promise<Rate> {
  // cacheSize 0: every call really recovers.
  const pool = new RecoveryPool({ threads, cacheSize: 0 });
  try {
    await pool.recover(txs.slice(0, 2_000)); // warm up: worker start-up, JIT
    const start = performance.now();
    const cpuStart = process.cpuUsage();
    const senders = await pool.recover(txs);
    const cpu = process.cpuUsage(cpuStart);
    const seconds = (performance.now() - start) / 1000;
    if (senders.some((s) => s === null)) throw new Error("a sample transaction did not recover");
    return { wall: txs.length / seconds, cpu: txs.length / ((cpu.user + cpu.system) / 1e6) };
  } finally {
    await pool.close();
  }
}

async function main(): Promise<void> {
  const count = Number(process.argv[2] ?? 50_000);
  const txs = sample(count);
  console.log(`sender recovery, ${count} transactions per run, ${availableParallelism()} cores`);
  for (const threads of [0, 1, 2]) {
    const r = await rate(threads, txs);
    const label = threads === 0 ? "in-thread" : `${threads} worker${threads > 1 ? "s" : ""}`;
    const fmt = (n: number): string => Math.round(n).toLocaleString("en-US").padStart(7);
    console.log(`${label.padEnd(10)} ${fmt(r.wall)} recoveries/s   ${fmt(r.cpu)} per CPU-second`);
  }
}

await main();
