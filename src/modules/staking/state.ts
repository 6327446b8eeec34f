import { type Address, addressFromBytes } from "../../crypto/index.js";
import { concatBytes, fromHex } from "../../lib/index.js";
import type { ModuleStore } from "../../state/index.js";
import { readU64, u64Key } from "../../store/codec.js";
import { addrField, decodeRecord, encodeRecord } from "../record-codec.js";

/** A validator's status (numbers are part of the protocol: never renumber). */
export const ValidatorStatus = {
  /** A candidate for the active set. */
  Active: 0,
  /** Deactivated by its operator; `activate` makes it a candidate again. */
  Inactive: 1,
  /** Jailed for downtime until `jailedUntil`, then `unjail`. */
  Jailed: 2,
  /** Removed for good after double signing. */
  Tombstoned: 3,
} as const;
export type ValidatorStatus = (typeof ValidatorStatus)[keyof typeof ValidatorStatus];

/** Lower-case name of a status, for revert reasons. */
export const statusName = (s: ValidatorStatus): string =>
  ["active", "inactive", "jailed", "tombstoned"][s] ?? "unknown";

/** A validator, keyed by its operator (the account that declared it). */
export interface Validator {
  operator: Address;
  /** 33-byte compressed secp256k1 consensus key. */
  pubkey: Uint8Array;
  /** Ethereum address of `pubkey`: the address that signs votes and appears in lastCommit. */
  consensus: Address;
  status: ValidatorStatus;
  /** Bonded CMT (wei) of all its delegations, self-stake included. */
  tokens: bigint;
  /** Delegator shares issued; a delegation is worth shares × tokens / shares. */
  shares: bigint;
  commissionBps: bigint;
  maxCommissionBps: bigint;
  maxChangeBps: bigint;
  /** Block time of the last commission change (declaration counts). */
  commissionUpdatedAt: bigint;
  name: string;
  website: string;
  location: string;
  contact: string;
  /** Block time from which `unjail` is accepted (Jailed only). */
  jailedUntil: bigint;
}

/** CMT leaving a validator, paid out when `completionTime` is reached. */
export interface Unbonding {
  id: bigint;
  delegator: Address;
  validator: Address;
  creationHeight: bigint;
  completionTime: bigint;
  initialBalance: bigint;
  /** What will be paid out (the initial balance less slashes). */
  balance: bigint;
}

/** Stake moved from `src` to `dst`, still answerable for `src`'s offences until `completionTime`. */
export interface Redelegation {
  id: bigint;
  delegator: Address;
  src: Address;
  dst: Address;
  creationHeight: bigint;
  completionTime: bigint;
  initialBalance: bigint;
  /** Shares of `dst` the move created. */
  sharesDst: bigint;
}

/** Downtime bookkeeping of one consensus address. */
export interface SigningInfo {
  /** Blocks counted in the current window run (reset when jailed). */
  counted: bigint;
  missed: bigint;
}

const enc = new TextEncoder();
export const Keys = {
  params: enc.encode("p"),
  validator: enc.encode("v/"),
  consensus: enc.encode("c/"),
  delegation: enc.encode("d/"),
  byDelegator: enc.encode("D/"),
  unbonding: enc.encode("u/"),
  unbondingByDelegator: enc.encode("U/"),
  unbondingByValidator: enc.encode("w/"),
  redelegation: enc.encode("r/"),
  redelegationByDelegator: enc.encode("R/"),
  redelegationBySource: enc.encode("x/"),
  nextId: enc.encode("n"),
  signing: enc.encode("s/"),
  missed: enc.encode("m/"),
  validatorSet: enc.encode("h/"),
} as const;

const a = (x: Address) => fromHex(x);

export function readValidator(store: ModuleStore, operator: Address): Validator | null {
  const v = store.get(concatBytes(Keys.validator, a(operator)));
  if (!v) return null;
  const r = decodeRecord(v, 14, "validator");
  return {
    operator,
    pubkey: r.bytes(),
    consensus: r.address(),
    status: Number(r.uint()) as ValidatorStatus,
    tokens: r.uint(),
    shares: r.uint(),
    commissionBps: r.uint(),
    maxCommissionBps: r.uint(),
    maxChangeBps: r.uint(),
    commissionUpdatedAt: r.uint(),
    name: r.string(),
    website: r.string(),
    location: r.string(),
    contact: r.string(),
    jailedUntil: r.uint(),
  };
}

export function writeValidator(store: ModuleStore, v: Validator): void {
  store.set(
    concatBytes(Keys.validator, a(v.operator)),
    encodeRecord([
      v.pubkey,
      addrField(v.consensus),
      BigInt(v.status),
      v.tokens,
      v.shares,
      v.commissionBps,
      v.maxCommissionBps,
      v.maxChangeBps,
      v.commissionUpdatedAt,
      v.name,
      v.website,
      v.location,
      v.contact,
      v.jailedUntil,
    ]),
  );
  store.set(concatBytes(Keys.consensus, a(v.consensus)), a(v.operator));
}

/** Operator of the validator signing with consensus address `cons`, or null. */
export function operatorOf(store: ModuleStore, cons: Address): Address | null {
  const v = store.get(concatBytes(Keys.consensus, a(cons)));
  return v ? addressFromBytes(v) : null;
}

/** Every validator, in operator order. */
export function* allValidators(store: ModuleStore): Generator<Validator> {
  for (const { key } of store.range(Keys.validator)) {
    const v = readValidator(store, addressFromBytes(key.subarray(Keys.validator.length)));
    if (v) yield v;
  }
}

/** Shares `delegator` holds in `validator` (0 when none). */
export function readShares(store: ModuleStore, validator: Address, delegator: Address): bigint {
  const v = store.get(concatBytes(Keys.delegation, a(validator), a(delegator)));
  return v ? decodeRecord(v, 1, "delegation").uint() : 0n;
}

/** Set a delegation's shares; 0 removes it. */
export function writeShares(store: ModuleStore, validator: Address, delegator: Address, shares: bigint): void {
  const key = concatBytes(Keys.delegation, a(validator), a(delegator));
  const index = concatBytes(Keys.byDelegator, a(delegator), a(validator));
  if (shares === 0n) {
    store.delete(key);
    store.delete(index);
  } else {
    store.set(key, encodeRecord([shares]));
    store.set(index, Uint8Array.of(1));
  }
}

/** Validators `delegator` has shares in, in operator order. */
export function delegationsOf(store: ModuleStore, delegator: Address): Address[] {
  const prefix = concatBytes(Keys.byDelegator, a(delegator));
  return [...store.range(prefix)].map(({ key }) => addressFromBytes(key.subarray(prefix.length)));
}

/** Take the next unbonding/redelegation id (ids start at 1). */
export function takeId(store: ModuleStore): bigint {
  const v = store.get(Keys.nextId);
  const id = v ? readU64(v) : 1n;
  store.set(Keys.nextId, u64Key(id + 1n));
  return id;
}

export function readUnbonding(store: ModuleStore, id: bigint): Unbonding | null {
  const v = store.get(concatBytes(Keys.unbonding, u64Key(id)));
  if (!v) return null;
  const r = decodeRecord(v, 6, "unbonding");
  return {
    id,
    delegator: r.address(),
    validator: r.address(),
    creationHeight: r.uint(),
    completionTime: r.uint(),
    initialBalance: r.uint(),
    balance: r.uint(),
  };
}

export function writeUnbonding(store: ModuleStore, u: Unbonding): void {
  const id = u64Key(u.id);
  store.set(
    concatBytes(Keys.unbonding, id),
    encodeRecord([
      addrField(u.delegator),
      addrField(u.validator),
      u.creationHeight,
      u.completionTime,
      u.initialBalance,
      u.balance,
    ]),
  );
  store.set(concatBytes(Keys.unbondingByDelegator, a(u.delegator), id), Uint8Array.of(1));
  store.set(concatBytes(Keys.unbondingByValidator, a(u.validator), id), Uint8Array.of(1));
}

export function deleteUnbonding(store: ModuleStore, u: Unbonding): void {
  const id = u64Key(u.id);
  store.delete(concatBytes(Keys.unbonding, id));
  store.delete(concatBytes(Keys.unbondingByDelegator, a(u.delegator), id));
  store.delete(concatBytes(Keys.unbondingByValidator, a(u.validator), id));
}

/** Ids under `prefix ‖ address` (an index), ascending. */
function idsUnder(store: ModuleStore, prefix: Uint8Array): bigint[] {
  return [...store.range(prefix)].map(({ key }) => readU64(key, key.length - 8));
}

export const unbondingsOf = (store: ModuleStore, delegator: Address) =>
  idsUnder(store, concatBytes(Keys.unbondingByDelegator, a(delegator)));
export const unbondingsFrom = (store: ModuleStore, validator: Address) =>
  idsUnder(store, concatBytes(Keys.unbondingByValidator, a(validator)));

export function readRedelegation(store: ModuleStore, id: bigint): Redelegation | null {
  const v = store.get(concatBytes(Keys.redelegation, u64Key(id)));
  if (!v) return null;
  const r = decodeRecord(v, 7, "redelegation");
  return {
    id,
    delegator: r.address(),
    src: r.address(),
    dst: r.address(),
    creationHeight: r.uint(),
    completionTime: r.uint(),
    initialBalance: r.uint(),
    sharesDst: r.uint(),
  };
}

export function writeRedelegation(store: ModuleStore, d: Redelegation): void {
  const id = u64Key(d.id);
  store.set(
    concatBytes(Keys.redelegation, id),
    encodeRecord([
      addrField(d.delegator),
      addrField(d.src),
      addrField(d.dst),
      d.creationHeight,
      d.completionTime,
      d.initialBalance,
      d.sharesDst,
    ]),
  );
  store.set(concatBytes(Keys.redelegationByDelegator, a(d.delegator), a(d.dst), id), Uint8Array.of(1));
  store.set(concatBytes(Keys.redelegationBySource, a(d.src), id), Uint8Array.of(1));
}

export function deleteRedelegation(store: ModuleStore, d: Redelegation): void {
  const id = u64Key(d.id);
  store.delete(concatBytes(Keys.redelegation, id));
  store.delete(concatBytes(Keys.redelegationByDelegator, a(d.delegator), a(d.dst), id));
  store.delete(concatBytes(Keys.redelegationBySource, a(d.src), id));
}

/** Immature redelegations of `delegator` into `dst` (a stake that moved cannot move again until they mature). */
export const redelegationsInto = (store: ModuleStore, delegator: Address, dst: Address) =>
  idsUnder(store, concatBytes(Keys.redelegationByDelegator, a(delegator), a(dst)));
export const redelegationsFrom = (store: ModuleStore, src: Address) =>
  idsUnder(store, concatBytes(Keys.redelegationBySource, a(src)));
/** Every immature redelegation of `delegator` (any destination), ascending id. */
export function redelegationsOf(store: ModuleStore, delegator: Address): bigint[] {
  return idsUnder(store, concatBytes(Keys.redelegationByDelegator, a(delegator))).sort((x, y) =>
    x < y ? -1 : x > y ? 1 : 0,
  );
}

export function readSigning(store: ModuleStore, cons: Address): SigningInfo {
  const v = store.get(concatBytes(Keys.signing, a(cons)));
  if (!v) return { counted: 0n, missed: 0n };
  const r = decodeRecord(v, 2, "signing info");
  return { counted: r.uint(), missed: r.uint() };
}

export function writeSigning(store: ModuleStore, cons: Address, s: SigningInfo): void {
  store.set(concatBytes(Keys.signing, a(cons)), encodeRecord([s.counted, s.missed]));
}

/** The missed-block bit of slot `index` of the window. */
export const missedKey = (cons: Address, index: bigint) => concatBytes(Keys.missed, a(cons), u64Key(index));

/** Clear every missed bit of `cons`. */
export function clearMissed(store: ModuleStore, cons: Address): void {
  for (const { key } of [...store.range(concatBytes(Keys.missed, a(cons)))]) store.delete(key);
}
