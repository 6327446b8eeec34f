// The rules of every market, escrow and arbitration call, applied to the simulation's model: a
// call that breaks a rule throws SimRevert (and leaves the model alone); one that passes changes
// the model as the module's README says the chain changes.
import type { Address } from "../../src/crypto/index.js";
import {
  AS,
  CS,
  ES,
  expectedPayout,
  LIVE,
  LS,
  type MCase,
  type MDeal,
  type MListing,
  type MOrder,
  type SimModel,
  SimRevert,
} from "./business-sim-model.js";

/** What the simulation knows about listing terms it generated: the fault it put in, if any. */
export interface SimTerms {
  price: bigint;
  quantity: bigint;
  deposit: bigint;
  carriers: Address[];
  shipWin: bigint;
  inspWin: bigint;
  /** null: valid terms; "quantity0": valid for an update only; else the broken rule. */
  fault: string | null;
}

/** Direct escrow terms and the fault put in them, if any. */
export interface SimEscrowTerms {
  payee: Address;
  amount: bigint;
  deposit: bigint;
  inspWin: bigint;
  fundBy: bigint;
  shipWin: bigint;
  carriers: Address[];
  fault: string | null;
}

/** One call as the model sees it. */
export interface SimCall {
  module: "market" | "escrow" | "arbitration";
  fn: string;
  sender: Address;
  value: bigint;
  // biome-ignore lint/suspicious/noExplicitAny: arguments differ per call; each rule reads its own.
  a: any;
}

const revert = (module: SimRevert["module"], reason: string): never => {
  throw new SimRevert(module, reason);
};

/** Calls that take CMT; any value sent to another call reverts in the framework. */
const PAYABLE = new Set([
  "market.order",
  "market.acceptOrder",
  "escrow.open",
  "escrow.fund",
  "escrow.acceptEscrow",
  "arbitration.register",
  "arbitration.addBond",
]);

/** Apply `call` at block time `now`, or throw SimRevert. */
export function applyCall(m: SimModel, call: SimCall, now: bigint): void {
  if (call.value > 0n && !PAYABLE.has(`${call.module}.${call.fn}`)) revert(call.module, "does not accept CMT");
  if (call.module === "market") marketCall(m, call, now);
  else if (call.module === "escrow") escrowCall(m, call, now);
  else arbitrationCall(m, call, now);
}

// ---------------------------------------------------------------- deadlines of a running stage

function stageDeadlinePassed(d: MDeal, now: bigint): boolean {
  if (d.state === ES.Open && now >= d.fundBy) return true;
  if (d.state === ES.Funded && d.shipBy > 0n && now >= d.shipBy) return true;
  return d.state === ES.Delivered && now >= d.inspectionEnds;
}

// ---------------------------------------------------------------- market

function ownListing(m: SimModel, c: SimCall, states: number[]): MListing {
  const l = m.listings.get(c.a.id as bigint) ?? revert("market", "no listing");
  if (l.seller !== c.sender) revert("market", "only the seller");
  if (!states.includes(l.state)) revert("market", "wrong listing state");
  return l;
}

type Who = "buyer" | "seller" | "carrier";

function loadOrder(m: SimModel, c: SimCall, who: Who[], states: number[], now: bigint): { o: MOrder; d: MDeal } {
  const o = m.orders.get(c.a.id as bigint) ?? revert("market", "no order");
  const d = m.deals.get(o.escrowId) as MDeal;
  const is = { buyer: c.sender === o.buyer, seller: c.sender === o.seller, carrier: d.carriers.includes(c.sender) };
  if (!who.some((w) => is[w])) revert("market", "wrong caller");
  if (!states.includes(d.state)) revert("market", "wrong order state");
  if (stageDeadlinePassed(d, now)) revert("market", "deadline passed");
  m.dirtyOrders.add(o.id);
  return { o, d };
}

function marketCall(m: SimModel, c: SimCall, now: bigint): void {
  switch (c.fn) {
    case "createListing": {
      const t = c.a.terms as SimTerms;
      if (t.fault !== null) revert("market", t.fault);
      const id = m.nextListing++;
      m.listings.set(id, {
        id,
        seller: c.sender,
        price: t.price,
        deposit: t.deposit === 0n ? (t.price * m.p.defaultDepositBps) / 10_000n : t.deposit,
        quantity: t.quantity,
        state: LS.Active,
        carriers: t.carriers,
        shipWin: t.shipWin,
        inspWin: t.inspWin,
      });
      return;
    }
    case "updateListing": {
      const l = ownListing(m, c, [LS.Active, LS.Paused]);
      const t = c.a.terms as SimTerms;
      if (t.fault !== null && t.fault !== "quantity0") revert("market", t.fault);
      Object.assign(l, {
        price: t.price,
        deposit: t.deposit === 0n ? (t.price * m.p.defaultDepositBps) / 10_000n : t.deposit,
        quantity: t.quantity,
        carriers: t.carriers,
        shipWin: t.shipWin,
        inspWin: t.inspWin,
      });
      return;
    }
    case "pauseListing":
      ownListing(m, c, [LS.Active]).state = LS.Paused;
      return;
    case "resumeListing":
      ownListing(m, c, [LS.Paused]).state = LS.Active;
      return;
    case "closeListing":
      ownListing(m, c, [LS.Active, LS.Paused]).state = LS.Closed;
      return;
    case "order": {
      const l = m.listings.get(c.a.id as bigint) ?? revert("market", "no listing");
      if (l.state !== LS.Active) revert("market", "listing not active");
      if (c.sender === l.seller) revert("market", "seller orders");
      const q = c.a.quantity as bigint;
      if (q < 1n || q > l.quantity) revert("market", "quantity");
      const amount = l.price * q;
      const deposit = l.deposit * q;
      if (c.value !== amount + deposit) revert("market", "send exactly");
      const escrowId = m.nextEscrow++;
      const id = m.nextOrder++;
      m.deals.set(escrowId, {
        id: escrowId,
        payer: c.sender,
        payee: l.seller,
        amount,
        deposit,
        inspWin: l.inspWin,
        fundBy: now + m.p.acceptWindowMs,
        shipWin: l.shipWin,
        shipBy: 0n,
        carriers: [...l.carriers],
        state: ES.Open,
        inspectionEnds: 0n,
        caseId: 0n,
        controller: "market",
        orderId: id,
      });
      m.orders.set(id, {
        id,
        listingId: l.id,
        buyer: c.sender,
        seller: l.seller,
        quantity: q,
        escrowId,
        restored: false,
        refundedUnshipped: false,
        ratedByBuyer: false,
        ratedBySeller: false,
      });
      l.quantity -= q;
      m.debit(c.sender, c.value);
      m.dirtyOrders.add(id);
      return;
    }
    case "cancelOrder": {
      const { o, d } = loadOrder(m, c, ["buyer"], [ES.Open], now);
      m.settle(d, ES.Cancelled, d.amount + d.deposit, 0n);
      m.restore(o);
      return;
    }
    case "acceptOrder": {
      const { d } = loadOrder(m, c, ["seller"], [ES.Open], now);
      if (c.value !== d.deposit) revert("market", "send exactly");
      fundDeal(m, d, c, now);
      return;
    }
    case "declineOrder": {
      const { o, d } = loadOrder(m, c, ["seller"], [ES.Open], now);
      m.settle(d, ES.Declined, d.amount + d.deposit, 0n);
      m.restore(o);
      return;
    }
    case "shipOrder": {
      const { d } = loadOrder(m, c, ["seller"], [ES.Funded], now);
      if (/^0x0+$/.test(c.a.hash as string)) revert("market", "tracking hash");
      d.state = ES.Shipped;
      return;
    }
    case "confirmDelivery": {
      const { d } = loadOrder(m, c, ["buyer", "carrier"], [ES.Funded, ES.Shipped], now);
      deliver(d, now);
      return;
    }
    case "acceptGoods": {
      const { d } = loadOrder(m, c, ["buyer"], LIVE, now);
      m.settle(d, ES.Released, d.deposit, d.amount + d.deposit);
      return;
    }
    case "rejectGoods": {
      const { d } = loadOrder(m, c, ["buyer"], [ES.Delivered], now);
      toCase(m, d, now);
      return;
    }
    case "refundOrder": {
      const { o, d } = loadOrder(m, c, ["seller"], LIVE, now);
      const unshipped = d.state === ES.Funded;
      m.settle(d, ES.Refunded, d.amount + d.deposit, d.deposit);
      if (unshipped) {
        o.refundedUnshipped = true;
        m.restore(o);
      }
      return;
    }
    case "disputeOrder": {
      const { d } = loadOrder(m, c, ["buyer", "seller"], LIVE, now);
      toCase(m, d, now);
      return;
    }
    case "rate": {
      const o = m.orders.get(c.a.id as bigint) ?? revert("market", "no order");
      const byBuyer = c.sender === o.buyer;
      if (!byBuyer && c.sender !== o.seller) revert("market", "wrong caller");
      const st = (m.deals.get(o.escrowId) as MDeal).state;
      if (st !== ES.Released && st !== ES.Resolved) revert("market", "cannot rate");
      const s = c.a.score as number;
      if (s < 1 || s > 5) revert("market", "score");
      if (byBuyer ? o.ratedByBuyer : o.ratedBySeller) revert("market", "already rated");
      const ratee = byBuyer ? o.seller : o.buyer;
      const r = m.reputation.get(ratee) ?? { asSellerCount: 0n, asSellerSum: 0n, asBuyerCount: 0n, asBuyerSum: 0n };
      if (byBuyer) {
        o.ratedByBuyer = true;
        m.reputation.set(ratee, { ...r, asSellerCount: r.asSellerCount + 1n, asSellerSum: r.asSellerSum + BigInt(s) });
      } else {
        o.ratedBySeller = true;
        m.reputation.set(ratee, { ...r, asBuyerCount: r.asBuyerCount + 1n, asBuyerSum: r.asBuyerSum + BigInt(s) });
      }
      return;
    }
    default:
      throw new Error(`sim: unknown market call ${c.fn}`);
  }
}

function fundDeal(m: SimModel, d: MDeal, c: SimCall, now: bigint): void {
  d.state = ES.Funded;
  d.shipBy = d.shipWin > 0n ? now + d.shipWin : 0n;
  m.debit(c.sender, c.value);
}

function deliver(d: MDeal, now: bigint): void {
  d.state = ES.Delivered;
  d.inspectionEnds = now + d.inspWin;
}

function toCase(m: SimModel, d: MDeal, now: bigint): void {
  d.caseId = m.openCase(d, now);
  d.state = ES.Disputed;
}

// ---------------------------------------------------------------- escrow (direct calls)

type Role = "payer" | "payee";

function loadDeal(m: SimModel, c: SimCall, roles: Role[], states: number[], now: bigint): MDeal {
  const d = m.deals.get(c.a.id as bigint) ?? revert("escrow", "no escrow");
  if (d.controller !== "") revert("escrow", "managed by the market module");
  if (!roles.some((r) => d[r] === c.sender)) revert("escrow", "wrong caller");
  if (!states.includes(d.state)) revert("escrow", "wrong state");
  if (stageDeadlinePassed(d, now)) revert("escrow", "deadline passed");
  return d;
}

const MAX_WINDOW = 365n * 86_400_000n;

function escrowCall(m: SimModel, c: SimCall, now: bigint): void {
  switch (c.fn) {
    case "open": {
      const t = c.a.terms as SimEscrowTerms;
      if (t.fault !== null) revert("escrow", t.fault);
      if (t.fundBy <= now || t.fundBy > now + MAX_WINDOW) revert("escrow", "funding deadline");
      if (c.value !== t.amount + t.deposit) revert("escrow", "send exactly");
      const id = m.nextEscrow++;
      m.deals.set(id, {
        id,
        payer: c.sender,
        payee: t.payee,
        amount: t.amount,
        deposit: t.deposit,
        inspWin: t.inspWin,
        fundBy: t.fundBy,
        shipWin: t.shipWin,
        shipBy: 0n,
        carriers: [...t.carriers],
        state: ES.Open,
        inspectionEnds: 0n,
        caseId: 0n,
        controller: "",
        orderId: 0n,
      });
      m.debit(c.sender, c.value);
      return;
    }
    case "fund":
    case "acceptEscrow": {
      const d = loadDeal(m, c, ["payee"], [ES.Open], now);
      if (c.value !== d.deposit) revert("escrow", "send exactly");
      fundDeal(m, d, c, now);
      return;
    }
    case "cancel": {
      const d = loadDeal(m, c, ["payer"], [ES.Open], now);
      m.settle(d, ES.Cancelled, d.amount + d.deposit, 0n);
      return;
    }
    case "decline": {
      const d = loadDeal(m, c, ["payee"], [ES.Open], now);
      m.settle(d, ES.Declined, d.amount + d.deposit, 0n);
      return;
    }
    case "ship":
      loadDeal(m, c, ["payee"], [ES.Funded], now).state = ES.Shipped;
      return;
    case "confirmDelivery": {
      const d = m.deals.get(c.a.id as bigint) ?? revert("escrow", "no escrow");
      if (d.controller !== "") revert("escrow", "managed by the market module");
      if (c.sender !== d.payer && !d.carriers.includes(c.sender)) revert("escrow", "wrong caller");
      if (d.state !== ES.Funded && d.state !== ES.Shipped) revert("escrow", "wrong state");
      if (stageDeadlinePassed(d, now)) revert("escrow", "deadline passed");
      deliver(d, now);
      return;
    }
    case "accept": {
      const d = loadDeal(m, c, ["payer"], LIVE, now);
      m.settle(d, ES.Released, d.deposit, d.amount + d.deposit);
      return;
    }
    case "refund": {
      const d = loadDeal(m, c, ["payee"], LIVE, now);
      m.settle(d, ES.Refunded, d.amount + d.deposit, d.deposit);
      return;
    }
    case "reject":
      toCase(m, loadDeal(m, c, ["payer"], [ES.Delivered], now), now);
      return;
    case "dispute":
      toCase(m, loadDeal(m, c, ["payer", "payee"], LIVE, now), now);
      return;
    default:
      throw new Error(`sim: unknown escrow call ${c.fn}`);
  }
}

// ---------------------------------------------------------------- arbitration

function registered(m: SimModel, c: SimCall) {
  return m.arbiters.get(c.sender) ?? revert("arbitration", "not a registered arbiter");
}

function biddingCase(m: SimModel, c: SimCall, now: bigint): MCase {
  const k = m.cases.get(c.a.caseId as bigint) ?? revert("arbitration", "no case");
  if (k.state !== CS.Bidding) revert("arbitration", "wrong case state");
  if (now >= k.windowEnds) revert("arbitration", "bidding window closed");
  return k;
}

function arbitrationCall(m: SimModel, c: SimCall, now: bigint): void {
  switch (c.fn) {
    case "register": {
      if (c.a.profileFault) revert("arbitration", c.a.profileFault as string);
      if (m.arbiters.has(c.sender)) revert("arbitration", "already registered");
      if (c.value < m.p.minBond) revert("arbitration", "bond too low");
      m.arbiters.set(c.sender, { bond: c.value, status: AS.Active, withdrawableAt: 0n, openCases: 0n });
      m.debit(c.sender, c.value);
      return;
    }
    case "updateArbiter":
      if (c.a.profileFault) revert("arbitration", c.a.profileFault as string);
      registered(m, c);
      return;
    case "addBond": {
      const a = registered(m, c);
      if (c.value === 0n) revert("arbitration", "send the CMT");
      a.bond += c.value;
      m.debit(c.sender, c.value);
      return;
    }
    case "requestWithdrawal": {
      const a = registered(m, c);
      if (a.status !== AS.Active) revert("arbitration", "already requested");
      a.status = AS.Withdrawing;
      a.withdrawableAt = now + m.p.coolingPeriodMs;
      return;
    }
    case "cancelWithdrawal": {
      const a = registered(m, c);
      if (a.status !== AS.Withdrawing) revert("arbitration", "no withdrawal requested");
      a.status = AS.Active;
      a.withdrawableAt = 0n;
      return;
    }
    case "withdrawBond": {
      const a = registered(m, c);
      if (a.status !== AS.Withdrawing) revert("arbitration", "request a withdrawal first");
      if (now < a.withdrawableAt) revert("arbitration", "cooling period");
      if (a.openCases > 0n) revert("arbitration", "open cases");
      m.arbiters.delete(c.sender);
      m.credit(c.sender, a.bond);
      return;
    }
    case "bid": {
      const k = biddingCase(m, c, now);
      const a = registered(m, c);
      if (c.sender === k.payer || c.sender === k.payee) revert("arbitration", "a party cannot bid");
      if (a.status !== AS.Active) revert("arbitration", "withdrawing");
      if (a.bond < m.p.minBond) revert("arbitration", "bond below minimum");
      if (k.excluded.has(c.sender)) revert("arbitration", "excluded");
      if (k.bids.some((b) => b.arbiter === c.sender)) revert("arbitration", "already bid");
      if (BigInt(k.bids.length) >= m.p.maxBidsPerCase) revert("arbitration", "too many bids");
      const fee = c.a.fee as bigint;
      const period = c.a.period as bigint;
      if (fee > k.deposit) revert("arbitration", "fee above deposit");
      if (period === 0n || period > m.p.maxRulingPeriodMs) revert("arbitration", "ruling period");
      k.bids.push({ id: k.nextBidId, arbiter: c.sender, fee, period });
      k.nextBidId += 1n;
      return;
    }
    case "acceptBid": {
      const k = biddingCase(m, c, now);
      if (c.sender !== k.payer && c.sender !== k.payee) revert("arbitration", "only the payer or the payee");
      const bidId = c.a.bidId as bigint;
      const b = k.bids.find((x) => x.id === bidId) ?? revert("arbitration", "no such bid");
      const payerAccepted = c.sender === k.payer ? bidId : k.payerAccepted;
      const payeeAccepted = c.sender === k.payee ? bidId : k.payeeAccepted;
      if (payerAccepted === bidId && payeeAccepted === bidId) {
        if (!m.canServe(b.arbiter)) revert("arbitration", "can no longer take cases");
        k.payerAccepted = payerAccepted;
        k.payeeAccepted = payeeAccepted;
        m.assign(k, b, now);
        return;
      }
      k.payerAccepted = payerAccepted;
      k.payeeAccepted = payeeAccepted;
      return;
    }
    case "submitEvidence": {
      const k = m.cases.get(c.a.caseId as bigint) ?? revert("arbitration", "no case");
      if (c.sender !== k.payer && c.sender !== k.payee) revert("arbitration", "only the payer or the payee");
      if (k.state !== CS.Bidding && k.state !== CS.Assigned) revert("arbitration", "wrong case state");
      if (new TextEncoder().encode(c.a.uri as string).length > 512) revert("arbitration", "uri too long");
      return;
    }
    case "rule": {
      const k = m.cases.get(c.a.caseId as bigint) ?? revert("arbitration", "no case");
      if (k.state !== CS.Assigned) revert("arbitration", "wrong case state");
      if (c.sender !== k.arbiter) revert("arbitration", "only the assigned arbiter");
      if (now >= k.rulingDeadline) revert("arbitration", "ruling deadline passed");
      const kind = c.a.kind as number;
      const share = c.a.share as bigint;
      if (kind > 2) revert("arbitration", "unknown ruling");
      if (kind === 2 && share > 10_000n) revert("arbitration", "share too large");
      if (kind !== 2 && share !== 0n) revert("arbitration", "share with a split only");
      k.state = CS.Ruled;
      const a = m.arbiters.get(k.arbiter);
      if (a) a.openCases -= 1n;
      m.bump(k.arbiter, { rulings: 1n });
      const d = m.deals.get(k.escrowId) as MDeal;
      const p = expectedPayout(d.amount, d.deposit, kind, share, k.fee);
      m.settle(d, ES.Resolved, p.toPayer, p.toPayee);
      m.credit(k.arbiter, k.fee);
      return;
    }
    default:
      throw new Error(`sim: unknown arbitration call ${c.fn}`);
  }
}
