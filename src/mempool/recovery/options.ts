import { availableParallelism } from "node:os";
import { MempoolError, MempoolErrorCode } from "../errors.js";

/** Configuration of the sender-recovery worker pool. */
export interface RecoveryOptions {
  /** Worker threads; 0 recovers synchronously in the calling thread (tests, tools). */
  threads?: number;
  /** Senders remembered by transaction hash. */
  cacheSize?: number;
  /** Most transactions sent to one worker in one message. */
  maxBatch?: number;
}

/** Options with every default filled in. */
export type ResolvedRecoveryOptions = Required<RecoveryOptions>;

/** Leave one core to the main thread (consensus, networking, execution). */
export function defaultRecoveryThreads(): number {
  return Math.max(1, availableParallelism() - 1);
}

/** Twice the mempool's default capacity (50,000), so every pooled tx stays cached until executed. */
export const DEFAULT_RECOVERY_CACHE_SIZE = 100_000;
/** ~0.1 s of work for one core at ~17 k recoveries/s: large enough to amortise a message, small
 * enough that one big batch does not hold up a small one queued behind it. */
export const DEFAULT_RECOVERY_MAX_BATCH = 2048;

function nonNegativeInteger(name: string, value: number, min: number): number {
  if (!Number.isSafeInteger(value) || value < min) {
    throw new MempoolError(MempoolErrorCode.InvalidOption, `recovery option ${name} must be an integer >= ${min}`, {
      [name]: value,
    });
  }
  return value;
}

/** Fill defaults and validate. */
export function resolveRecoveryOptions(options: RecoveryOptions): ResolvedRecoveryOptions {
  return {
    threads: nonNegativeInteger("threads", options.threads ?? defaultRecoveryThreads(), 0),
    cacheSize: nonNegativeInteger("cacheSize", options.cacheSize ?? DEFAULT_RECOVERY_CACHE_SIZE, 0),
    maxBatch: nonNegativeInteger("maxBatch", options.maxBatch ?? DEFAULT_RECOVERY_MAX_BATCH, 1),
  };
}
