import { type Address, privateKeyToAddress } from "../crypto/index.js";
import { fromHex } from "../lib/index.js";
import { type SignedTx, signTx, type TxType } from "../types/index.js";
import type { AccountView } from "./interface.js";
import type { MempoolOptions } from "./options.js";
import { Mempool } from "./pool.js";
import { RecoveryPool } from "./recovery/recovery-pool.js";

/** Test chain id. */
export const TEST_CHAIN_ID = 18n;
/** 1 gwei: the test pool's minimum gas price and base fee. */
export const GWEI = 1_000_000_000n;
/** One CMT in wei. */
export const CMT = 10n ** 18n;

/** Fixed private keys for tests (never use outside tests). */
export const KEYS = {
  alice: fromHex("0x4c0883a69102937d6231471b5dbb6204fe5129617082792ae468d01a3f362318"),
  bob: fromHex("0x8da4ef21b864d2cc526dbdb2a120bd2874c36c9d0a1fb7f8c63d7f7a8b41de8f"),
  carol: fromHex("0xc87509a1c067bbde78beb793e6fa76530b6382a4c0241e5e4a9ec0a0f44dc0d3"),
  dave: fromHex("0xae6ae8e5ccbfb04590405997ee2d52d2b330726137b875053c36d94e974d162f"),
} as const;

/** The n-th bulk test key: the scalar n + 1, a valid secp256k1 private key. */
export function bulkKey(n: number): Uint8Array {
  return fromHex(`0x${(n + 1).toString(16).padStart(64, "0")}`);
}

/** Address of a test key. */
export function addressOf(key: Uint8Array): Address {
  return privateKeyToAddress(key);
}

/** Where test transfers go. */
export const RECIPIENT: Address = "0x00000000000000000000000000000000000000aa";

/** Fields of a test transaction; fees default to a 1-gwei tip over a 1-gwei base fee. */
export interface TestTxFields {
  nonce?: bigint;
  type?: TxType;
  chainId?: bigint;
  maxFeePerGas?: bigint;
  maxPriorityFeePerGas?: bigint;
  gasLimit?: bigint;
  to?: Address | null;
  value?: bigint;
  data?: Uint8Array;
}

/** Sign a test transaction; legacy ones use maxFeePerGas as their gas price. */
export function makeTx(key: Uint8Array, f: TestTxFields = {}): SignedTx {
  const type = f.type ?? 2;
  const maxFeePerGas = f.maxFeePerGas ?? 2n * GWEI;
  return signTx(
    {
      type,
      chainId: f.chainId ?? TEST_CHAIN_ID,
      nonce: f.nonce ?? 0n,
      maxFeePerGas,
      maxPriorityFeePerGas: type === 0 ? maxFeePerGas : (f.maxPriorityFeePerGas ?? GWEI),
      gasLimit: f.gasLimit ?? 21_000n,
      to: f.to === undefined ? RECIPIENT : f.to,
      value: f.value ?? 1n,
      data: f.data ?? new Uint8Array(0),
      accessList: [],
    },
    key,
  );
}

/** An in-memory AccountView for tests. */
export class MemoryAccounts implements AccountView {
  readonly nonces = new Map<Address, bigint>();
  readonly balances = new Map<Address, bigint>();

  getNonce(address: Address): bigint {
    return this.nonces.get(address) ?? 0n;
  }

  getBalance(address: Address): bigint {
    return this.balances.get(address) ?? 0n;
  }

  /** Set an account's nonce and balance. */
  set(address: Address, nonce: bigint, balance: bigint): void {
    this.nonces.set(address, nonce);
    this.balances.set(address, balance);
  }
}

/** The test pool's base options: chain 18, 1 gwei floor, 30 M gas blocks. */
export const TEST_OPTIONS = {
  chainId: TEST_CHAIN_ID,
  minGasPrice: GWEI,
  blockGasLimit: 30_000_000n,
} as const;

/** A pool over in-memory accounts with in-thread sender recovery. */
export function makePool(options: Partial<MempoolOptions> = {}): { pool: Mempool; accounts: MemoryAccounts } {
  const accounts = new MemoryAccounts();
  const pool = new Mempool({ ...TEST_OPTIONS, ...options }, { accounts, recovery: new RecoveryPool({ threads: 0 }) });
  return { pool, accounts };
}
