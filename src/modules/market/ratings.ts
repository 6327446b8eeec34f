import type { CallHandler } from "../../state/index.js";
import { EscrowState } from "../escrow/index.js";
import type { MarketEscrow, OrderEscrow } from "./deps.js";
import { alreadyRated, invalidRating, orderInState, unknownOrder, wrongCaller } from "./errors.js";
import { orderStateName } from "./orders.js";
import { RatingBy, readOrder, readRating, readReputation, writeRating, writeReputation } from "./state.js";

/** Scores run 1..5 (white paper §2: "peer ratings and reviews"). */
export const MIN_SCORE = 1;
export const MAX_SCORE = 5;
/** Averages are reported in thousandths, rounded down (4.667 stars → 4666). */
export const AVERAGE_SCALE = 1_000n;

/** `rate(orderId, score, reviewHash)`: after completion or a ruling, each party rates the other once. */
export function ratingCalls(escrow: MarketEscrow): Record<string, CallHandler> {
  return {
    rate(ctx, [orderId, score, reviewHash]) {
      const id = orderId as bigint;
      const o = readOrder(ctx.store, id);
      if (!o) throw unknownOrder(id);
      const by = ctx.sender === o.buyer ? RatingBy.Buyer : ctx.sender === o.seller ? RatingBy.Seller : null;
      if (by === null) throw wrongCaller("the buyer or the seller", "rate this order");
      const state = (escrow.get(ctx, o.escrowId) as OrderEscrow).state;
      if (state !== EscrowState.Released && state !== EscrowState.Resolved) {
        throw orderInState("rate", orderStateName(state));
      }
      const s = Number(score);
      if (s < MIN_SCORE || s > MAX_SCORE) throw invalidRating(`score must be ${MIN_SCORE} to ${MAX_SCORE}`);
      if (readRating(ctx.store, id, by)) throw alreadyRated(id);
      writeRating(ctx.store, id, by, { score: s, reviewHash: reviewHash as `0x${string}` });
      // The buyer rates the seller as a seller; the seller rates the buyer as a buyer.
      const ratee = by === RatingBy.Buyer ? o.seller : o.buyer;
      const r = readReputation(ctx.store, ratee);
      const add = BigInt(s);
      writeReputation(
        ctx.store,
        ratee,
        by === RatingBy.Buyer
          ? { ...r, asSellerCount: r.asSellerCount + 1n, asSellerSum: r.asSellerSum + add }
          : { ...r, asBuyerCount: r.asBuyerCount + 1n, asBuyerSum: r.asBuyerSum + add },
      );
      ctx.emit("Rated", { orderId: id, rater: ctx.sender, ratee, score: s, reviewHash });
    },
  };
}

/** Average of `sum` over `count` in thousandths, rounded down; 0 when there are no ratings. */
export function averageMilli(sum: bigint, count: bigint): bigint {
  return count === 0n ? 0n : (sum * AVERAGE_SCALE) / count;
}
