import { MempoolError, MempoolErrorCode } from "./errors.js";

/** Configuration of the mempool. Amounts in wei. */
export interface MempoolOptions {
  chainId: bigint;
  /** Lowest maxFeePerGas admitted; also the base fee tips are measured against. */
  minGasPrice: bigint;
  /** A transaction may not ask for more gas than a block holds. */
  blockGasLimit: bigint;
  /** Largest raw transaction in bytes. */
  maxTxBytes?: number;
  /** Most transactions (pending + queued) one sender may hold in the pool. */
  maxPerSender?: number;
  /** Most transactions in the pool. */
  maxTotal?: number;
  /** Most raw transaction bytes in the pool. */
  maxTotalBytes?: number;
  /** How far beyond the sender's next pending nonce a transaction may be queued. */
  maxNonceGap?: number;
  /** A replacement must raise both fee caps by at least this many percent. */
  priceBumpPercent?: number;
}

/** Options with every default filled in. */
export interface ResolvedMempoolOptions {
  chainId: bigint;
  minGasPrice: bigint;
  blockGasLimit: bigint;
  maxTxBytes: number;
  maxPerSender: number;
  maxTotal: number;
  maxTotalBytes: number;
  maxNonceGap: bigint;
  priceBumpPercent: bigint;
}

/** geth's txMaxSize: 4 slots of 32 KiB. */
export const DEFAULT_MAX_TX_BYTES = 128 * 1024;
/** Project default; above geth's 16 executable + 64 queued slots, a marketplace user may batch orders. */
export const DEFAULT_MAX_PER_SENDER = 100;
/** Project default: ~50 one-second blocks of 1,000 transactions. */
export const DEFAULT_MAX_TOTAL = 50_000;
/** Project default, 64 MiB: the default count at ~1.3 KiB per transaction. */
export const DEFAULT_MAX_TOTAL_BYTES = 64 * 1024 * 1024;
/** geth's default queue depth per account (AccountQueue = 64). */
export const DEFAULT_MAX_NONCE_GAP = 64;
/** geth's PriceBump. */
export const DEFAULT_PRICE_BUMP_PERCENT = 10;

function count(name: string, value: number, min: number): number {
  if (!Number.isSafeInteger(value) || value < min) {
    throw new MempoolError(MempoolErrorCode.InvalidOption, `mempool option ${name} must be an integer >= ${min}`, {
      [name]: value,
    });
  }
  return value;
}

function amount(name: string, value: bigint): bigint {
  if (value < 0n) {
    throw new MempoolError(MempoolErrorCode.InvalidOption, `mempool option ${name} must not be negative`, {
      [name]: value,
    });
  }
  return value;
}

/** Fill defaults and validate. */
export function resolveMempoolOptions(o: MempoolOptions): ResolvedMempoolOptions {
  return {
    chainId: amount("chainId", o.chainId),
    minGasPrice: amount("minGasPrice", o.minGasPrice),
    blockGasLimit: amount("blockGasLimit", o.blockGasLimit),
    maxTxBytes: count("maxTxBytes", o.maxTxBytes ?? DEFAULT_MAX_TX_BYTES, 1),
    maxPerSender: count("maxPerSender", o.maxPerSender ?? DEFAULT_MAX_PER_SENDER, 1),
    maxTotal: count("maxTotal", o.maxTotal ?? DEFAULT_MAX_TOTAL, 1),
    maxTotalBytes: count("maxTotalBytes", o.maxTotalBytes ?? DEFAULT_MAX_TOTAL_BYTES, 1),
    maxNonceGap: BigInt(count("maxNonceGap", o.maxNonceGap ?? DEFAULT_MAX_NONCE_GAP, 0)),
    priceBumpPercent: BigInt(count("priceBumpPercent", o.priceBumpPercent ?? DEFAULT_PRICE_BUMP_PERCENT, 0)),
  };
}
