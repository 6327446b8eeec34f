import { Worker } from "node:worker_threads";
import { type Address, nativeAddon } from "../../crypto/index.js";
import type { Hex } from "../../lib/index.js";
import type { SignedTx } from "../../types/index.js";
import { MempoolError, MempoolErrorCode } from "../errors.js";
import type { SenderRecovery } from "../interface.js";
import { LruCache } from "./lru.js";
import { type RecoveryOptions, type ResolvedRecoveryOptions, resolveRecoveryOptions } from "./options.js";
import { packRequests, RESPONSE_STRIDE, unpackResponses } from "./packing.js";
import { WORKER_SOURCE, type WorkerModulePaths, workerModulePaths } from "./worker-source.js";

/** Fewer transactions than this per message and the round trip costs more than it spreads. */
const MIN_CHUNK = 64;

interface Job {
  count: number;
  resolve(buf: ArrayBuffer): void;
  reject(err: Error): void;
}

interface Slot {
  worker: Worker;
  jobs: Map<number, Job>;
  /** Transactions sent and not yet answered: where the next chunk goes. */
  load: number;
  /** The worker loaded its bindings; a failure before that is not retried. */
  ready: boolean;
}

/**
 * Recovers transaction senders with native libsecp256k1 (the addon, crypto/native.ts) in a pool
 * of worker threads, many transactions per message, and remembers each sender by transaction hash
 * (DESIGN §6).
 * With `threads: 0` it recovers synchronously in the calling thread.
 */
export class RecoveryPool implements SenderRecovery {
  /** Number of worker threads (0: in-thread). */
  readonly threads: number;
  private readonly options: ResolvedRecoveryOptions;
  private readonly cache: LruCache<Hex, Address>;
  private readonly slots: Slot[] = [];
  private readonly modulePaths: WorkerModulePaths | null;
  private nextJobId = 1;
  private closed = false;
  /** Set when a worker could not start (e.g. a missing native binding): every call fails with it. */
  private broken: MempoolError | null = null;
  private recovered = 0;
  private cacheHits = 0;

  constructor(options: RecoveryOptions = {}) {
    this.options = resolveRecoveryOptions(options);
    this.threads = this.options.threads;
    this.cache = new LruCache(this.options.cacheSize);
    this.modulePaths = this.threads > 0 ? workerModulePaths() : null;
    for (let i = 0; i < this.threads; i++) {
      const slot: Slot = { worker: this.spawn(), jobs: new Map(), load: 0, ready: false };
      this.attach(slot);
      this.slots.push(slot);
    }
  }

  /** One sender (null for an invalid signature) per transaction, in order; cached ones are free. */
  async recover(txs: readonly SignedTx[]): Promise<Array<Address | null>> {
    if (this.closed) throw new MempoolError(MempoolErrorCode.RecoveryClosed, "sender recovery is closed");
    if (this.broken !== null) throw this.broken;
    const out = new Array<Address | null>(txs.length);
    const missIdx: number[] = [];
    for (let i = 0; i < txs.length; i++) {
      const hit = this.cache.get((txs[i] as SignedTx).hash);
      if (hit === undefined) missIdx.push(i);
      else out[i] = hit;
    }
    this.cacheHits += txs.length - missIdx.length;
    if (missIdx.length === 0) return out;
    this.recovered += missIdx.length;
    const misses = missIdx.map((i) => txs[i] as SignedTx);
    const senders = this.threads === 0 ? recoverInThread(misses) : await this.recoverInWorkers(misses);
    for (let k = 0; k < misses.length; k++) {
      const sender = senders[k] ?? null;
      out[missIdx[k] as number] = sender;
      if (sender !== null) this.cache.set((misses[k] as SignedTx).hash, sender);
    }
    return out;
  }

  /** The sender recovered earlier for this transaction hash, if still cached. */
  cached(hash: Hex): Address | undefined {
    return this.cache.get(hash);
  }

  /** Signatures actually recovered, cache hits, and senders currently cached. */
  stats(): { recovered: number; cacheHits: number; cached: number } {
    return { recovered: this.recovered, cacheHits: this.cacheHits, cached: this.cache.size };
  }

  /** Terminate the workers; recoveries still running are rejected. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    const err = new MempoolError(MempoolErrorCode.RecoveryClosed, "sender recovery is closed");
    await Promise.all(
      this.slots.map(async (slot) => {
        this.failJobs(slot, err);
        await slot.worker.terminate();
      }),
    );
  }

  private async recoverInWorkers(txs: SignedTx[]): Promise<Array<Address | null>> {
    const perThread = Math.ceil(txs.length / this.threads);
    const chunk = Math.min(this.options.maxBatch, Math.max(MIN_CHUNK, perThread));
    const parts: Array<Promise<Array<Address | null>>> = [];
    for (let start = 0; start < txs.length; start += chunk) {
      parts.push(this.send(txs.slice(start, start + chunk)));
    }
    return (await Promise.all(parts)).flat();
  }

  private send(txs: SignedTx[]): Promise<Array<Address | null>> {
    let slot = this.slots[0] as Slot;
    for (const s of this.slots) if (s.load < slot.load) slot = s;
    const id = this.nextJobId++;
    const buf = packRequests(txs);
    return new Promise<ArrayBuffer>((resolve, reject) => {
      slot.jobs.set(id, { count: txs.length, resolve, reject });
      slot.load += txs.length;
      if (slot.jobs.size === 1) slot.worker.ref();
      slot.worker.postMessage({ id, buf, count: txs.length }, [buf]);
    }).then((answer) => unpackResponses(answer, txs.length));
  }

  private spawn(): Worker {
    const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: this.modulePaths });
    // An idle pool must not keep the process alive; a slot holds a ref only while it has jobs.
    worker.unref();
    return worker;
  }

  private attach(slot: Slot): void {
    const { worker } = slot;
    worker.on("message", (msg: { id: number; buf: ArrayBuffer } | { ready: true }) => {
      if ("ready" in msg) {
        slot.ready = true;
        return;
      }
      const job = slot.jobs.get(msg.id);
      if (job === undefined) return;
      slot.jobs.delete(msg.id);
      slot.load -= job.count;
      if (slot.jobs.size === 0) worker.unref();
      job.resolve(msg.buf);
    });
    const replace = (cause: unknown): void => {
      if (this.closed || slot.worker !== worker) return;
      if (!slot.ready) {
        // Respawning would fail the same way, forever.
        this.broken = new MempoolError(
          MempoolErrorCode.RecoveryWorkerFailed,
          "sender recovery worker failed to start",
          {},
          cause,
        );
        for (const s of this.slots) this.failJobs(s, this.broken);
        return;
      }
      this.failJobs(
        slot,
        new MempoolError(MempoolErrorCode.RecoveryWorkerFailed, "sender recovery worker failed", {}, cause),
      );
      slot.ready = false;
      slot.worker = this.spawn();
      this.attach(slot);
    };
    worker.on("error", replace);
    worker.on("exit", (code) => replace(new Error(`worker exited with code ${code}`)));
  }

  private failJobs(slot: Slot, err: Error): void {
    const jobs = [...slot.jobs.values()];
    slot.jobs.clear();
    slot.load = 0;
    for (const job of jobs) job.reject(err);
  }
}

/** The synchronous path: the workers' packing and addon call, in the calling thread. */
function recoverInThread(txs: readonly SignedTx[]): Array<Address | null> {
  const responses = new Uint8Array(txs.length * RESPONSE_STRIDE);
  nativeAddon.recoverSenders(new Uint8Array(packRequests(txs)), responses);
  return unpackResponses(responses.buffer, txs.length);
}
