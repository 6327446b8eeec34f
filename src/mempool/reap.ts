import { TX_BASE_GAS } from "../types/index.js";
import { type PoolEntry, paysBefore } from "./entry.js";
import { Heap } from "./heap.js";
import type { PooledTx } from "./interface.js";
import type { SenderTxs } from "./sender-txs.js";

/** A sender's next pending transaction in a block being filled. */
interface Head {
  sender: SenderTxs;
  /** Index among the sender's pending transactions. */
  index: number;
  entry: PoolEntry;
}

const headPaysBefore = (a: Head, b: Head): boolean => paysBefore(a.entry, b.entry);

/**
 * Pending transactions for a block: highest tip first across senders, each sender's in nonce
 * order, until `maxGas` (sum of gas limits) or `maxBytes` (sum of raw sizes) is reached. Walks a
 * heap of sender heads over the pool's own queues; nothing but the heads is copied.
 */
export function reapPending(senders: Iterable<SenderTxs>, maxGas: bigint, maxBytes: number): PooledTx[] {
  const heads: Head[] = [];
  for (const sender of senders) {
    const entry = sender.pendingAt(0);
    if (entry !== undefined) heads.push({ sender, index: 0, entry });
  }
  const heap = new Heap(headPaysBefore, heads);
  const out: PooledTx[] = [];
  let gas = maxGas;
  let bytes = maxBytes;
  // Below the cost of the smallest transaction (or with no bytes left) nothing else can fit.
  while (gas >= TX_BASE_GAS && bytes > 0) {
    const head = heap.peek();
    if (head === undefined) break;
    const { entry } = head;
    if (entry.tx.gasLimit > gas || entry.size > bytes) {
      // Its later nonces cannot go before it: the whole sender waits for the next block.
      heap.pop();
      continue;
    }
    out.push(entry);
    gas -= entry.tx.gasLimit;
    bytes -= entry.size;
    const next = head.sender.pendingAt(head.index + 1);
    if (next === undefined) {
      heap.pop();
    } else {
      head.index++;
      head.entry = next;
      heap.replaceTop(head);
    }
  }
  return out;
}
