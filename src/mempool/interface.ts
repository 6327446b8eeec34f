import type { Address } from "../crypto/index.js";
import type { Hex } from "../lib/index.js";
import type { SignedTx } from "../types/index.js";

/** A transaction admitted to the pool with its recovered sender. */
export interface PooledTx {
  tx: SignedTx;
  sender: Address;
  /** Order of arrival (ties in ordering are broken by it). */
  seq: number;
}

/** The committed account state the pool checks against (narrow view of the state store). */
export interface AccountView {
  getNonce(address: Address): bigint;
  getBalance(address: Address): bigint;
}

/** Recovers senders off the main thread; results are cached by transaction hash. */
export interface SenderRecovery {
  /** One address (or null for an invalid signature) per transaction, in order. */
  recover(txs: readonly SignedTx[]): Promise<Array<Address | null>>;
  /** The cached sender of a transaction hash, if recovered before. */
  cached(hash: Hex): Address | undefined;
  close(): Promise<void>;
}
