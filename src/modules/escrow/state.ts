import { type Address, addressFromBytes } from "../../crypto/index.js";
import { concatBytes, fromHex } from "../../lib/index.js";
import type { ModuleStore } from "../../state/index.js";
import { readU64, u64Key } from "../../store/codec.js";
import { expectBytes, expectList, expectUint, type RlpItem, rlpDecode, rlpEncode } from "../../types/index.js";

/** Lifecycle of an escrow (numbers are part of the protocol: never renumber). */
export const EscrowState = {
  /** Opened by the payer; waiting for the payee's deposit. */
  Open: 0,
  /** Both deposits posted; waiting for delivery. */
  Funded: 1,
  /** Delivery confirmed; the inspection window is running. */
  Delivered: 2,
  Released: 3,
  Refunded: 4,
  Cancelled: 5,
  Declined: 6,
  /** Waiting for the arbitration module to call `resolve`. */
  Disputed: 7,
  Resolved: 8,
  /** The payee never funded before the delivery deadline; the payer was refunded. */
  Expired: 9,
} as const;
export type EscrowState = (typeof EscrowState)[keyof typeof EscrowState];

/** Lower-case name of a state, for revert reasons. */
export function stateName(s: EscrowState): string {
  return (
    (Object.keys(EscrowState) as Array<keyof typeof EscrowState>).find((k) => EscrowState[k] === s)?.toLowerCase() ??
    "unknown"
  );
}

/** One escrow: its terms and where it stands. */
export interface Escrow {
  id: bigint;
  payer: Address;
  payee: Address;
  amount: bigint;
  /** Each party's deposit (equal, white paper: "an equal amount of CMT as a deposit"). */
  deposit: bigint;
  inspectionWindowMs: bigint;
  deliveryDeadline: bigint;
  carriers: Address[];
  state: EscrowState;
  openedAt: bigint;
  /** Block time the inspection window ends; 0 before delivery is confirmed. */
  inspectionEnds: bigint;
}

const enc = new TextEncoder();
const ESCROW = enc.encode("e/");
const PARTY = enc.encode("p/");
const NEXT_ID = enc.encode("next");
/** Encoding version of an escrow record. */
const V1 = 1;

function escrowKey(id: bigint): Uint8Array {
  return concatBytes(ESCROW, u64Key(id));
}

/** Read an escrow, or null when the id is unknown. */
export function readEscrow(store: ModuleStore, id: bigint): Escrow | null {
  if (id >= 1n << 64n) return null;
  const v = store.get(escrowKey(id));
  if (!v) return null;
  const f = expectList(rlpDecode(v), 11, "escrow");
  if (expectUint(f[0], "version") !== BigInt(V1)) throw new Error("escrow: unknown escrow encoding");
  const addr = (item: RlpItem | undefined, what: string) => addressFromBytes(expectBytes(item, what));
  const carriers = f[7];
  if (!Array.isArray(carriers)) throw new Error("escrow: carriers must be a list");
  return {
    id,
    payer: addr(f[1], "payer"),
    payee: addr(f[2], "payee"),
    amount: expectUint(f[3], "amount"),
    deposit: expectUint(f[4], "deposit"),
    inspectionWindowMs: expectUint(f[5], "inspectionWindowMs"),
    deliveryDeadline: expectUint(f[6], "deliveryDeadline"),
    carriers: carriers.map((c) => addr(c, "carrier")),
    state: Number(expectUint(f[8], "state")) as EscrowState,
    openedAt: expectUint(f[9], "openedAt"),
    inspectionEnds: expectUint(f[10], "inspectionEnds"),
  };
}

/** Write an escrow. */
export function writeEscrow(store: ModuleStore, e: Escrow): void {
  store.set(
    escrowKey(e.id),
    rlpEncode([
      V1,
      fromHex(e.payer),
      fromHex(e.payee),
      e.amount,
      e.deposit,
      e.inspectionWindowMs,
      e.deliveryDeadline,
      e.carriers.map((c) => fromHex(c)),
      e.state,
      e.openedAt,
      e.inspectionEnds,
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
    case EscrowState.Delivered:
    case EscrowState.Disputed:
      return e.amount + 2n * e.deposit;
    default:
      return 0n;
  }
}
