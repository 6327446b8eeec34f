import { type Address, addressFromBytes } from "../../crypto/index.js";
import { concatBytes, fromHex, toHex } from "../../lib/index.js";
import type { ModuleStore } from "../../state/index.js";
import { readU64, u64Key } from "../../store/codec.js";
import { expectBytes, expectList, expectUint, type RlpItem, rlpDecode, rlpEncode } from "../../types/index.js";

/** Lifecycle of an escrow (numbers are part of the protocol: never renumber, only append). */
export const EscrowState = {
  /** Opened by the payer; waiting for the payee's deposit. */
  Open: 0,
  /** Both deposits posted; waiting for shipping or delivery. */
  Funded: 1,
  /** Delivery confirmed; the inspection window is running. */
  Delivered: 2,
  Released: 3,
  Refunded: 4,
  Cancelled: 5,
  Declined: 6,
  /** Handed to the arbitrator; waiting for its ruling. */
  Disputed: 7,
  /** Paid out per an arbiter's ruling. */
  Resolved: 8,
  /** The payee never funded before `fundBy`; the payer was refunded. */
  Expired: 9,
  /** The payee marked the goods shipped (tracking hash recorded). */
  Shipped: 10,
  /** The payee funded but never shipped before `shipBy`: the payer got everything back. */
  Lapsed: 11,
  /** Arbitration found no arbiter: payment and deposits returned as paid. */
  Abandoned: 12,
} as const;
export type EscrowState = (typeof EscrowState)[keyof typeof EscrowState];

/** Lower-case name of a state, for revert reasons. */
export function stateName(s: EscrowState): string {
  return (
    (Object.keys(EscrowState) as Array<keyof typeof EscrowState>).find((k) => EscrowState[k] === s)?.toLowerCase() ??
    "unknown"
  );
}

const LIVE: readonly EscrowState[] = [
  EscrowState.Open,
  EscrowState.Funded,
  EscrowState.Shipped,
  EscrowState.Delivered,
  EscrowState.Disputed,
];

/** True once the escrow has paid everything out (no call can move it any more). */
export function isFinal(s: EscrowState): boolean {
  return !LIVE.includes(s);
}

export const ZERO_HASH = `0x${"00".repeat(32)}` as const;

/** One escrow: its terms and where it stands. */
export interface Escrow {
  id: bigint;
  payer: Address;
  payee: Address;
  amount: bigint;
  /** Each party's deposit (equal, white paper: "an equal amount of CMT as a deposit"). */
  deposit: bigint;
  inspectionWindowMs: bigint;
  /** Block time (ms) by which the payee must post its deposit. */
  fundBy: bigint;
  /** Time the payee has to ship once funded (ms); 0 = no shipping step, no shipping deadline. */
  shipWindowMs: bigint;
  /** Block time by which the payee must ship; 0 until funded (or when shipWindowMs is 0). */
  shipBy: bigint;
  carriers: Address[];
  state: EscrowState;
  openedAt: bigint;
  /** Block time the inspection window ends; 0 before delivery is confirmed. */
  inspectionEnds: bigint;
  /** Tracking hash the payee gave when shipping; zero hash before. */
  trackingHash: `0x${string}`;
  /** Module that opened the escrow for its users and alone may move it ("" = opened by an EOA). */
  controller: string;
  /** Arbitration case id once disputed; 0 before. */
  caseId: bigint;
  /** Marketplace category, for arbiters' specialisation ("" when none). */
  category: string;
}

const enc = new TextEncoder();
const dec = new TextDecoder();
const ESCROW = enc.encode("e/");
const PARTY = enc.encode("p/");
const NEXT_ID = enc.encode("next");
/** Encoding version of an escrow record (2: shipping step, controller, case id, category). */
const V2 = 2;
const FIELDS = 17;

function escrowKey(id: bigint): Uint8Array {
  return concatBytes(ESCROW, u64Key(id));
}

/** Read an escrow, or null when the id is unknown. */
export function readEscrow(store: ModuleStore, id: bigint): Escrow | null {
  if (id >= 1n << 64n) return null;
  const v = store.get(escrowKey(id));
  if (!v) return null;
  const f = expectList(rlpDecode(v), FIELDS, "escrow");
  if (expectUint(f[0], "version") !== BigInt(V2)) throw new Error("escrow: unknown escrow encoding");
  const addr = (item: RlpItem | undefined, what: string) => addressFromBytes(expectBytes(item, what));
  const carriers = f[9];
  if (!Array.isArray(carriers)) throw new Error("escrow: carriers must be a list");
  const tracking = expectBytes(f[13], "trackingHash");
  return {
    id,
    payer: addr(f[1], "payer"),
    payee: addr(f[2], "payee"),
    amount: expectUint(f[3], "amount"),
    deposit: expectUint(f[4], "deposit"),
    inspectionWindowMs: expectUint(f[5], "inspectionWindowMs"),
    fundBy: expectUint(f[6], "fundBy"),
    shipWindowMs: expectUint(f[7], "shipWindowMs"),
    shipBy: expectUint(f[8], "shipBy"),
    carriers: carriers.map((c) => addr(c, "carrier")),
    state: Number(expectUint(f[10], "state")) as EscrowState,
    openedAt: expectUint(f[11], "openedAt"),
    inspectionEnds: expectUint(f[12], "inspectionEnds"),
    trackingHash: tracking.length === 0 ? ZERO_HASH : (toHex(tracking) as `0x${string}`),
    controller: dec.decode(expectBytes(f[14], "controller")),
    caseId: expectUint(f[15], "caseId"),
    category: dec.decode(expectBytes(f[16], "category")),
  };
}

/** Write an escrow. */
export function writeEscrow(store: ModuleStore, e: Escrow): void {
  store.set(
    escrowKey(e.id),
    rlpEncode([
      V2,
      fromHex(e.payer),
      fromHex(e.payee),
      e.amount,
      e.deposit,
      e.inspectionWindowMs,
      e.fundBy,
      e.shipWindowMs,
      e.shipBy,
      e.carriers.map((c) => fromHex(c)),
      e.state,
      e.openedAt,
      e.inspectionEnds,
      e.trackingHash === ZERO_HASH ? new Uint8Array(0) : fromHex(e.trackingHash),
      enc.encode(e.controller),
      e.caseId,
      enc.encode(e.category),
    ]),
  );
}

/** The id the next escrow will get (ids start at 1). */
export function nextId(store: ModuleStore): bigint {
  const v = store.get(NEXT_ID);
  return v ? readU64(v) : 1n;
}

/** Take the next id. */
export function takeId(store: ModuleStore): bigint {
  const id = nextId(store);
  store.set(NEXT_ID, u64Key(id + 1n));
  return id;
}

function partyPrefix(party: Address): Uint8Array {
  return concatBytes(PARTY, fromHex(party));
}

/** Index an escrow under one of its parties. */
export function indexParty(store: ModuleStore, party: Address, id: bigint): void {
  store.set(concatBytes(partyPrefix(party), u64Key(id)), Uint8Array.of(1));
}

/** Ids of the escrows `party` is payer or payee of, ascending from `fromId`, at most `limit`. */
export function escrowIdsOf(store: ModuleStore, party: Address, fromId: bigint, limit: number): bigint[] {
  const prefix = partyPrefix(party);
  const out: bigint[] = [];
  for (const { key } of store.range(prefix)) {
    if (out.length >= limit) break;
    const id = readU64(key, prefix.length);
    if (id >= fromId) out.push(id);
  }
  return out;
}

/** Every escrow, in id order. */
export function* allEscrows(store: ModuleStore): Generator<Escrow> {
  for (const { key } of store.range(ESCROW)) {
    const e = readEscrow(store, readU64(key, ESCROW.length));
    if (e) yield e;
  }
}

/** CMT the module holds for an escrow in state `e.state`. */
export function heldFor(e: Escrow): bigint {
  switch (e.state) {
    case EscrowState.Open:
      return e.amount + e.deposit;
    case EscrowState.Funded:
    case EscrowState.Shipped:
    case EscrowState.Delivered:
    case EscrowState.Disputed:
      return e.amount + 2n * e.deposit;
    default:
      return 0n;
  }
}
