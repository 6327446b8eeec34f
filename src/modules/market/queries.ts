import { toAddress } from "../../crypto/index.js";
import { fromHex, toHex } from "../../lib/index.js";
import type { CallHandler } from "../../state/index.js";
import type { MarketEscrow, OrderEscrow } from "./deps.js";
import { unknownListing, unknownOrder } from "./errors.js";
import { addressPrefix, geohashPrefix, IX, namePrefix, page } from "./indexes.js";
import { readMarketParams } from "./params.js";
import { averageMilli } from "./ratings.js";
import { K, peekId, RatingBy, readListing, readOrder, readRating, readReputation } from "./state.js";

const ZERO_HASH = `0x${"00".repeat(32)}`;
type Args = readonly unknown[];
const cursorOf = (a: unknown) => fromHex(a as string);
const paged = (r: { ids: bigint[]; next: Uint8Array }) => [r.ids, toHex(r.next)];

/** The market's views. */
export function marketQueries(escrow: MarketEscrow): Record<string, CallHandler> {
  return {
    getListing(ctx, [id]) {
      const l = readListing(ctx.store, id as bigint);
      if (!l) throw unknownListing(id as bigint);
      const { id: _, ...view } = l;
      return view;
    },
    listingsBySeller: (ctx, [who, cursor, limit]: Args) =>
      paged(page(ctx, addressPrefix(IX.bySeller, toAddress(who as string)), cursorOf(cursor), limit as bigint)),
    listingsByCategory: (ctx, [name, cursor, limit]: Args) =>
      paged(page(ctx, namePrefix(IX.byCategory, name as string), cursorOf(cursor), limit as bigint)),
    listingsByTag: (ctx, [name, cursor, limit]: Args) =>
      paged(page(ctx, namePrefix(IX.byTag, name as string), cursorOf(cursor), limit as bigint)),
    listingsNear: (ctx, [prefix, cursor, limit]: Args) =>
      paged(page(ctx, geohashPrefix(prefix as string), cursorOf(cursor), limit as bigint)),
    getOrder(ctx, [id]) {
      const o = readOrder(ctx.store, id as bigint);
      if (!o) throw unknownOrder(id as bigint);
      const e = escrow.get(ctx, o.escrowId) as OrderEscrow;
      return {
        listingId: o.listingId,
        buyer: o.buyer,
        seller: o.seller,
        quantity: o.quantity,
        amount: o.unitPrice * o.quantity,
        deposit: o.unitDeposit * o.quantity,
        escrowId: o.escrowId,
        state: e.state,
        placedAt: o.placedAt,
        acceptBy: e.fundBy,
        shipBy: e.shipBy,
        inspectionEnds: e.inspectionEnds,
        trackingHash: e.trackingHash,
        caseId: e.caseId,
        quantityRestored: o.restored,
      };
    },
    ordersByBuyer: (ctx, [who, cursor, limit]: Args) =>
      paged(page(ctx, addressPrefix(IX.ordersByBuyer, toAddress(who as string)), cursorOf(cursor), limit as bigint)),
    ordersBySeller: (ctx, [who, cursor, limit]: Args) =>
      paged(page(ctx, addressPrefix(IX.ordersBySeller, toAddress(who as string)), cursorOf(cursor), limit as bigint)),
    getRatings(ctx, [id]) {
      if (!readOrder(ctx.store, id as bigint)) throw unknownOrder(id as bigint);
      const b = readRating(ctx.store, id as bigint, RatingBy.Buyer);
      const s = readRating(ctx.store, id as bigint, RatingBy.Seller);
      return [b?.score ?? 0, b?.reviewHash ?? ZERO_HASH, s?.score ?? 0, s?.reviewHash ?? ZERO_HASH];
    },
    reputation(ctx, [who]) {
      const r = readReputation(ctx.store, toAddress(who as string));
      return {
        ...r,
        asSellerAverageMilli: averageMilli(r.asSellerSum, r.asSellerCount),
        asBuyerAverageMilli: averageMilli(r.asBuyerSum, r.asBuyerCount),
      };
    },
    params: (ctx) => {
      const p = readMarketParams(ctx.store);
      return [p.defaultDepositBps, p.acceptWindowMs, p.maxWindowMs];
    },
    nextListingId: (ctx) => peekId(ctx.store, K.nextListing),
    nextOrderId: (ctx) => peekId(ctx.store, K.nextOrder),
  };
}
