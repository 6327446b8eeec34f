import type { CallContext, CallHandler } from "../../state/index.js";
import { deadlineItem, WINDOW } from "./deadlines.js";
import {
  ArbitrationErrorCode,
  notEligible,
  refuse,
  unknownArbiter,
  unknownCase,
  wrongCaller,
  wrongState,
} from "./errors.js";
import { readParams } from "./params.js";
import { assign, canServe } from "./rounds.js";
import { ArbiterStatus, readArbiter } from "./state/arbiters.js";
import { bidsOf, hasBid, readBid, writeBid } from "./state/bids.js";
import { type Case, CaseState, caseStateName, isExcluded, readCase, writeCase } from "./state/cases.js";

/** Load case `id` in Bidding with its window still open. */
function biddingCase(ctx: CallContext, id: bigint, action: string): Case {
  const c = readCase(ctx.store, id);
  if (!c) throw unknownCase(id);
  if (c.state !== CaseState.Bidding) throw wrongState(action, caseStateName(c.state));
  if (ctx.block.time >= c.windowEnds) {
    throw refuse(ArbitrationErrorCode.DeadlinePassed, `the bidding window of case ${id} has closed`);
  }
  return c;
}

/** `bid(caseId, fee, rulingPeriodMs)` by a registered arbiter that is not a party. */
const bid: CallHandler = (ctx, args) => {
  const [caseId, fee, rulingPeriodMs] = args as [bigint, bigint, bigint];
  const c = biddingCase(ctx, caseId, "bid on");
  const p = readParams(ctx.store);
  const arbiter = readArbiter(ctx.store, ctx.sender);
  if (!arbiter) throw unknownArbiter(ctx.sender);
  if (ctx.sender === c.payer || ctx.sender === c.payee) throw notEligible("a party cannot bid on its own case");
  if (arbiter.status !== ArbiterStatus.Active) throw notEligible("a withdrawing arbiter cannot bid");
  if (arbiter.bond < p.minBond) {
    throw notEligible(`top the bond up to at least ${p.minBond} wei to bid`);
  }
  if (isExcluded(ctx.store, c.id, ctx.sender)) {
    throw notEligible("an arbiter that missed its deadline on this case cannot bid on it again");
  }
  if (hasBid(ctx.store, c.id, ctx.sender)) {
    throw refuse(ArbitrationErrorCode.AlreadyBid, `you already bid on case ${c.id} in this round`);
  }
  if (BigInt(bidsOf(ctx.store, c.id).length) >= p.maxBidsPerCase) {
    throw refuse(ArbitrationErrorCode.TooManyBids, `case ${c.id} already has ${p.maxBidsPerCase} bids`);
  }
  if (fee > c.deposit)
    throw refuse(ArbitrationErrorCode.InvalidBid, `the fee must be at most the deposit, ${c.deposit} wei`);
  if (rulingPeriodMs === 0n || rulingPeriodMs > p.maxRulingPeriodMs) {
    throw refuse(ArbitrationErrorCode.InvalidBid, `the ruling period must be 1 to ${p.maxRulingPeriodMs} ms`);
  }
  const bidId = c.nextBidId;
  writeBid(ctx.store, { caseId: c.id, id: bidId, arbiter: ctx.sender, fee, rulingPeriodMs, placedAt: ctx.block.time });
  writeCase(ctx.store, { ...c, nextBidId: bidId + 1n });
  ctx.emit("BidPlaced", { caseId: c.id, bidId, arbiter: ctx.sender, fee, rulingPeriodMs });
  return bidId;
};

/** `acceptBid(caseId, bidId)` by a party; when both accepted the same bid, its arbiter is assigned. */
const acceptBid: CallHandler = (ctx, args) => {
  const [caseId, bidId] = args as [bigint, bigint];
  const c = biddingCase(ctx, caseId, "accept a bid on");
  if (ctx.sender !== c.payer && ctx.sender !== c.payee) throw wrongCaller("accept a bid", "the payer or the payee");
  const b = readBid(ctx.store, c.id, bidId);
  if (!b) throw refuse(ArbitrationErrorCode.UnknownBid, `case ${c.id} has no bid ${bidId} in this round`);
  const next = ctx.sender === c.payer ? { ...c, payerAccepted: bidId } : { ...c, payeeAccepted: bidId };
  ctx.emit("BidAccepted", { caseId: c.id, bidId, party: ctx.sender });
  if (next.payerAccepted !== bidId || next.payeeAccepted !== bidId) {
    writeCase(ctx.store, next);
    return;
  }
  const arbiter = readArbiter(ctx.store, b.arbiter);
  if (!canServe(arbiter, readParams(ctx.store))) {
    throw notEligible(`arbiter ${b.arbiter} can no longer take cases; accept another bid`);
  }
  ctx.deadlines.cancel(c.windowEnds, deadlineItem(WINDOW, c.id, c.round));
  assign(ctx, next, b, arbiter);
};

/** `submitEvidence(caseId, evidenceHash, uri)` by a party until the ruling (ERC-1497 Evidence). */
const submitEvidence: CallHandler = (ctx, args) => {
  const [caseId, evidenceHash, uri] = args as [bigint, string, string];
  const c = readCase(ctx.store, caseId);
  if (!c) throw unknownCase(caseId);
  if (ctx.sender !== c.payer && ctx.sender !== c.payee) throw wrongCaller("submit evidence", "the payer or the payee");
  if (c.state !== CaseState.Bidding && c.state !== CaseState.Assigned) {
    throw wrongState("submit evidence to", caseStateName(c.state));
  }
  if (new TextEncoder().encode(uri).length > MAX_URI_BYTES) {
    throw refuse(ArbitrationErrorCode.InvalidEvidence, `the evidence URI is at most ${MAX_URI_BYTES} bytes`);
  }
  ctx.emit("Evidence", { caseId, party: ctx.sender, evidenceHash, uri });
};

/** Longest evidence URI: the log stays small; the evidence itself lives off chain. */
export const MAX_URI_BYTES = 512;

export const biddingCalls: Record<string, CallHandler> = { bid, acceptBid, submitEvidence };
