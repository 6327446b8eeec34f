import type { Hex } from "../lib/index.js";
import type { BlockView, PoolTx } from "./backend.js";
import { serverError } from "./errors.js";
import { newId } from "./filters.js";
import { formatHeader, formatTx } from "./format/index.js";
import { blockLogs, type CompiledFilter } from "./logs.js";

/** A WebSocket client as subscriptions see it: something to push text frames to. */
export interface Subscriber {
  send(message: string): void;
}

/** What a client subscribed to. */
export type Subscription =
  | { kind: "newHeads" }
  | { kind: "logs"; compiled: CompiledFilter }
  /** Transactions entering the mempool: their hashes, or (geth's `true` argument) the whole transactions. */
  | { kind: "newPendingTransactions"; fullTx: boolean };

/** Bound on the work one client can attach to every block. */
export const MAX_SUBSCRIPTIONS_PER_CONNECTION = 1000;

function notification(id: string, resultJson: string): string {
  return `{"jsonrpc":"2.0","method":"eth_subscription","params":{"subscription":"${id}","result":${resultJson}}}`;
}

/**
 * eth_subscribe over WebSocket: on every committed block, `newHeads` subscribers get the header
 * and `logs` subscribers get each matching log, one notification per log, as geth sends them.
 */
export class SubscriptionManager {
  private readonly bySubscriber = new Map<Subscriber, Map<string, Subscription>>();

  /** Register a subscription; returns its id. */
  subscribe(to: Subscriber, sub: Subscription): Hex {
    let subs = this.bySubscriber.get(to);
    if (subs === undefined) {
      subs = new Map();
      this.bySubscriber.set(to, subs);
    }
    if (subs.size >= MAX_SUBSCRIPTIONS_PER_CONNECTION) throw serverError("too many subscriptions");
    const id = newId();
    subs.set(id, sub);
    return id;
  }

  /** Cancel one subscription of this client; false when it has no such id. */
  unsubscribe(of: Subscriber, id: string): boolean {
    return this.bySubscriber.get(of)?.delete(id) ?? false;
  }

  /** Forget a client and all its subscriptions (socket closed). */
  drop(of: Subscriber): void {
    this.bySubscriber.delete(of);
  }

  /** Total subscriptions (metrics, tests). */
  get size(): number {
    let n = 0;
    for (const subs of this.bySubscriber.values()) n += subs.size;
    return n;
  }

  /** Push a committed block to every subscriber. */
  publish(view: BlockView): void {
    let headerJson: string | null = null;
    for (const [subscriber, subs] of this.bySubscriber) {
      for (const [id, sub] of subs) {
        if (sub.kind === "newPendingTransactions") continue;
        if (sub.kind === "newHeads") {
          headerJson ??= JSON.stringify(formatHeader(view));
          subscriber.send(notification(id, headerJson));
        } else {
          for (const log of blockLogs(view, sub.compiled)) subscriber.send(notification(id, JSON.stringify(log)));
        }
      }
    }
  }

  /** Push transactions that entered the mempool to every `newPendingTransactions` subscriber, one notification each. */
  publishPending(txs: readonly PoolTx[]): void {
    for (const [subscriber, subs] of this.bySubscriber) {
      for (const [id, sub] of subs) {
        if (sub.kind !== "newPendingTransactions") continue;
        for (const { tx, sender } of txs) {
          const result = sub.fullTx ? JSON.stringify(formatTx(tx, sender, null)) : `"${tx.hash}"`;
          subscriber.send(notification(id, result));
        }
      }
    }
  }
}
