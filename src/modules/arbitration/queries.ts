import { toAddress } from "../../crypto/index.js";
import type { CallHandler } from "../../state/index.js";
import { ArbitrationErrorCode, refuse, unknownArbiter, unknownCase } from "./errors.js";
import { readParams } from "./params.js";
import { arbiterAddresses, readArbiter, readStats } from "./state/arbiters.js";
import { bidsOf } from "./state/bids.js";
import { caseOfExternal, isExcluded, nextCaseId, openCaseIds, readCase } from "./state/cases.js";

/** Largest page `arbiters` and `openCases` return. */
export const MAX_PAGE = 100;

function page(limit: unknown): number {
  if ((limit as bigint) > BigInt(MAX_PAGE)) {
    throw refuse(ArbitrationErrorCode.InvalidQuery, `page limit is at most ${MAX_PAGE}`);
  }
  return Number(limit);
}

/** The arbitration module's views. */
export const arbitrationQueries: Record<string, CallHandler> = {
  getArbiter(ctx, [who]) {
    const address = toAddress(who as string);
    const a = readArbiter(ctx.store, address);
    if (!a) throw unknownArbiter(address);
    const { address: _, ...info } = a;
    return info;
  },
  arbiterStats(ctx, [who]) {
    const s = readStats(ctx.store, toAddress(who as string));
    return [s.cases, s.rulings, s.missed];
  },
  arbiters: (ctx, [from, limit]) => arbiterAddresses(ctx.store, toAddress(from as string), page(limit)),
  getCase(ctx, [id]) {
    const c = readCase(ctx.store, id as bigint);
    if (!c) throw unknownCase(id as bigint);
    return { ...c, payerAcceptedBid: c.payerAccepted, payeeAcceptedBid: c.payeeAccepted };
  },
  getBids(ctx, [id]) {
    if (!readCase(ctx.store, id as bigint)) throw unknownCase(id as bigint);
    return bidsOf(ctx.store, id as bigint).map((b) => ({ ...b, bidId: b.id }));
  },
  caseOf: (ctx, [arbitrable, externalId]) => caseOfExternal(ctx.store, arbitrable as string, externalId as bigint),
  openCases: (ctx, [fromId, limit]) => openCaseIds(ctx.store, fromId as bigint, page(limit)),
  isExcluded: (ctx, [id, who]) => isExcluded(ctx.store, id as bigint, toAddress(who as string)),
  nextCaseId: (ctx) => nextCaseId(ctx.store),
  params: (ctx) => readParams(ctx.store),
};
