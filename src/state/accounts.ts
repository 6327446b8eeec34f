import type { Address } from "../crypto/index.js";
import { bigintToFixed, bytesToBigint, CmtError } from "../lib/index.js";
import { accountKey } from "./keys.js";

/** An account's consensus state. */
export interface Account {
  nonce: bigint;
  balance: bigint;
}

/** Version 1 encoding: nonce u64 ‖ balance u256, big-endian (40 bytes). */
export function encodeAccount(a: Account): Uint8Array {
  const out = new Uint8Array(40);
  out.set(bigintToFixed(a.nonce, 8), 0);
  out.set(bigintToFixed(a.balance, 32), 8);
  return out;
}

/** Decode an account record. */
export function decodeAccount(b: Uint8Array): Account {
  if (b.length !== 40) throw new CmtError("STATE_CORRUPT", `account record has ${b.length} bytes`);
  return { nonce: bytesToBigint(b.subarray(0, 8)), balance: bytesToBigint(b.subarray(8)) };
}

/** Minimal key-value surface accounts live on (StateDB or committed store). */
export interface KvRead {
  get(key: Uint8Array): Uint8Array | undefined;
}
export interface KvWrite extends KvRead {
  set(key: Uint8Array, value: Uint8Array): void;
  delete(key: Uint8Array): void;
}

/** Read an account (absent = nonce 0, balance 0). */
export function getAccount(kv: KvRead, address: Address): Account {
  const v = kv.get(accountKey(address));
  return v ? decodeAccount(v) : { nonce: 0n, balance: 0n };
}

/** Write an account; an empty account (nonce 0, balance 0) is deleted, as in Ethereum (EIP-161). */
export function putAccount(kv: KvWrite, address: Address, a: Account): void {
  if (a.nonce === 0n && a.balance === 0n) kv.delete(accountKey(address));
  else kv.set(accountKey(address), encodeAccount(a));
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
