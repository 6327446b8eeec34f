import type { Address } from "../crypto/index.js";
import type { SignedTx } from "../types/index.js";
import type { PooledTx } from "./interface.js";

/** A pooled transaction with the figures the pool orders and limits by, computed once. */
export interface PoolEntry extends PooledTx {
  /** Most the sender can be charged: value + gasLimit × maxFeePerGas. */
  readonly cost: bigint;
  /** Tip per gas over the pool's base fee: min(maxPriorityFeePerGas, maxFeePerGas − base fee). */
  readonly tip: bigint;
  /** Raw size in bytes. */
  readonly size: number;
}

/** Most a transaction can take from its sender's balance. */
export function txCost(tx: SignedTx): bigint {
  return tx.value + tx.gasLimit * tx.maxFeePerGas;
}

/** The tip a transaction pays per gas at `baseFee` (its priority in blocks and against eviction). */
export function effectiveTip(tx: SignedTx, baseFee: bigint): bigint {
  const overBase = tx.maxFeePerGas - baseFee;
  return overBase < tx.maxPriorityFeePerGas ? overBase : tx.maxPriorityFeePerGas;
}

/** Build the pool's record of an admitted transaction. */
export function makeEntry(tx: SignedTx, sender: Address, seq: number, baseFee: bigint): PoolEntry {
  return { tx, sender, seq, cost: txCost(tx), tip: effectiveTip(tx, baseFee), size: tx.raw.length };
}

/** Block order: higher tip first, then earlier arrival. */
export function paysBefore(a: PoolEntry, b: PoolEntry): boolean {
  return a.tip !== b.tip ? a.tip > b.tip : a.seq < b.seq;
}

/** Eviction order: lower tip first, then later arrival (the oldest keep their place). */
export function evictBefore(a: PoolEntry, b: PoolEntry): boolean {
  return a.tip !== b.tip ? a.tip < b.tip : a.seq > b.seq;
}

/**
 * geth's replacement rule: a transaction replacing `old` (same sender and nonce) must raise both
 * fee caps, each to at least old × (100 + bumpPercent) / 100.
 */
export function outbids(tx: SignedTx, old: SignedTx, bumpPercent: bigint): boolean {
  const scale = 100n + bumpPercent;
  return (
    tx.maxFeePerGas > old.maxFeePerGas &&
    tx.maxPriorityFeePerGas > old.maxPriorityFeePerGas &&
    tx.maxFeePerGas >= (old.maxFeePerGas * scale) / 100n &&
    tx.maxPriorityFeePerGas >= (old.maxPriorityFeePerGas * scale) / 100n
  );
}
