import { ZERO_ADDRESS } from "../../crypto/index.js";
import type { ModuleContext } from "../../state/index.js";
import { ModuleAddress } from "../addresses.js";
import { BPS } from "../dispute-port.js";
import { deadlineItem, RULING, WINDOW } from "./deadlines.js";
import type { ArbitrableLookup, ArbitrationBank } from "./deps.js";
import { type ArbitrationParams, readParams } from "./params.js";
import { pickWinningBid } from "./selection.js";
import { type Arbiter, ArbiterStatus, bumpStats, readArbiter, readStats, writeArbiter } from "./state/arbiters.js";
import { type Bid, bidsOf, clearBids } from "./state/bids.js";
import { type Case, CaseState, exclude, readCase, writeCase } from "./state/cases.js";

/** Case work needs the arbitration store, its deadline queue, the state and the block. */
export type CaseContext = Pick<ModuleContext, "block" | "store" | "kv" | "deadlines" | "emit">;

/** Whether `a` can take a case now: registered, not withdrawing, bond at least the minimum. */
export function canServe(a: Arbiter | null, p: ArbitrationParams): a is Arbiter {
  return a !== null && a.status === ArbiterStatus.Active && a.bond >= p.minBond;
}

/** Open the bidding window of `c`'s current round from now (writes the case). */
export function startWindow(ctx: CaseContext, c: Case, p: ArbitrationParams): Case {
  const next = { ...c, state: CaseState.Bidding, windowEnds: ctx.block.time + p.biddingWindowMs };
  writeCase(ctx.store, next);
  ctx.deadlines.schedule(next.windowEnds, deadlineItem(WINDOW, c.id, c.round));
  return next;
}

/** Assign `bid`'s arbiter to `c`: its ruling deadline starts now. */
export function assign(ctx: CaseContext, c: Case, bid: Bid, arbiter: Arbiter): void {
  const rulingDeadline = ctx.block.time + bid.rulingPeriodMs;
  writeCase(ctx.store, {
    ...c,
    state: CaseState.Assigned,
    arbiter: bid.arbiter,
    bidId: bid.id,
    fee: bid.fee,
    rulingDeadline,
  });
  writeArbiter(ctx.store, { ...arbiter, openCases: arbiter.openCases + 1n });
  bumpStats(ctx.store, bid.arbiter, { cases: 1n });
  ctx.deadlines.schedule(rulingDeadline, deadlineItem(RULING, c.id, c.round));
  ctx.emit("ArbiterAssigned", { caseId: c.id, arbiter: bid.arbiter, bidId: bid.id, fee: bid.fee, rulingDeadline });
}

/**
 * The window of round `round` closed (`dueTime`) without agreement: the lowest eligible bid wins;
 * with none, the window reopens once, then the arbitrable abandons the case.
 */
export function closeWindow(
  ctx: CaseContext,
  arbitrables: ArbitrableLookup,
  caseId: bigint,
  round: bigint,
  dueTime: bigint,
): void {
  const c = readCase(ctx.store, caseId);
  if (!c || c.state !== CaseState.Bidding || c.round !== round || c.windowEnds !== dueTime) return; // stale
  const p = readParams(ctx.store);
  const eligible: Array<{ bid: Bid; arbiter: Arbiter }> = [];
  for (const bid of bidsOf(ctx.store, c.id)) {
    const arbiter = readArbiter(ctx.store, bid.arbiter);
    if (canServe(arbiter, p)) eligible.push({ bid, arbiter });
  }
  const winner = pickWinningBid(
    eligible.map((e) => e.bid),
    (b) => readStats(ctx.store, b.arbiter),
  );
  if (winner) {
    const arbiter = eligible.find((e) => e.bid.id === winner.id)?.arbiter as Arbiter;
    assign(ctx, c, winner, arbiter);
    return;
  }
  if (!c.reopened) {
    const next = startWindow(ctx, { ...c, reopened: true }, p);
    ctx.emit("BiddingReopened", { caseId: c.id, round: c.round, windowEnds: next.windowEnds });
    return;
  }
  writeCase(ctx.store, { ...c, state: CaseState.Abandoned });
  const arbitrable = arbitrables.get(c.arbitrable);
  if (!arbitrable) throw new Error(`arbitration: arbitrable ${c.arbitrable} is not wired`);
  arbitrable.abandon(ctx as ModuleContext, c.externalId);
  ctx.emit("CaseAbandoned", { caseId: c.id });
}

/**
 * The assigned arbiter missed its ruling deadline: it loses the slash share of its bond to the
 * parties (half each, an odd wei to the payer), may not bid on the case again, and the case
 * starts a new bidding round.
 */
export function missDeadline(
  ctx: CaseContext,
  bank: ArbitrationBank,
  caseId: bigint,
  round: bigint,
  dueTime: bigint,
): void {
  const c = readCase(ctx.store, caseId);
  if (!c || c.state !== CaseState.Assigned || c.round !== round || c.rulingDeadline !== dueTime) return; // stale
  const p = readParams(ctx.store);
  const arbiter = readArbiter(ctx.store, c.arbiter);
  // An assigned arbiter cannot withdraw (openCases > 0), so its registration is there.
  if (!arbiter) throw new Error(`arbitration: assigned arbiter ${c.arbiter} has no registration`);
  const slashed = (arbiter.bond * p.missedDeadlineSlashBps) / BPS;
  const toPayee = slashed / 2n;
  const toPayer = slashed - toPayee;
  writeArbiter(ctx.store, { ...arbiter, bond: arbiter.bond - slashed, openCases: arbiter.openCases - 1n });
  bumpStats(ctx.store, c.arbiter, { missed: 1n });
  exclude(ctx.store, c.id, c.arbiter);
  if (toPayer > 0n) bank.send(ctx.kv, ModuleAddress.arbitration, c.payer, toPayer);
  if (toPayee > 0n) bank.send(ctx.kv, ModuleAddress.arbitration, c.payee, toPayee);
  ctx.emit("DeadlineMissed", { caseId: c.id, arbiter: c.arbiter, slashed, toPayer, toPayee });
  clearBids(ctx.store, c.id);
  const next = startWindow(
    ctx,
    {
      ...c,
      round: c.round + 1n,
      reopened: false,
      payerAccepted: 0n,
      payeeAccepted: 0n,
      arbiter: ZERO_ADDRESS,
      bidId: 0n,
      fee: 0n,
      rulingDeadline: 0n,
    },
    p,
  );
  ctx.emit("BiddingReopened", { caseId: c.id, round: next.round, windowEnds: next.windowEnds });
}
