import { randomBytes } from "node:crypto";
import { type Hex, toHex } from "../lib/index.js";
import type { RpcBackend } from "./backend.js";
import { serverError } from "./errors.js";
import type { RpcLog } from "./format/index.js";
import { type CompiledFilter, compileFilter, queryLogs, rangeLogs } from "./logs.js";
import type { LogFilter } from "./params/index.js";

/**
 * A polled filter. Block and log filters remember the next height to report (nothing is buffered
 * between polls); a pending-transaction filter buffers the hashes admitted since its last poll.
 */
type Installed = { next: bigint; lastPoll: number } & (
  | { kind: "blocks" }
  | { kind: "logs"; compiled: CompiledFilter }
  | { kind: "pending"; hashes: Hex[] }
);

/** Most hashes a pending-transaction filter holds between polls; older ones are dropped first. */
export const MAX_PENDING_HASHES = 10_000;

/** A fresh random id, geth-style (16 bytes of hex). */
export function newId(): Hex {
  return toHex(randomBytes(16));
}

/**
 * Installed filters of eth_newFilter / eth_newBlockFilter, polled with eth_getFilterChanges
 * (ethers' JsonRpcProvider listens this way). A filter not polled for `ttlMs` is removed, as in geth.
 */
export class FilterManager {
  private readonly filters = new Map<string, Installed>();

  constructor(
    private readonly options: { ttlMs: number; logsBlockRange: number },
    private readonly deps: { backend: RpcBackend; now: () => number },
  ) {}

  /** Number of installed filters. */
  get size(): number {
    return this.filters.size;
  }

  /** Install a filter reporting the hashes of blocks committed from now on. */
  newBlockFilter(): Hex {
    return this.install({ kind: "blocks", next: this.deps.backend.headHeight() + 1n, lastPoll: this.deps.now() });
  }

  /** Install a filter reporting the hashes of transactions entering the mempool from now on. */
  newPendingTransactionFilter(): Hex {
    return this.install({ kind: "pending", hashes: [], next: 0n, lastPoll: this.deps.now() });
  }

  /** Transactions entered the mempool: buffered for every pending-transaction filter. */
  pendingTxs(hashes: readonly Hex[]): void {
    for (const f of this.filters.values()) {
      if (f.kind !== "pending") continue;
      f.hashes.push(...hashes);
      if (f.hashes.length > MAX_PENDING_HASHES) f.hashes.splice(0, f.hashes.length - MAX_PENDING_HASHES);
    }
  }

  /** Install a filter reporting matching logs of blocks committed from now on. */
  newLogFilter(filter: LogFilter): Hex {
    const compiled = compileFilter(filter);
    return this.install({
      kind: "logs",
      compiled,
      next: this.deps.backend.headHeight() + 1n,
      lastPoll: this.deps.now(),
    });
  }

  /**
   * What arrived since the last poll: block hashes or logs (at most `logsBlockRange` blocks per
   * poll), or the hashes of transactions admitted to the mempool.
   */
  changes(id: string): Hex[] | RpcLog[] {
    const f = this.get(id);
    if (f.kind === "pending") {
      const hashes = f.hashes;
      f.hashes = [];
      return hashes;
    }
    const { backend } = this.deps;
    const head = backend.headHeight();
    const from = f.next;
    const cap = from + BigInt(this.options.logsBlockRange) - 1n;
    const last = head < cap ? head : cap;
    if (last < from) return [];
    f.next = last + 1n;
    if (f.kind === "blocks") {
      const hashes: Hex[] = [];
      for (let h = from; h <= last; h++) {
        const view = backend.blockByHeight(h);
        if (view !== null) hashes.push(view.hash);
      }
      return hashes;
    }
    // A log filter with explicit block numbers only reports logs inside them.
    const { fromBlock, toBlock } = f.compiled.filter;
    const lo = fromBlock?.kind === "number" && fromBlock.number > from ? fromBlock.number : from;
    const hi = toBlock?.kind === "number" && toBlock.number < last ? toBlock.number : last;
    return lo > hi ? [] : rangeLogs(backend, lo, hi, f.compiled);
  }

  /** All logs matching a log filter's criteria (eth_getFilterLogs). */
  logs(id: string): RpcLog[] {
    const f = this.get(id);
    if (f.kind !== "logs") throw serverError("filter not found");
    return queryLogs(this.deps.backend, f.compiled.filter, this.options.logsBlockRange);
  }

  /** Remove a filter; false when there was none. */
  uninstall(id: string): boolean {
    return this.filters.delete(id);
  }

  /** Drop filters idle for longer than the TTL; returns how many. */
  sweep(): number {
    const cutoff = this.deps.now() - this.options.ttlMs;
    let removed = 0;
    for (const [id, f] of this.filters) {
      if (f.lastPoll < cutoff) {
        this.filters.delete(id);
        removed++;
      }
    }
    return removed;
  }

  /** Remove every filter (server shutdown). */
  clear(): void {
    this.filters.clear();
  }

  private install(f: Installed): Hex {
    const id = newId();
    this.filters.set(id, f);
    return id;
  }

  private get(id: string): Installed {
    const f = this.filters.get(id);
    const now = this.deps.now();
    if (f === undefined || f.lastPoll < now - this.options.ttlMs) {
      this.filters.delete(id);
      throw serverError("filter not found");
    }
    f.lastPoll = now;
    return f;
  }
}
