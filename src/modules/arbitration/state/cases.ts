import { type Address, ZERO_ADDRESS } from "../../../crypto/index.js";
import { bigintToFixed, concatBytes, fromHex, utf8 } from "../../../lib/index.js";
import type { ModuleStore } from "../../../state/index.js";
import { readU64, u64Key } from "../../../store/codec.js";
import { rlpEncode } from "../../../types/index.js";
import type { RulingKind } from "../../dispute-port.js";
import { addr, decodeRecord, enc, str, uint } from "./codec.js";

/** Lifecycle of a case (numbers are part of the protocol: never renumber). */
export const CaseState = {
  /** Arbiters bid; the parties may agree on one; the window closes at `windowEnds`. */
  Bidding: 0,
  /** An arbiter was assigned and must rule before `rulingDeadline`. */
  Assigned: 1,
  /** Final: the arbiter ruled; the arbitrable paid out. */
  Ruled: 2,
  /** Final: no arbiter bid in two windows; the arbitrable returned everything as paid. */
  Abandoned: 3,
} as const;
export type CaseState = (typeof CaseState)[keyof typeof CaseState];

/** Lower-case name of a state, for revert reasons. */
export function caseStateName(s: CaseState): string {
  return (
    (Object.keys(CaseState) as Array<keyof typeof CaseState>).find((k) => CaseState[k] === s)?.toLowerCase() ??
    "unknown"
  );
}

/** One dispute handed over by an arbitrable module. */
export interface Case {
  id: bigint;
  arbitrable: string;
  externalId: bigint;
  payer: Address;
  payee: Address;
  amount: bigint;
  deposit: bigint;
  category: string;
  state: CaseState;
  /** Bidding round: 0 at creation, +1 after each missed ruling deadline. */
  round: bigint;
  /** End of the current bidding window (block time, ms). */
  windowEnds: bigint;
  /** Whether this round's window was already reopened for want of bids. */
  reopened: boolean;
  /** Bid each party accepted this round (0: none). */
  payerAccepted: bigint;
  payeeAccepted: bigint;
  /** Id the next bid on this case gets (ids start at 1 and never repeat across rounds). */
  nextBidId: bigint;
  /** The assigned arbiter (zero address before assignment). */
  arbiter: Address;
  /** The winning bid's id, fee and the ruling deadline (0 before assignment). */
  bidId: bigint;
  fee: bigint;
  rulingDeadline: bigint;
  ruling: RulingKind;
  payerShareBps: bigint;
  createdAt: bigint;
}

const CASE = utf8("c/");
const OPEN = utf8("o/");
const BY_EXTERNAL = utf8("e/");
const EXCLUDED = utf8("x/");
const NEXT = utf8("next");

const caseKey = (id: bigint) => concatBytes(CASE, u64Key(id));

/** Read a case, or null when the id is unknown. */
export function readCase(store: ModuleStore, id: bigint): Case | null {
  if (id < 0n || id >= 1n << 64n) return null;
  const v = store.get(caseKey(id));
  if (!v) return null;
  const f = decodeRecord(v, 22, "case");
  return {
    id,
    arbitrable: str(f[1], "arbitrable"),
    externalId: uint(f[2], "externalId"),
    payer: addr(f[3], "payer"),
    payee: addr(f[4], "payee"),
    amount: uint(f[5], "amount"),
    deposit: uint(f[6], "deposit"),
    category: str(f[7], "category"),
    state: Number(uint(f[8], "state")) as CaseState,
    round: uint(f[9], "round"),
    windowEnds: uint(f[10], "windowEnds"),
    reopened: uint(f[11], "reopened") === 1n,
    payerAccepted: uint(f[12], "payerAccepted"),
    payeeAccepted: uint(f[13], "payeeAccepted"),
    nextBidId: uint(f[14], "nextBidId"),
    arbiter: addr(f[15], "arbiter"),
    bidId: uint(f[16], "bidId"),
    fee: uint(f[17], "fee"),
    rulingDeadline: uint(f[18], "rulingDeadline"),
    ruling: Number(uint(f[19], "ruling")) as RulingKind,
    payerShareBps: uint(f[20], "payerShareBps"),
    createdAt: uint(f[21], "createdAt"),
  };
}

/** Write a case; keeps the open-for-bidding index in step with its state. */
export function writeCase(store: ModuleStore, c: Case): void {
  store.set(
    caseKey(c.id),
    rlpEncode([
      1,
      enc(c.arbitrable),
      c.externalId,
      fromHex(c.payer),
      fromHex(c.payee),
      c.amount,
      c.deposit,
      enc(c.category),
      c.state,
      c.round,
      c.windowEnds,
      c.reopened ? 1 : 0,
      c.payerAccepted,
      c.payeeAccepted,
      c.nextBidId,
      fromHex(c.arbiter),
      c.bidId,
      c.fee,
      c.rulingDeadline,
      c.ruling,
      c.payerShareBps,
      c.createdAt,
    ]),
  );
  const open = concatBytes(OPEN, u64Key(c.id));
  if (c.state === CaseState.Bidding) store.set(open, Uint8Array.of(1));
  else if (store.has(open)) store.delete(open);
}

/** A fresh case record in Bidding, round 0. */
export function newCase(
  fields: Omit<
    Case,
    | "state"
    | "round"
    | "reopened"
    | "payerAccepted"
    | "payeeAccepted"
    | "nextBidId"
    | "arbiter"
    | "bidId"
    | "fee"
    | "rulingDeadline"
    | "ruling"
    | "payerShareBps"
  >,
): Case {
  return {
    ...fields,
    state: CaseState.Bidding,
    round: 0n,
    reopened: false,
    payerAccepted: 0n,
    payeeAccepted: 0n,
    nextBidId: 1n,
    arbiter: ZERO_ADDRESS,
    bidId: 0n,
    fee: 0n,
    rulingDeadline: 0n,
    ruling: 0,
    payerShareBps: 0n,
  };
}

export function nextCaseId(store: ModuleStore): bigint {
  const v = store.get(NEXT);
  return v ? readU64(v) : 1n;
}

export function takeCaseId(store: ModuleStore): bigint {
  const id = nextCaseId(store);
  store.set(NEXT, u64Key(id + 1n));
  return id;
}

/** Ids of cases open for bidding, ascending from `fromId`, at most `limit`. */
export function openCaseIds(store: ModuleStore, fromId: bigint, limit: number): bigint[] {
  const out: bigint[] = [];
  for (const { key } of store.range(OPEN)) {
    if (out.length >= limit) break;
    const id = readU64(key, OPEN.length);
    if (id >= fromId) out.push(id);
  }
  return out;
}

function externalKey(arbitrable: string, externalId: bigint): Uint8Array {
  const name = utf8(arbitrable);
  return concatBytes(BY_EXTERNAL, Uint8Array.of(name.length), name, bigintToFixed(externalId, 32));
}

/** The case of an arbitrable's disputed thing, or 0. */
export function caseOfExternal(store: ModuleStore, arbitrable: string, externalId: bigint): bigint {
  const v = store.get(externalKey(arbitrable, externalId));
  return v ? readU64(v) : 0n;
}

export function indexExternal(store: ModuleStore, c: Case): void {
  store.set(externalKey(c.arbitrable, c.externalId), u64Key(c.id));
}

const excludedKey = (caseId: bigint, a: Address) => concatBytes(EXCLUDED, u64Key(caseId), fromHex(a));

/** An arbiter that missed its deadline on a case may not bid on it again. */
export function exclude(store: ModuleStore, caseId: bigint, a: Address): void {
  store.set(excludedKey(caseId, a), Uint8Array.of(1));
}

export function isExcluded(store: ModuleStore, caseId: bigint, a: Address): boolean {
  return store.has(excludedKey(caseId, a));
}
