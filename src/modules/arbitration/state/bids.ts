import type { Address } from "../../../crypto/index.js";
import { concatBytes, fromHex, utf8 } from "../../../lib/index.js";
import type { ModuleStore } from "../../../state/index.js";
import { readU64, u64Key } from "../../../store/codec.js";
import { rlpEncode } from "../../../types/index.js";
import { addr, decodeRecord, uint } from "./codec.js";

/** An arbiter's offer on a case in the current bidding round. */
export interface Bid {
  caseId: bigint;
  id: bigint;
  arbiter: Address;
  /** Fee asked (wei, ≤ the case's deposit). */
  fee: bigint;
  /** Time to rule, counted from assignment (ms). */
  rulingPeriodMs: bigint;
  placedAt: bigint;
}

const BID = utf8("b/");
const BIDDER = utf8("k/");

const bidPrefix = (caseId: bigint) => concatBytes(BID, u64Key(caseId));
const bidKey = (caseId: bigint, id: bigint) => concatBytes(bidPrefix(caseId), u64Key(id));
const bidderKey = (caseId: bigint, a: Address) => concatBytes(BIDDER, u64Key(caseId), fromHex(a));

export function readBid(store: ModuleStore, caseId: bigint, id: bigint): Bid | null {
  if (id < 0n || id >= 1n << 64n) return null;
  const v = store.get(bidKey(caseId, id));
  if (!v) return null;
  const f = decodeRecord(v, 5, "bid");
  return {
    caseId,
    id,
    arbiter: addr(f[1], "arbiter"),
    fee: uint(f[2], "fee"),
    rulingPeriodMs: uint(f[3], "rulingPeriodMs"),
    placedAt: uint(f[4], "placedAt"),
  };
}

export function writeBid(store: ModuleStore, b: Bid): void {
  store.set(bidKey(b.caseId, b.id), rlpEncode([1, fromHex(b.arbiter), b.fee, b.rulingPeriodMs, b.placedAt]));
  store.set(bidderKey(b.caseId, b.arbiter), u64Key(b.id));
}

/** The current round's bids on a case, in bid-id (= placement) order. */
export function bidsOf(store: ModuleStore, caseId: bigint): Bid[] {
  const prefix = bidPrefix(caseId);
  const out: Bid[] = [];
  for (const { key } of store.range(prefix)) {
    const b = readBid(store, caseId, readU64(key, prefix.length));
    if (b) out.push(b);
  }
  return out;
}

/** Whether `a` has a bid in the current round. */
export function hasBid(store: ModuleStore, caseId: bigint, a: Address): boolean {
  return store.has(bidderKey(caseId, a));
}

/** Drop every bid of the current round (a new round starts empty). */
export function clearBids(store: ModuleStore, caseId: bigint): void {
  for (const b of bidsOf(store, caseId)) {
    store.delete(bidKey(caseId, b.id));
    store.delete(bidderKey(caseId, b.arbiter));
  }
}
