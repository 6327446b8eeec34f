import type { Address } from "../crypto/index.js";
import { bytesToBigint, CmtError } from "../lib/index.js";
import { accountKey } from "./keys.js";

/** An account's consensus state. */
export interface Account {
  nonce: bigint;
  balance: bigint;
}

/** Bytes of an account record (`encodeAccount`). */
export const ACCOUNT_RECORD_BYTES = 40;

/** Nonce 0 and balance 0: the account has no record (EIP-161). */
export function isEmptyAccount(a: Account): boolean {
  return a.nonce === 0n && a.balance === 0n;
}

const U64 = 1n << 64n;
const U256 = 1n << 256n;

/** Throws RangeError unless the account fits its record (nonce u64, balance u256). */
function checkAccountRange(a: Account): void {
  if (a.nonce < 0n || a.nonce >= U64) throw new RangeError("nonce does not fit in 8 bytes");
  if (a.balance < 0n || a.balance >= U256) throw new RangeError("balance does not fit in 32 bytes");
}

/** Version 1 encoding: nonce u64 ‖ balance u256, big-endian (40 bytes). */
export function encodeAccount(a: Account): Uint8Array {
  checkAccountRange(a);
  const out = new Uint8Array(ACCOUNT_RECORD_BYTES);
  const view = new DataView(out.buffer);
  view.setBigUint64(0, a.nonce);
  let v = a.balance;
  for (let o = 32; o >= 8 && v > 0n; o -= 8) {
    view.setBigUint64(o, BigInt.asUintN(64, v));
    v >>= 64n;
  }
  return out;
}

/** Decode an account record. */
export function decodeAccount(b: Uint8Array): Account {
  if (b.length !== ACCOUNT_RECORD_BYTES) throw new CmtError("STATE_CORRUPT", `account record has ${b.length} bytes`);
  return { nonce: bytesToBigint(b.subarray(0, 8)), balance: bytesToBigint(b.subarray(8)) };
}

/** The account every address has until something is written to it. */
export const EMPTY_ACCOUNT: Account = Object.freeze({ nonce: 0n, balance: 0n });

/** Minimal key-value surface accounts live on (StateDB or committed store). */
export interface KvRead {
  get(key: Uint8Array): Uint8Array | undefined;
  /**
   * A write cache's own path (StateDB): the account by lowercase address, decoded once and kept,
   * since a block reads its senders and the fee collector many times over.
   */
  readAccount?(address: Address): Account;
}
export interface KvWrite extends KvRead {
  set(key: Uint8Array, value: Uint8Array): void;
  delete(key: Uint8Array): void;
  /** A write cache's own path (StateDB): the account by lowercase address, encoded at commit. */
  writeAccount?(address: Address, account: Account): void;
}

/** Read an account (absent = nonce 0, balance 0). */
export function getAccount(kv: KvRead, address: Address): Account {
  // Module arguments come checksummed (viem), the rest lowercase: one entry per account.
  if (kv.readAccount) return kv.readAccount(address.toLowerCase() as Address);
  const v = kv.get(accountKey(address));
  return v ? decodeAccount(v) : { nonce: 0n, balance: 0n };
}

/** Write an account; an empty account (nonce 0, balance 0) is deleted, as in Ethereum (EIP-161). */
export function putAccount(kv: KvWrite, address: Address, a: Account): void {
  if (kv.writeAccount) {
    checkAccountRange(a);
    kv.writeAccount(address.toLowerCase() as Address, a);
    return;
  }
  const key = accountKey(address);
  if (isEmptyAccount(a)) kv.delete(key);
  else kv.set(key, encodeAccount(a));
}

/** Balance too low for a debit. */
export class InsufficientBalanceError extends CmtError<"INSUFFICIENT_BALANCE"> {
  constructor(address: Address, have: bigint, want: bigint) {
    super("INSUFFICIENT_BALANCE", "insufficient balance for transfer", { address, have, want });
  }
}

/** Move `amount` wei between accounts; throws InsufficientBalanceError. */
export function transfer(kv: KvWrite, from: Address, to: Address, amount: bigint): void {
  if (amount < 0n) throw new RangeError("negative transfer");
  if (amount === 0n) return;
  const a = getAccount(kv, from);
  if (a.balance < amount) throw new InsufficientBalanceError(from, a.balance, amount);
  putAccount(kv, from, { nonce: a.nonce, balance: a.balance - amount });
  const b = getAccount(kv, to);
  putAccount(kv, to, { nonce: b.nonce, balance: b.balance + amount });
}
