// The load generator shared by every target: fund K senders, pre-sign N transfers to distinct
// recipients (before the clock starts), submit them as JSON-RPC batches over a few connections,
// and watch blocks for their inclusion: committed TPS, submit-to-commit latency, node CPU and RSS.
import { type Address, privateKeyToAddress } from "../crypto/index.js";
import { type Hex, toHex } from "../lib/index.js";
import { signTx, WEI_PER_CMT } from "../types/index.js";
import { measureProcs, type ProcUsage } from "./proc.js";
import { type RpcReply, rpcBatch, rpcCall, rpcPost, sleep, waitUntil } from "./rpc.js";
import type { Target } from "./targets.js";

/** One pre-signed transaction: its raw bytes, hash and sender. */
export interface Signed {
  raw: Hex;
  hash: Hex;
  from: Address;
}

export interface LoadOptions {
  txs: number;
  senders: number;
  /** Transactions per JSON-RPC batch. */
  batch: number;
  /** Parallel HTTP connections (spread over the target's nodes). */
  connections: number;
  /** Submit at this many tx/s instead of as fast as possible (latency at a given load). */
  rate?: number;
  /** Seed of the sender keys, so runs on one chain do not reuse senders. */
  seed?: number;
}

export interface LoadResult {
  txs: number;
  rejected: number;
  firstError: string | null;
  seconds: number;
  tps: number;
  p50Ms: number;
  p95Ms: number;
  blocks: number;
  /** Most transactions in one block. */
  maxBlockTxs: number;
  usage: ProcUsage;
  /** Average node CPU over the run, in cores (1.0 = one core busy). */
  cpuCores: number;
  /** Seconds until the node had answered every submit batch (admission done). */
  submitSeconds: number;
  /** Each block that held our transactions: seconds since the first submit when seen, and how many. */
  timeline: Array<{ at: number; txs: number }>;
}

/** Deterministic sender keys (never the dev accounts). */
export function senderKeys(n: number, seed = 0): Uint8Array[] {
  return Array.from({ length: n }, (_, i) => {
    const k = new Uint8Array(32);
    const v = new DataView(k.buffer);
    v.setUint32(24, 0xbe00 + seed);
    v.setUint32(28, i + 1);
    return k;
  });
}

/** Sign one EIP-1559 transaction for the target. */
export function signFor(
  t: Target,
  key: Uint8Array,
  nonce: bigint,
  to: Address,
  value: bigint,
  data: Uint8Array = new Uint8Array(0),
  gasLimit = 21_000n,
): Signed {
  const tx = signTx(
    {
      type: 2,
      chainId: t.chainId,
      nonce,
      maxFeePerGas: t.maxFeePerGas,
      maxPriorityFeePerGas: 0n,
      gasLimit,
      to,
      value,
      data,
      accessList: [],
    },
    key,
  );
  return { raw: toHex(tx.raw), hash: tx.hash, from: privateKeyToAddress(key) };
}

/** Committed nonce of many accounts (one batch). */
async function nonces(url: string, addrs: Address[]): Promise<bigint[]> {
  const out: bigint[] = [];
  for (let i = 0; i < addrs.length; i += 500) {
    const part = await rpcBatch<string>(
      url,
      "eth_getTransactionCount",
      addrs.slice(i, i + 500).map((a) => [a, "latest"]),
    );
    out.push(...part.map((n) => BigInt(n)));
  }
  return out;
}

/** Send CMT from the target's funders to `to` (each `amount`) and wait until all of it is committed. */
export async function fund(t: Target, to: Address[], amount: bigint): Promise<void> {
  const url = t.urls[0] as string;
  const funders = t.funders.map((k) => ({ key: k, address: privateKeyToAddress(k) }));
  const start = await nonces(
    url,
    funders.map((f) => f.address),
  );
  const next = [...start];
  const txs = to.map((addr, i) => {
    const f = i % funders.length;
    const n = next[f] as bigint;
    next[f] = n + 1n;
    return signFor(t, (funders[f] as (typeof funders)[number]).key, n, addr, amount);
  });
  await submit([url], txs, 200, 1);
  await waitUntil(
    "funding committed",
    async () => {
      const now = await nonces(
        url,
        funders.map((f) => f.address),
      );
      return now.every((n, i) => n >= (next[i] as bigint));
    },
    120_000,
    100,
  );
}

/** Submit batches over `connections` connections; records each tx's submit time. Returns rejections. */
async function submit(
  urls: string[],
  txs: Signed[],
  batch: number,
  connections: number,
  submitted?: Map<Hex, number>,
  rate?: number,
): Promise<{ rejected: Set<Hex>; firstError: string | null }> {
  const rejected = new Set<Hex>();
  let firstError: string | null = null;
  // Each node gets the transactions of its own senders, in nonce order, so nonces arrive in order.
  const senderNode = new Map<Address, number>();
  const queues: Signed[][] = urls.map(() => []);
  for (const tx of txs) {
    let q = senderNode.get(tx.from);
    if (q === undefined) {
      q = senderNode.size % urls.length;
      senderNode.set(tx.from, q);
    }
    (queues[q] as Signed[]).push(tx);
  }
  const perNode = Math.max(1, Math.ceil(connections / urls.length));
  // Paced: one chunk per node every 100 ms, so the offered load is smooth rather than in bursts.
  if (rate !== undefined) batch = Math.max(1, Math.min(batch, Math.ceil(rate / 10 / urls.length)));
  const t0 = performance.now();
  const send = async (url: string, chunk: Signed[]) => {
    const now = performance.now();
    for (const tx of chunk) submitted?.set(tx.hash, now);
    const body = chunk.map((tx, i) => ({ jsonrpc: "2.0", id: i, method: "eth_sendRawTransaction", params: [tx.raw] }));
    const res = await rpcPost<Array<RpcReply> | RpcReply>(url, body);
    const items = Array.isArray(res) ? res : chunk.map(() => res);
    items.forEach((r, i) => {
      if (!r.error || /already known/i.test(r.error.message)) return;
      const tx = chunk[Number(r.id ?? i)] ?? chunk[i];
      if (tx) rejected.add(tx.hash);
      firstError ??= r.error.message;
    });
  };
  await Promise.all(
    queues.flatMap((q, n) => {
      let next = 0;
      const url = urls[n] as string;
      return Array.from({ length: perNode }, async () => {
        while (next < q.length) {
          const start = next;
          next += batch;
          if (rate !== undefined) {
            // Paced: this chunk is due when the whole network has had time to take the ones before it.
            const due = t0 + ((start * urls.length) / rate) * 1000;
            const wait = due - performance.now();
            if (wait > 0) await sleep(wait);
          }
          await send(url, q.slice(start, start + batch));
        }
      });
    }),
  );
  return { rejected, firstError };
}

/** Watch new blocks on `url`, recording when each watched hash is first seen committed. */
function watchBlocks(url: string, pending: Set<Hex>, included: Map<Hex, number>) {
  let stop = false;
  const timeline: Array<{ seenAt: number; txs: number }> = [];
  let blocks = 0;
  let maxBlockTxs = 0;
  const run = async () => {
    let height = BigInt(await rpcCall<string>(url, "eth_blockNumber"));
    while (!stop && pending.size > 0) {
      const head = BigInt(await rpcCall<string>(url, "eth_blockNumber"));
      for (let h = height + 1n; h <= head; h++) {
        const block = await rpcCall<{ transactions: Hex[] }>(url, "eth_getBlockByNumber", [
          `0x${h.toString(16)}`,
          false,
        ]);
        const now = performance.now();
        blocks++;
        let mine = 0;
        for (const hash of block.transactions) {
          if (pending.delete(hash)) {
            included.set(hash, now);
            mine++;
          }
        }
        maxBlockTxs = Math.max(maxBlockTxs, mine);
        if (mine > 0) timeline.push({ seenAt: now, txs: mine });
      }
      height = head;
      if (pending.size > 0) await sleep(50);
    }
  };
  // Keep the rejection handled until done() is awaited (no unhandled-rejection crash mid-run).
  const done = run().then(
    () => null,
    (err: unknown) => err,
  );
  return {
    stop: () => {
      stop = true;
    },
    done: async () => {
      const err = await done;
      if (err) throw err;
      return { blocks, maxBlockTxs, timeline };
    },
  };
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] as number;
}

/** Fund `opts.senders` fresh senders and pre-sign `opts.txs` transfers from them (nonce-major order). */
export async function prepareTransfers(t: Target, opts: LoadOptions): Promise<Signed[]> {
  const keys = senderKeys(opts.senders, opts.seed);
  const perSender = Math.ceil(opts.txs / opts.senders);
  await fund(t, keys.map(privateKeyToAddress), BigInt(perSender + 10) * WEI_PER_CMT);
  const txs: Signed[] = [];
  const base = 0x100000 + (opts.seed ?? 0) * 0x1000000;
  for (let n = 0; n < perSender; n++) {
    for (let s = 0; s < opts.senders && txs.length < opts.txs; s++) {
      const to = `0x${(base + txs.length).toString(16).padStart(40, "0")}` as Address;
      txs.push(signFor(t, keys[s] as Uint8Array, BigInt(n), to, 1n));
    }
  }
  return txs;
}

/**
 * Submit pre-signed transactions and time them to commitment: from the first submit to the block
 * that holds the last one. Rejected transactions are counted and not waited for.
 */
export async function runLoad(t: Target, txs: Signed[], opts: LoadOptions, timeoutMs = 180_000): Promise<LoadResult> {
  const url = t.urls[0] as string;
  const pending = new Set(txs.map((tx) => tx.hash));
  const included = new Map<Hex, number>();
  const submitted = new Map<Hex, number>();
  const watcher = watchBlocks(url, pending, included);
  await sleep(100); // the watcher has read the starting height
  const usageOf = measureProcs(t.pids());
  const t0 = performance.now();
  const { rejected, firstError } = await submit(t.urls, txs, opts.batch, opts.connections, submitted, opts.rate);
  const submitSeconds = (performance.now() - t0) / 1000;
  for (const h of rejected) pending.delete(h);
  const deadline = setTimeout(() => watcher.stop(), timeoutMs);
  const { blocks, maxBlockTxs, timeline } = await watcher.done();
  clearTimeout(deadline);
  const usage = usageOf();
  if (pending.size > 0) throw new Error(`${t.name}: ${pending.size} transactions not committed after ${timeoutMs} ms`);
  const last = Math.max(...included.values());
  const seconds = (last - t0) / 1000;
  const lat = [...included].map(([h, at]) => at - (submitted.get(h) as number)).sort((a, b) => a - b);
  const committed = included.size;
  return {
    txs: committed,
    rejected: rejected.size,
    firstError,
    seconds,
    tps: committed / seconds,
    p50Ms: percentile(lat, 50),
    p95Ms: percentile(lat, 95),
    blocks,
    maxBlockTxs,
    usage,
    cpuCores: usage.cpuSeconds / seconds,
    submitSeconds,
    timeline: timeline.map((b) => ({ at: (b.seenAt - t0) / 1000, txs: b.txs })),
  };
}
