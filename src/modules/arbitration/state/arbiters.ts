import type { Address } from "../../../crypto/index.js";
import { concatBytes, fromHex, utf8 } from "../../../lib/index.js";
import type { ModuleStore } from "../../../state/index.js";
import { rlpEncode } from "../../../types/index.js";
import { addr, decodeRecord, enc, str, strList, uint } from "./codec.js";

/** A registered arbiter's standing (numbers are part of the protocol: never renumber). */
export const ArbiterStatus = {
  /** Can bid and be assigned. */
  Active: 0,
  /** Asked to withdraw its bond: can no longer bid or be assigned; waits out the cooling period. */
  Withdrawing: 1,
} as const;
export type ArbiterStatus = (typeof ArbiterStatus)[keyof typeof ArbiterStatus];

/** An arbiter's registration: its bond and profile. */
export interface Arbiter {
  address: Address;
  bond: bigint;
  status: ArbiterStatus;
  /** Block time from which `withdrawBond` is allowed (0 while Active). */
  withdrawableAt: bigint;
  /** Cases assigned to it and not yet ruled (or reopened after a missed deadline). */
  openCases: bigint;
  categories: string[];
  languages: string[];
  contact: string;
  registeredAt: bigint;
}

/** An arbiter's record, kept after it withdraws (re-registering keeps it). */
export interface ArbiterStats {
  /** Cases it was assigned. */
  cases: bigint;
  /** Cases it ruled before its deadline. */
  rulings: bigint;
  /** Ruling deadlines it missed. */
  missed: bigint;
}

const ARBITER = utf8("a/");
const STATS = utf8("s/");

const arbiterKey = (a: Address) => concatBytes(ARBITER, fromHex(a));
const statsKey = (a: Address) => concatBytes(STATS, fromHex(a));

/** Read a registration, or null. */
export function readArbiter(store: ModuleStore, a: Address): Arbiter | null {
  const v = store.get(arbiterKey(a));
  if (!v) return null;
  const f = decodeRecord(v, 9, "arbiter");
  return {
    address: a,
    bond: uint(f[1], "bond"),
    status: Number(uint(f[2], "status")) as ArbiterStatus,
    withdrawableAt: uint(f[3], "withdrawableAt"),
    openCases: uint(f[4], "openCases"),
    categories: strList(f[5], "categories"),
    languages: strList(f[6], "languages"),
    contact: str(f[7], "contact"),
    registeredAt: uint(f[8], "registeredAt"),
  };
}

export function writeArbiter(store: ModuleStore, a: Arbiter): void {
  store.set(
    arbiterKey(a.address),
    rlpEncode([
      1,
      a.bond,
      a.status,
      a.withdrawableAt,
      a.openCases,
      a.categories.map(enc),
      a.languages.map(enc),
      enc(a.contact),
      a.registeredAt,
    ]),
  );
}

export function deleteArbiter(store: ModuleStore, a: Address): void {
  store.delete(arbiterKey(a));
}

/** Every registration in address order from `from`, at most `limit`. */
export function arbiterAddresses(store: ModuleStore, from: Address, limit: number): Address[] {
  const out: Address[] = [];
  const start = fromHex(from);
  for (const { key } of store.range(ARBITER)) {
    if (out.length >= limit) break;
    const a = key.subarray(ARBITER.length);
    if (Buffer.compare(a, start) >= 0) out.push(addr(a, "arbiter"));
  }
  return out;
}

/** Every registration (for invariants and tests). */
export function* allArbiters(store: ModuleStore): Generator<Arbiter> {
  for (const { key } of store.range(ARBITER)) {
    const a = readArbiter(store, addr(key.subarray(ARBITER.length), "arbiter"));
    if (a) yield a;
  }
}

export function readStats(store: ModuleStore, a: Address): ArbiterStats {
  const v = store.get(statsKey(a));
  if (!v) return { cases: 0n, rulings: 0n, missed: 0n };
  const f = decodeRecord(v, 4, "arbiter stats");
  return { cases: uint(f[1], "cases"), rulings: uint(f[2], "rulings"), missed: uint(f[3], "missed") };
}

/** Add to an arbiter's record. */
export function bumpStats(store: ModuleStore, a: Address, add: Partial<ArbiterStats>): void {
  const s = readStats(store, a);
  store.set(
    statsKey(a),
    rlpEncode([1, s.cases + (add.cases ?? 0n), s.rulings + (add.rulings ?? 0n), s.missed + (add.missed ?? 0n)]),
  );
}

/** CMT the module must hold: the sum of every registered arbiter's bond. */
export function totalBonds(store: ModuleStore): bigint {
  let sum = 0n;
  for (const a of allArbiters(store)) sum += a.bond;
  return sum;
}
