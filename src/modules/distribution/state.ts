import type { Address } from "../../crypto/index.js";
import { concatBytes, fromHex } from "../../lib/index.js";
import { type KvWrite, MeteredKv, ModuleStore } from "../../state/index.js";
import { decodeRecord, encodeRecord } from "./codec.js";
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
  const r = decodeRecord(v, 6, "issuance");
  return {
    genesisTime: r.uint(),
    year: r.uint(),
    provision: r.uint(),
    accrued: r.uint(),
    lastTime: r.uint(),
    rateAfterYearTenBps: r.uint(),
  };
}

export function writeIssuance(store: ModuleStore, s: Issuance): void {
  store.set(ISSUANCE, encodeRecord([s.genesisTime, s.year, s.provision, s.accrued, s.lastTime, s.rateAfterYearTenBps]));
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
  const r = decodeRecord(v, 3, "validator rewards");
  return { ratio: r.uint(), commission: r.uint(), outstanding: r.uint() };
}

export function writeValidatorRewards(store: ModuleStore, operator: Address, r: ValidatorRewards): void {
  store.set(concatBytes(VALIDATOR, fromHex(operator)), encodeRecord([r.ratio, r.commission, r.outstanding]));
}

/** The validator's ratio when the delegation last settled, or null when never. */
export function readStart(store: ModuleStore, operator: Address, delegator: Address): bigint | null {
  const v = store.get(concatBytes(START, fromHex(operator), fromHex(delegator)));
  return v ? decodeRecord(v, 1, "delegation start").uint() : null;
}

export function writeStart(store: ModuleStore, operator: Address, delegator: Address, ratio: bigint): void {
  store.set(concatBytes(START, fromHex(operator), fromHex(delegator)), encodeRecord([ratio]));
}

/** Every validator's reward accounts (for the invariant: module balance = carry + Σ commission + outstanding). */
export function* allValidatorRewards(store: ModuleStore): Generator<ValidatorRewards> {
  for (const { value } of store.range(VALIDATOR)) {
    const r = decodeRecord(value, 3, "validator rewards");
    yield { ratio: r.uint(), commission: r.uint(), outstanding: r.uint() };
  }
}
