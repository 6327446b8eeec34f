import type { Address } from "../crypto/index.js";
import { evictBefore, type PoolEntry } from "./entry.js";
import { Heap } from "./heap.js";
import type { SenderTxs } from "./sender-txs.js";

/** Room a new transaction needs: slots and bytes beyond the pool's limits. */
export interface Shortfall {
  count: number;
  bytes: number;
}

/**
 * Finds the cheapest transactions to evict when the pool is full. Only a sender's highest nonce
 * is a candidate, so eviction never opens a nonce gap. Candidates live in a lazy heap: an entry
 * is pushed whenever a transaction becomes its sender's highest and checked when popped.
 */
export class EvictionIndex {
  private readonly heap = new Heap<PoolEntry>(evictBefore);

  constructor(private readonly sender: (address: Address) => SenderTxs | undefined) {}

  /** Entries held, stale ones included. */
  get size(): number {
    return this.heap.size;
  }

  /** Record that `entry` is now its sender's highest nonce. */
  push(entry: PoolEntry): void {
    this.heap.push(entry);
  }

  /** Drop stale entries: start again from every sender's highest nonce. */
  rebuild(senders: Iterable<SenderTxs>): void {
    this.heap.clear();
    for (const s of senders) {
      const top = s.top();
      if (top !== undefined) this.heap.push(top);
    }
  }

  /**
   * The transactions to evict so that `incoming` fits, cheapest first; null when the pool would
   * have to drop one that pays as much as `incoming` or more ("txpool is full"). A sender's own
   * transactions at or below the incoming nonce are never chosen.
   */
  select(incoming: PoolEntry, need: Shortfall): PoolEntry[] | null {
    const victims = new Set<PoolEntry>();
    const popped: PoolEntry[] = [];
    // How many transactions each sender loses from its top, in this selection.
    const taken = new Map<Address, number>();
    let count = 0;
    let bytes = 0;
    let ok = true;
    while (count < need.count || bytes < need.bytes) {
      const e = this.heap.pop();
      if (e === undefined) {
        ok = false;
        break;
      }
      const s = this.sender(e.sender);
      const k = taken.get(e.sender) ?? 0;
      if (s === undefined || s.top(k) !== e) continue; // stale: no longer (or not yet) the top
      popped.push(e);
      if (e.sender === incoming.sender && e.tx.nonce <= incoming.tx.nonce) continue;
      if (e.tip >= incoming.tip) {
        ok = false;
        break;
      }
      victims.add(e);
      count++;
      bytes += e.size;
      taken.set(e.sender, k + 1);
      const below = s.top(k + 1);
      if (below !== undefined) this.heap.push(below);
    }
    // Candidates kept stay candidates; victims are removed by the pool.
    for (const e of popped) if (!ok || !victims.has(e)) this.heap.push(e);
    return ok ? [...victims] : null;
  }
}
