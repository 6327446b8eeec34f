// The business simulation's model of market, escrow and arbitration: plain objects that follow the
// modules' READMEs, written independently of the modules' code. Each call either applies to the
// model (the chain must accept it) or throws SimRevert (the chain must refuse it and change
// nothing). End-of-block deadlines are swept in the modules' order (arbitration, escrow, market).
import type { Address } from "../../src/crypto/index.js";

/** Escrow states (numbers from the escrow README). */
export const ES = {
  Open: 0,
  Funded: 1,
  Delivered: 2,
  Released: 3,
  Refunded: 4,
  Cancelled: 5,
  Declined: 6,
  Disputed: 7,
  Resolved: 8,
  Expired: 9,
  Shipped: 10,
  Lapsed: 11,
  Abandoned: 12,
} as const;
export const LIVE = [ES.Funded, ES.Shipped, ES.Delivered] as number[];
/** Case states (arbitration README). */
export const CS = { Bidding: 0, Assigned: 1, Ruled: 2, Abandoned: 3 } as const;
export const LS = { Active: 0, Paused: 1, Closed: 2 } as const;
export const AS = { Active: 0, Withdrawing: 1 } as const;

/** Parameters the simulation's genesis and the market's defaults set. */
export interface SimParams {
  acceptWindowMs: bigint;
  maxWindowMs: bigint;
  defaultDepositBps: bigint;
  minBond: bigint;
  biddingWindowMs: bigint;
  maxRulingPeriodMs: bigint;
  missedDeadlineSlashBps: bigint;
  coolingPeriodMs: bigint;
  maxBidsPerCase: bigint;
}

export interface MListing {
  id: bigint;
  seller: Address;
  price: bigint;
  deposit: bigint;
  quantity: bigint;
  state: number;
  carriers: Address[];
  shipWin: bigint;
  inspWin: bigint;
}

/** An escrow (market-controlled or direct). */
export interface MDeal {
  id: bigint;
  payer: Address;
  payee: Address;
  amount: bigint;
  deposit: bigint;
  inspWin: bigint;
  fundBy: bigint;
  shipWin: bigint;
  shipBy: bigint;
  carriers: Address[];
  state: number;
  inspectionEnds: bigint;
  caseId: bigint;
  controller: string;
  /** Market order id, 0 for a direct escrow. */
  orderId: bigint;
}

export interface MOrder {
  id: bigint;
  listingId: bigint;
  buyer: Address;
  seller: Address;
  quantity: bigint;
  escrowId: bigint;
  restored: boolean;
  /** Refunded by the seller while accepted and not shipped (the README's restore case). */
  refundedUnshipped: boolean;
  ratedByBuyer: boolean;
  ratedBySeller: boolean;
}

export interface MBid {
  id: bigint;
  arbiter: Address;
  fee: bigint;
  period: bigint;
}

export interface MCase {
  id: bigint;
  escrowId: bigint;
  payer: Address;
  payee: Address;
  amount: bigint;
  deposit: bigint;
  state: number;
  round: bigint;
  windowEnds: bigint;
  reopened: boolean;
  payerAccepted: bigint;
  payeeAccepted: bigint;
  nextBidId: bigint;
  bids: MBid[];
  arbiter: Address;
  fee: bigint;
  rulingDeadline: bigint;
  excluded: Set<Address>;
}

export interface MArbiter {
  bond: bigint;
  status: number;
  withdrawableAt: bigint;
  openCases: bigint;
}

export interface MStats {
  cases: bigint;
  rulings: bigint;
  missed: bigint;
}

export interface MReputation {
  asSellerCount: bigint;
  asSellerSum: bigint;
  asBuyerCount: bigint;
  asBuyerSum: bigint;
}

/** A call the chain must refuse; `module` is the revert reason's prefix. */
export class SimRevert extends Error {
  constructor(
    readonly module: "market" | "escrow" | "arbitration" | "framework",
    reason: string,
  ) {
    super(reason);
  }
}

export const ZERO_ADDRESS = "0x0000000000000000000000000000000000000000" as Address;

/** The whole model. `balances` are the actors' CMT as the rules move it (fees are added back by the checker). */
export class SimModel {
  listings = new Map<bigint, MListing>();
  deals = new Map<bigint, MDeal>();
  orders = new Map<bigint, MOrder>();
  cases = new Map<bigint, MCase>();
  arbiters = new Map<Address, MArbiter>();
  stats = new Map<Address, MStats>();
  reputation = new Map<Address, MReputation>();
  balances = new Map<Address, bigint>();
  nextListing = 1n;
  nextOrder = 1n;
  nextEscrow = 1n;
  nextCase = 1n;
  /** Ids changed in the current block (orders are checked through the market's view). */
  dirtyOrders = new Set<bigint>();
  /** Counts of deadline outcomes (for the summary). */
  swept: Record<string, number> = {};

  constructor(readonly p: SimParams) {}

  credit(a: Address, amount: bigint): void {
    this.balances.set(a, (this.balances.get(a) ?? 0n) + amount);
  }

  debit(a: Address, amount: bigint): void {
    this.credit(a, -amount);
  }

  statsOf(a: Address): MStats {
    return this.stats.get(a) ?? { cases: 0n, rulings: 0n, missed: 0n };
  }

  bump(a: Address, add: Partial<MStats>): void {
    const s = this.statsOf(a);
    this.stats.set(a, {
      cases: s.cases + (add.cases ?? 0n),
      rulings: s.rulings + (add.rulings ?? 0n),
      missed: s.missed + (add.missed ?? 0n),
    });
  }

  /** CMT the escrow module must hold for a deal (escrow README "Holdings"). */
  static held(d: MDeal): bigint {
    if (d.state === ES.Open) return d.amount + d.deposit;
    if (LIVE.includes(d.state) || d.state === ES.Disputed) return d.amount + 2n * d.deposit;
    return 0n;
  }

  canServe(a: Address): boolean {
    const r = this.arbiters.get(a);
    return r !== undefined && r.status === AS.Active && r.bond >= this.p.minBond;
  }

  /** Move a deal to a final state, paying each party. */
  settle(d: MDeal, state: number, toPayer: bigint, toPayee: bigint): void {
    d.state = state;
    this.credit(d.payer, toPayer);
    this.credit(d.payee, toPayee);
    if (d.orderId > 0n) this.dirtyOrders.add(d.orderId);
  }

  /** Give an order's quantity back to its listing, once (market README "Quantity"). */
  restore(o: MOrder): void {
    if (o.restored) return;
    const l = this.listings.get(o.listingId);
    if (l) l.quantity += o.quantity;
    o.restored = true;
  }

  /** Assign `bid`'s arbiter to `c` at block time `now`. */
  assign(c: MCase, bid: MBid, now: bigint): void {
    c.state = CS.Assigned;
    c.arbiter = bid.arbiter;
    c.fee = bid.fee;
    c.rulingDeadline = now + bid.period;
    const a = this.arbiters.get(bid.arbiter) as MArbiter;
    a.openCases += 1n;
    this.bump(bid.arbiter, { cases: 1n });
  }

  /** Open a case for a deal (arbitration's createDispute). */
  openCase(d: MDeal, now: bigint): bigint {
    const id = this.nextCase++;
    this.cases.set(id, {
      id,
      escrowId: d.id,
      payer: d.payer,
      payee: d.payee,
      amount: d.amount,
      deposit: d.deposit,
      state: CS.Bidding,
      round: 0n,
      windowEnds: now + this.p.biddingWindowMs,
      reopened: false,
      payerAccepted: 0n,
      payeeAccepted: 0n,
      nextBidId: 1n,
      bids: [],
      arbiter: ZERO_ADDRESS,
      fee: 0n,
      rulingDeadline: 0n,
      excluded: new Set(),
    });
    return id;
  }

  private count(what: string): void {
    this.swept[what] = (this.swept[what] ?? 0) + 1;
  }

  /** End of block at `now`: every due deadline, in the modules' (name) order. */
  sweep(now: bigint): void {
    // arbitration: items (time, kind, case id) in key order; kind 1 = window close, 2 = ruling.
    const items: Array<{ time: bigint; kind: number; c: MCase }> = [];
    for (const c of this.cases.values()) {
      if (c.state === CS.Bidding && c.windowEnds <= now) items.push({ time: c.windowEnds, kind: 1, c });
      if (c.state === CS.Assigned && c.rulingDeadline <= now) items.push({ time: c.rulingDeadline, kind: 2, c });
    }
    items.sort((a, b) =>
      a.time !== b.time ? (a.time < b.time ? -1 : 1) : a.kind !== b.kind ? a.kind - b.kind : a.c.id < b.c.id ? -1 : 1,
    );
    for (const { kind, c } of items) {
      if (kind === 1) this.closeWindow(c, now);
      else this.missDeadline(c, now);
    }
    // escrow
    for (const d of this.deals.values()) {
      if (d.state === ES.Open && d.fundBy <= now) {
        this.settle(d, ES.Expired, d.amount + d.deposit, 0n);
        this.count("expired");
      } else if (d.state === ES.Funded && d.shipBy > 0n && d.shipBy <= now) {
        this.settle(d, ES.Lapsed, d.amount + 2n * d.deposit, 0n);
        this.count("lapsed");
      } else if (d.state === ES.Delivered && d.inspectionEnds <= now) {
        this.settle(d, ES.Released, d.deposit, d.amount + d.deposit);
        this.count("released by silence");
      }
    }
    // market: an expired order gives its quantity back
    for (const o of this.orders.values()) {
      if (!o.restored && this.deals.get(o.escrowId)?.state === ES.Expired) this.restore(o);
    }
  }

  private closeWindow(c: MCase, now: bigint): void {
    let best: MBid | null = null;
    for (const b of c.bids) {
      if (!this.canServe(b.arbiter)) continue;
      if (best === null || this.better(b, best)) best = b;
    }
    if (best) {
      this.assign(c, best, now);
      this.count("assigned at window close");
      return;
    }
    if (!c.reopened) {
      c.reopened = true;
      c.windowEnds = now + this.p.biddingWindowMs;
      this.count("bidding reopened");
      return;
    }
    c.state = CS.Abandoned;
    const d = this.deals.get(c.escrowId) as MDeal;
    this.settle(d, ES.Abandoned, d.amount + d.deposit, d.deposit);
    this.count("abandoned");
  }

  private better(a: MBid, b: MBid): boolean {
    if (a.fee !== b.fee) return a.fee < b.fee;
    const as = this.statsOf(a.arbiter);
    const bs = this.statsOf(b.arbiter);
    if (as.missed !== bs.missed) return as.missed < bs.missed;
    if (as.rulings !== bs.rulings) return as.rulings > bs.rulings;
    return a.id < b.id;
  }

  private missDeadline(c: MCase, now: bigint): void {
    const a = this.arbiters.get(c.arbiter) as MArbiter;
    const slashed = (a.bond * this.p.missedDeadlineSlashBps) / 10_000n;
    a.bond -= slashed;
    a.openCases -= 1n;
    this.bump(c.arbiter, { missed: 1n });
    c.excluded.add(c.arbiter);
    this.credit(c.payee, slashed / 2n);
    this.credit(c.payer, slashed - slashed / 2n);
    c.bids = [];
    c.round += 1n;
    c.reopened = false;
    c.payerAccepted = 0n;
    c.payeeAccepted = 0n;
    c.arbiter = ZERO_ADDRESS;
    c.fee = 0n;
    c.rulingDeadline = 0n;
    c.state = CS.Bidding;
    c.windowEnds = now + this.p.biddingWindowMs;
    this.count("ruling deadline missed");
  }
}

/**
 * "The losing party forfeits its deposit" (issue #4), written from the rule, not from
 * dispute-port.ts: the fee from the loser's deposit, the rest of it to the winner; on a split the
 * payment by the share (payer's part rounded down) and the fee half from each deposit.
 */
export function expectedPayout(
  amount: bigint,
  deposit: bigint,
  kind: number,
  shareBps: bigint,
  fee: bigint,
): { toPayer: bigint; toPayee: bigint } {
  if (kind === 0) return { toPayer: amount + 2n * deposit - fee, toPayee: 0n };
  if (kind === 1) return { toPayer: 0n, toPayee: amount + 2n * deposit - fee };
  const payerPart = (amount * shareBps) / 10_000n;
  const payeeFee = fee / 2n;
  return { toPayer: payerPart + deposit - (fee - payeeFee), toPayee: amount - payerPart + deposit - payeeFee };
}
