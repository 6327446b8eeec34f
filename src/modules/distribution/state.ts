import type { Address } from "../../crypto/index.js";
import { bigintToFixed, bytesToBigint, concatBytes, fromHex } from "../../lib/index.js";
import { type KvWrite, MeteredKv, ModuleStore } from "../../state/index.js";
import { decodeRecord, encodeRecord } from "../record-codec.js";
import type { Issuance } from "./issuance.js";

/** Rewards per share are kept × 10^36 so that one wei spread over 10^27 shares still counts. */
export const RATIO_SCALE = 10n ** 36n;

/** A validator's reward accounts (F1: a cumulative reward per share, not a balance per delegator). */
export interface ValidatorRewards {
  /** Cumulative delegator reward per share × RATIO_SCALE. */
  ratio: bigint;
  /** Commission not yet withdrawn by the operator. */
  commission: bigint;
  /** Allocated to delegators and not yet paid (covers every pending reward; rounding dust stays). */
  outstanding: bigint;
}

/**
 * Amounts that delegators' transactions read and write (a validator's reward accounts, a
 * delegation's start ratio, the issuance state) are stored as fixed 32-byte fields, not minimal RLP integers: module
 * gas is charged per stored byte, so with minimal encodings the gas of `withdrawRewards`,
 * `delegate` and `undelegate` grew whenever a reward total crossed a byte boundary (every few
 * blocks at first), and a transaction sent with the gas `eth_estimateGas` gave a block earlier ran
 * out of gas. Reads accept both widths (a minimal integer is also big-endian bytes).
 */
const FIXED = 32;

function fixed(n: bigint): Uint8Array {
  return bigintToFixed(n, FIXED);
}

function readFixed(bytes: Uint8Array, what: string): bigint {
  if (bytes.length > FIXED) throw new Error(`${what}: amount longer than ${FIXED} bytes`);
  return bytesToBigint(bytes);
}

const enc = new TextEncoder();
const ISSUANCE = enc.encode("i");
const CARRY = enc.encode("carry");
const VALIDATOR = enc.encode("v/");
const START = enc.encode("s/");

/** Distribution's store from another module's context. */
export function distributionStore(kv: KvWrite): ModuleStore {
  if (!(kv instanceof MeteredKv)) throw new Error("distribution: needs a module context's kv");
  return new ModuleStore(kv, "distribution");
}

/** Issuance state, or null when the genesis had no distribution section (issuance off). */
export function readIssuance(store: ModuleStore): Issuance | null {
  const v = store.get(ISSUANCE);
  if (!v) return null;
  const what = "issuance";
  const r = decodeRecord(v, 6, what);
  const next = () => readFixed(r.bytes(), what);
  return {
    genesisTime: next(),
    year: next(),
    provision: next(),
    accrued: next(),
    lastTime: next(),
    rateAfterYearTenBps: next(),
  };
}

/** Fixed-width too: every delegator transaction reads it (`settle` checks that issuance is on). */
export function writeIssuance(store: ModuleStore, s: Issuance): void {
  store.set(
    ISSUANCE,
    encodeRecord([s.genesisTime, s.year, s.provision, s.accrued, s.lastTime, s.rateAfterYearTenBps].map(fixed)),
  );
}

/** Rewards not yet allocated (no signer known, rounding): added to the next block's rewards. */
export function readCarry(store: ModuleStore): bigint {
  const v = store.get(CARRY);
  return v ? decodeRecord(v, 1, "carry").uint() : 0n;
}

export function writeCarry(store: ModuleStore, amount: bigint): void {
  store.set(CARRY, encodeRecord([amount]));
}

export function readValidatorRewards(store: ModuleStore, operator: Address): ValidatorRewards {
  const v = store.get(concatBytes(VALIDATOR, fromHex(operator)));
  if (!v) return { ratio: 0n, commission: 0n, outstanding: 0n };
  return decodeValidatorRewards(v);
}

function decodeValidatorRewards(v: Uint8Array): ValidatorRewards {
  const what = "validator rewards";
  const r = decodeRecord(v, 3, what);
  return {
    ratio: readFixed(r.bytes(), what),
    commission: readFixed(r.bytes(), what),
    outstanding: readFixed(r.bytes(), what),
  };
}

export function writeValidatorRewards(store: ModuleStore, operator: Address, r: ValidatorRewards): void {
  store.set(
    concatBytes(VALIDATOR, fromHex(operator)),
    encodeRecord([fixed(r.ratio), fixed(r.commission), fixed(r.outstanding)]),
  );
}

/** The validator's ratio when the delegation last settled, or null when never. */
export function readStart(store: ModuleStore, operator: Address, delegator: Address): bigint | null {
  const v = store.get(concatBytes(START, fromHex(operator), fromHex(delegator)));
  return v ? readFixed(decodeRecord(v, 1, "delegation start").bytes(), "delegation start") : null;
}

export function writeStart(store: ModuleStore, operator: Address, delegator: Address, ratio: bigint): void {
  store.set(concatBytes(START, fromHex(operator), fromHex(delegator)), encodeRecord([fixed(ratio)]));
}

/** Every validator's reward accounts (for the invariant: module balance = carry + Σ commission + outstanding). */
export function* allValidatorRewards(store: ModuleStore): Generator<ValidatorRewards> {
  for (const { value } of store.range(VALIDATOR)) yield decodeValidatorRewards(value);
}
