// Transfers per second through a whole one-validator node: a real `cybermiles devnet` process,
// pre-signed EIP-1559 transfers submitted as JSON-RPC batches, timed from the first submit to the
// commit of the last one. Signing happens before the clock starts.
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { type Address, devAccounts, privateKeyToAddress } from "../crypto/index.js";
import { type Hex, toHex } from "../lib/index.js";
import { signTx, WEI_PER_CMT } from "../types/index.js";

const BIN = resolve(import.meta.dirname, "../../bin/cybermiles.js");
const GWEI = 1_000_000_000n;

export interface TpsOptions {
  /** Pre-signed transfers to submit. */
  txs?: number;
  /** Distinct senders (each holds at most `txs / senders` of them). */
  senders?: number;
  /** Transactions per JSON-RPC batch. */
  batch?: number;
  /** Parallel HTTP connections submitting batches. */
  connections?: number;
  port?: number;
  /** Block gas limit of the devnet (default: the genesis default, 30 M = 1,428 transfers). */
  blockGasLimit?: bigint;
  /** Extra node flags for the devnet process (e.g. --cpu-prof for profiling). */
  nodeArgs?: string[];
}

export interface TpsResult {
  txs: number;
  senders: number;
  seconds: number;
  tps: number;
  blocks: number;
  rejected: number;
}

async function rpc<T>(url: string, body: unknown): Promise<T> {
  const res = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  return (await res.json()) as T;
}

async function callRpc<T>(url: string, method: string, params: unknown[] = []): Promise<T> {
  const r = await rpc<{ result?: T; error?: { message: string } }>(url, { jsonrpc: "2.0", id: 1, method, params });
  if (r.error) throw new Error(`${method}: ${r.error.message}`);
  return r.result as T;
}

function startDevnet(
  dir: string,
  port: number,
  nodeArgs: string[],
  extra: string[],
): Promise<{ proc: ChildProcess; url: string }> {
  const proc = spawn(
    process.execPath,
    [...nodeArgs, BIN, "devnet", "--dir", dir, "--rpc-port", String(port), ...extra],
    {
      stdio: ["ignore", "pipe", "ignore"],
    },
  );
  return new Promise((res, rej) => {
    let out = "";
    proc.stdout?.on("data", (d: Buffer) => {
      out += d.toString();
      const url = /RPC:\s+(\S+)/.exec(out)?.[1];
      if (url && out.includes("Press Ctrl-C")) res({ proc, url });
    });
    proc.once("exit", (code) => rej(new Error(`devnet exited ${code}`)));
  });
}

function transfer(key: Uint8Array, nonce: bigint, to: Address, value: bigint): Hex {
  const tx = signTx(
    {
      type: 2,
      chainId: 1818n,
      nonce,
      maxFeePerGas: GWEI,
      maxPriorityFeePerGas: 0n,
      gasLimit: 21_000n,
      to,
      value,
      data: new Uint8Array(0),
      accessList: [],
    },
    key,
  );
  return toHex(tx.raw);
}

async function sendBatches(url: string, raws: Hex[], batch: number, connections: number): Promise<number> {
  let next = 0;
  let rejected = 0;
  const worker = async () => {
    while (next < raws.length) {
      const chunk = raws.slice(next, next + batch);
      next += batch;
      const body = chunk.map((raw, i) => ({ jsonrpc: "2.0", id: i, method: "eth_sendRawTransaction", params: [raw] }));
      const res = await rpc<Array<{ error?: unknown }>>(url, body);
      rejected += res.filter((r) => r.error).length;
    }
  };
  await Promise.all(Array.from({ length: connections }, worker));
  return rejected;
}

async function waitForNonces(url: string, want: Map<Address, bigint>): Promise<void> {
  for (const [address, nonce] of want) {
    for (;;) {
      const n = BigInt(await callRpc<string>(url, "eth_getTransactionCount", [address, "latest"]));
      if (n >= nonce) break;
      await new Promise((r) => setTimeout(r, 50));
    }
  }
}

/** Run one measurement on a fresh devnet. */
export async function runNodeTps(opts: TpsOptions = {}): Promise<TpsResult> {
  const txs = opts.txs ?? 20_000;
  const senders = opts.senders ?? 200;
  const dir = mkdtempSync(join(tmpdir(), "cmt-bench-"));
  const gas = opts.blockGasLimit === undefined ? [] : ["--block-gas-limit", String(opts.blockGasLimit)];
  const { proc, url } = await startDevnet(dir, opts.port ?? 18545, opts.nodeArgs ?? [], gas);
  try {
    const dev = devAccounts(10);
    // Fund the senders from the dev accounts and wait for that to commit (not timed).
    const keys = Array.from({ length: senders }, (_, i) => {
      const k = new Uint8Array(32);
      new DataView(k.buffer).setUint32(28, i + 1000);
      return k;
    });
    const addrs = keys.map(privateKeyToAddress);
    const devNonce = new Map<Address, bigint>();
    const funding = addrs.map((to, i) => {
      const d = dev[i % dev.length] as (typeof dev)[number];
      const n = devNonce.get(d.address) ?? 0n;
      devNonce.set(d.address, n + 1n);
      return transfer(d.privateKey, n, to, 10_000n * WEI_PER_CMT);
    });
    await sendBatches(url, funding, 100, 1);
    await waitForNonces(url, devNonce);

    const perSender = Math.ceil(txs / senders);
    const raws: Hex[] = [];
    for (let n = 0; n < perSender; n++) {
      for (let s = 0; s < senders && raws.length < txs; s++) {
        const to = `0x${(0x100000 + raws.length).toString(16).padStart(40, "0")}` as Address;
        raws.push(transfer(keys[s] as Uint8Array, BigInt(n), to, 1n));
      }
    }
    const want = new Map<Address, bigint>();
    addrs.forEach((a, s) => {
      want.set(a, BigInt(Math.min(perSender, Math.ceil((txs - s) / senders))));
    });
    const startHeight = BigInt(await callRpc<string>(url, "eth_blockNumber"));
    const t0 = performance.now();
    const rejected = await sendBatches(url, raws, opts.batch ?? 500, opts.connections ?? 4);
    await waitForNonces(url, want);
    const seconds = (performance.now() - t0) / 1000;
    const endHeight = BigInt(await callRpc<string>(url, "eth_blockNumber"));
    return { txs, senders, seconds, tps: txs / seconds, blocks: Number(endHeight - startHeight), rejected };
  } finally {
    proc.kill("SIGTERM");
    await new Promise((r) => proc.once("exit", r));
    rmSync(dir, { recursive: true, force: true });
  }
}
