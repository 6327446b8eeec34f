import type { Address } from "../../crypto/index.js";
import type { KvWrite, ModuleStore } from "../../state/index.js";
import { ModuleAddress } from "../addresses.js";
import type { StakingBank, StakingHooks } from "./deps.js";
import { invalidAmount, noDelegation } from "./errors.js";
import { readShares, type Validator, writeShares, writeValidator } from "./state.js";

/** What staking's bookkeeping runs on: its store, the whole state for the bank, and its deps. */
export interface Sk {
  store: ModuleStore;
  kv: KvWrite;
  bank: StakingBank;
  hooks: StakingHooks;
}

/** CMT a delegation of `shares` is worth (rounded down). */
export function sharesValue(v: Validator, shares: bigint): bigint {
  return v.shares === 0n ? 0n : (shares * v.tokens) / v.shares;
}

/** Settle the delegation's rewards, then set its shares. Returns the rewards paid. */
function setShares(sk: Sk, v: Validator, delegator: Address, before: bigint, after: bigint): bigint {
  const paid = sk.hooks.beforeSharesChange(sk.kv, v.operator, delegator, before);
  writeShares(sk.store, v.operator, delegator, after);
  return paid;
}

/**
 * Bond `amount` (already held by the staking account) to `v` for `delegator`: new shares at the
 * validator's exchange rate, rounded down (1 share per wei for a validator without shares).
 */
export function bond(sk: Sk, v: Validator, delegator: Address, amount: bigint): { shares: bigint; rewards: bigint } {
  if (amount <= 0n) throw invalidAmount("amount must be positive");
  if (v.shares > 0n && v.tokens === 0n) throw invalidAmount("validator has no stake left to delegate to");
  const shares = v.shares === 0n ? amount : (amount * v.shares) / v.tokens;
  if (shares === 0n) throw invalidAmount("amount is too small for one share");
  const before = readShares(sk.store, v.operator, delegator);
  const rewards = setShares(sk, v, delegator, before, before + shares);
  v.tokens += amount;
  v.shares += shares;
  writeValidator(sk.store, v);
  return { shares, rewards };
}

/**
 * Take `amount` of `delegator`'s stake out of `v`: the shares removed are rounded up (the rest
 * of the delegators keep the rounding); asking for the delegation's whole value removes all its
 * shares (and the last delegator takes the validator's remaining tokens).
 */
export function unbond(
  sk: Sk,
  v: Validator,
  delegator: Address,
  amount: bigint,
): { tokens: bigint; remaining: bigint; rewards: bigint } {
  if (amount <= 0n) throw invalidAmount("amount must be positive");
  const held = readShares(sk.store, v.operator, delegator);
  if (held === 0n) throw noDelegation();
  const value = sharesValue(v, held);
  if (amount > value) throw invalidAmount(`amount exceeds the delegation (${value} wei)`);
  const all = amount === value;
  const removed = all ? held : (amount * v.shares + v.tokens - 1n) / v.tokens;
  const tokens = all && held === v.shares ? v.tokens : amount;
  const rewards = setShares(sk, v, delegator, held, held - removed);
  v.tokens -= tokens;
  v.shares -= removed;
  writeValidator(sk.store, v);
  return { tokens, remaining: sharesValue(v, held - removed), rewards };
}

/** Remove exactly `shares` of `delegator` from `v` (slashing a redelegation); returns their tokens. */
export function removeShares(sk: Sk, v: Validator, delegator: Address, shares: bigint): bigint {
  const held = readShares(sk.store, v.operator, delegator);
  const n = shares > held ? held : shares;
  if (n === 0n) return 0n;
  const tokens = n === v.shares ? v.tokens : sharesValue(v, n);
  setShares(sk, v, delegator, held, held - n);
  v.tokens -= tokens;
  v.shares -= n;
  writeValidator(sk.store, v);
  return tokens;
}

/** Slashed CMT leaves the staking account for the reserve (supply unchanged; governance spends it). */
export function toReserve(sk: Sk, amount: bigint): void {
  if (amount > 0n) sk.bank.send(sk.kv, ModuleAddress.staking, ModuleAddress.reserve, amount);
}
