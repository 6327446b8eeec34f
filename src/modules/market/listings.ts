import { type Address, toAddress, ZERO_ADDRESS } from "../../crypto/index.js";
import type { CallContext, CallHandler } from "../../state/index.js";
import { BPS } from "../dispute-port.js";
import { invalidListing, unknownListing, wrongCaller, wrongState } from "./errors.js";
import { addDiscovery, IX, indexByAddress, removeDiscovery } from "./indexes.js";
import { type MarketParams, readMarketParams } from "./params.js";
import {
  K,
  type Listing,
  ListingState,
  type ListingTerms,
  listingStateName,
  readListing,
  takeId,
  writeListing,
} from "./state.js";

/** Limits on a listing's fields (bytes of UTF-8): they bound records and index keys. */
export const LIMITS = {
  title: 200,
  descriptionUri: 256,
  name: 32,
  tags: 8,
  geohash: 12,
  carriers: 8,
} as const;
/** Category and tag names: lower-case letters, digits and '-', so one spelling is indexed once. */
const NAME = /^[a-z0-9-]+$/;
/** The geohash alphabet (base 32 without a, i, l, o). */
const GEOHASH = /^[0-9b-hjkmnp-z]*$/;
const bytes = (s: string) => new TextEncoder().encode(s).length;

/** The terms as decoded from the ABI tuple, addresses normalised. */
export function termsArg(arg: unknown): ListingTerms {
  const t = arg as ListingTerms & { carriers: readonly string[]; tags: readonly string[] };
  return { ...t, tags: [...t.tags], carriers: t.carriers.map((c) => toAddress(c)) };
}

/** Refuse a listing no buyer could order safely; fill the default deposit. */
export function checkTerms(t: ListingTerms, seller: Address, params: MarketParams, minQuantity: bigint): ListingTerms {
  if (t.title.length === 0 || bytes(t.title) > LIMITS.title)
    throw invalidListing(`title must be 1 to ${LIMITS.title} bytes`);
  if (bytes(t.descriptionUri) > LIMITS.descriptionUri) {
    throw invalidListing(`description URI is at most ${LIMITS.descriptionUri} bytes`);
  }
  const badName = (n: string) => n.length === 0 || n.length > LIMITS.name || !NAME.test(n);
  if (badName(t.category)) throw invalidListing(`category must be 1 to ${LIMITS.name} of a-z, 0-9 and '-'`);
  if (t.tags.length > LIMITS.tags) throw invalidListing(`at most ${LIMITS.tags} tags`);
  if (t.tags.some(badName)) throw invalidListing(`a tag must be 1 to ${LIMITS.name} of a-z, 0-9 and '-'`);
  if (new Set(t.tags).size !== t.tags.length) throw invalidListing("duplicate tag");
  if (t.price <= 0n) throw invalidListing("price must be positive");
  if (t.quantity < minQuantity) throw invalidListing(`quantity must be at least ${minQuantity}`);
  if (t.geohash.length > LIMITS.geohash || !GEOHASH.test(t.geohash)) {
    throw invalidListing(`geohash must be at most ${LIMITS.geohash} geohash characters`);
  }
  if (t.carriers.length > LIMITS.carriers) throw invalidListing(`at most ${LIMITS.carriers} carriers`);
  if (new Set(t.carriers).size !== t.carriers.length) throw invalidListing("duplicate carrier");
  if (t.carriers.some((c) => c === ZERO_ADDRESS || c === seller))
    throw invalidListing("a carrier cannot be the seller or zero");
  const window = (w: bigint) => w > 0n && w <= params.maxWindowMs;
  const days = params.maxWindowMs / 86_400_000n;
  if (!window(t.shippingWindowMs)) throw invalidListing(`shipping window must be between 1 ms and ${days} days`);
  if (!window(t.inspectionWindowMs)) throw invalidListing(`inspection window must be between 1 ms and ${days} days`);
  const deposit = t.deposit === 0n ? (t.price * params.defaultDepositBps) / BPS : t.deposit;
  return { ...t, deposit };
}

/** Load listing `id`, checking the caller is its seller and its state allows `action`. */
function own(ctx: CallContext, id: bigint, action: string, states: ListingState[]): Listing {
  const l = readListing(ctx.store, id);
  if (!l) throw unknownListing(id);
  if (l.seller !== ctx.sender) throw wrongCaller("the seller", action);
  if (!states.includes(l.state)) throw wrongState(action, "a listing", listingStateName(l.state));
  return l;
}

/** Listing calls: create, update, pause, resume, close. */
export function listingCalls(): Record<string, CallHandler> {
  const A = ListingState.Active;
  const P = ListingState.Paused;
  return {
    createListing(ctx, [terms]) {
      const t = checkTerms(termsArg(terms), ctx.sender, readMarketParams(ctx.store), 1n);
      const id = takeId(ctx.store, K.nextListing);
      const l: Listing = {
        ...t,
        id,
        seller: ctx.sender,
        state: A,
        createdAt: ctx.block.time,
        updatedAt: ctx.block.time,
      };
      writeListing(ctx.store, l);
      indexByAddress(ctx.store, IX.bySeller, ctx.sender, id);
      addDiscovery(ctx.store, l);
      ctx.emit("ListingCreated", {
        id,
        seller: ctx.sender,
        category: l.category,
        price: l.price,
        quantity: l.quantity,
      });
      return id;
    },
    updateListing(ctx, [id, terms]) {
      const old = own(ctx, id as bigint, "update", [A, P]);
      const t = checkTerms(termsArg(terms), ctx.sender, readMarketParams(ctx.store), 0n);
      const l: Listing = { ...old, ...t, updatedAt: ctx.block.time };
      writeListing(ctx.store, l);
      if (old.state === A) {
        removeDiscovery(ctx.store, old);
        addDiscovery(ctx.store, l);
      }
      ctx.emit("ListingUpdated", { id: l.id, price: l.price, quantity: l.quantity });
    },
    pauseListing(ctx, [id]) {
      const l = own(ctx, id as bigint, "pause", [A]);
      writeListing(ctx.store, { ...l, state: P, updatedAt: ctx.block.time });
      removeDiscovery(ctx.store, l);
      ctx.emit("ListingPaused", { id: l.id });
    },
    resumeListing(ctx, [id]) {
      const l = own(ctx, id as bigint, "resume", [P]);
      const next = { ...l, state: A, updatedAt: ctx.block.time };
      writeListing(ctx.store, next);
      addDiscovery(ctx.store, next);
      ctx.emit("ListingResumed", { id: l.id });
    },
    closeListing(ctx, [id]) {
      const l = own(ctx, id as bigint, "close", [A, P]);
      writeListing(ctx.store, { ...l, state: ListingState.Closed, updatedAt: ctx.block.time });
      if (l.state === A) removeDiscovery(ctx.store, l);
      ctx.emit("ListingClosed", { id: l.id });
    },
  };
}
