import { toAddress } from "../../crypto/index.js";
import type { CallHandler } from "../../state/index.js";
import { invalidTerms, unknownEscrow } from "./errors.js";
import { escrowIdsOf, nextId, readEscrow } from "./state.js";

/** Largest page `escrowsOf` returns. */
export const MAX_PAGE = 100;

/** The escrow's views. */
export const escrowQueries: Record<string, CallHandler> = {
  getEscrow(ctx, [id]) {
    const e = readEscrow(ctx.store, id as bigint);
    if (!e) throw unknownEscrow(id as bigint);
    const { id: _, ...view } = e;
    return view;
  },
  escrowsOf(ctx, [party, fromId, limit]) {
    if ((limit as bigint) > BigInt(MAX_PAGE)) throw invalidTerms(`page limit is at most ${MAX_PAGE}`);
    return escrowIdsOf(ctx.store, toAddress(party as string), fromId as bigint, Number(limit));
  },
  nextId: (ctx) => nextId(ctx.store),
};
