import type { Address } from "../crypto/index.js";
import type { Hex, Logger } from "../lib/index.js";
import type { PooledTx } from "../mempool/interface.js";
import { TxErrorCode } from "../types/index.js";
import type { Chain } from "./chain.js";

const RETRYABLE = new Set<string>([TxErrorCode.GasLimit, TxErrorCode.NonceTooHigh]);

/** The part of the mempool the producer uses. */
export interface ProducerMempool {
  reap(maxGas: bigint, maxBytes: number): PooledTx[];
  update(committed: { txHashes: Hex[]; senders: Address[] }): void;
}

/**
 * The single-proposer block loop of the one-validator chain: every interval, take the best
 * executable transactions and commit a block. The consensus issue replaces this loop with BFT;
 * the state machine boundary (Chain.produce → StateMachine.executeBlock) stays the same.
 */
export class BlockProducer {
  private timer: NodeJS.Timeout | null = null;
  private stopped = false;

  constructor(
    private readonly options: {
      blockIntervalMs: number;
      createEmptyBlocks: boolean;
      maxBlockBytes: number;
      blockGasLimit: bigint;
      proposer: Address;
      /** Wall clock in ms; the only place a clock enters (block time is chosen here). */
      now: () => number;
    },
    private readonly deps: { chain: Chain; mempool: ProducerMempool; log: Logger; signal: AbortSignal },
  ) {
    deps.signal.addEventListener("abort", () => this.stop(), { once: true });
  }

  start(): void {
    if (this.stopped) return;
    this.schedule();
  }

  private schedule(): void {
    const head = this.deps.chain.head();
    const due = Number(head.time) + this.options.blockIntervalMs;
    const wait = Math.max(0, Math.min(this.options.blockIntervalMs, due - this.options.now()));
    this.timer = setTimeout(() => this.tick(), wait);
  }

  private tick(): void {
    if (this.stopped) return;
    try {
      this.produceOne();
    } catch (err) {
      this.deps.log.error({ err }, "block production failed");
    }
    if (!this.stopped) this.schedule();
  }

  /** Build and commit one block now (if there is work or empty blocks are on). */
  produceOne(): void {
    const candidates = this.deps.mempool.reap(this.options.blockGasLimit, this.options.maxBlockBytes);
    if (candidates.length === 0 && !this.options.createEmptyBlocks) return;
    const head = this.deps.chain.head();
    const now = BigInt(this.options.now());
    const time = now > head.time ? now : head.time + 1n;
    const started = performance.now();
    const { view, exec } = this.deps.chain.produce(time, this.options.proposer, candidates);
    // Included txs leave the pool; so do dropped ones that can never run. A tx dropped only
    // because the block was full (or behind one that was) stays for the next block.
    const gone = [...exec.txs, ...exec.dropped.filter((d) => !RETRYABLE.has(d.error.code))];
    this.deps.mempool.update({ txHashes: gone.map((t) => t.tx.hash), senders: gone.map((t) => t.sender) });
    this.deps.log.info(
      {
        height: Number(view.block.header.height),
        txs: view.txs.length,
        dropped: exec.dropped.length,
        ms: Math.round(performance.now() - started),
      },
      "committed block",
    );
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }
}
