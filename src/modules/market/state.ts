import { type Address, addressFromBytes } from "../../crypto/index.js";
import { concatBytes, fromHex, toHex } from "../../lib/index.js";
import type { ModuleStore } from "../../state/index.js";
import { readU64, u64Key } from "../../store/codec.js";
import { expectBytes, expectList, expectUint, type RlpItem, rlpDecode, rlpEncode } from "../../types/index.js";

/** Lifecycle of a listing (numbers are part of the protocol: never renumber). */
export const ListingState = { Active: 0, Paused: 1, Closed: 2 } as const;
export type ListingState = (typeof ListingState)[keyof typeof ListingState];
export const listingStateName = (s: ListingState) => ["active", "paused", "closed"][s] ?? "unknown";

/** What a seller states about a listing (the ABI's ListingTerms). */
export interface ListingTerms {
  title: string;
  descriptionHash: `0x${string}`;
  descriptionUri: string;
  category: string;
  tags: string[];
  /** Price of one unit, wei. */
  price: bigint;
  /** Units available to order. */
  quantity: bigint;
  geohash: string;
  /** Deposit each side posts per unit, wei (0 in a call = the default share of the price). */
  deposit: bigint;
  carriers: Address[];
  shippingWindowMs: bigint;
  inspectionWindowMs: bigint;
}

export interface Listing extends ListingTerms {
  id: bigint;
  seller: Address;
  state: ListingState;
  createdAt: bigint;
  updatedAt: bigint;
}

/** An order: the escrow holds the money and its state is the order's state. */
export interface Order {
  id: bigint;
  listingId: bigint;
  buyer: Address;
  seller: Address;
  quantity: bigint;
  unitPrice: bigint;
  unitDeposit: bigint;
  escrowId: bigint;
  placedAt: bigint;
  /** The ordered quantity went back to the listing (it is restored at most once). */
  restored: boolean;
}

/** Ratings received, as sums (averages are computed in queries). */
export interface Reputation {
  asSellerCount: bigint;
  asSellerSum: bigint;
  asBuyerCount: bigint;
  asBuyerSum: bigint;
}

const enc = new TextEncoder();
const dec = new TextDecoder();
const V1 = 1;
export const K = {
  listing: enc.encode("l/"),
  order: enc.encode("o/"),
  nextListing: enc.encode("nl"),
  nextOrder: enc.encode("no"),
  reputation: enc.encode("r/"),
  rating: enc.encode("g/"),
};

const addr = (item: RlpItem | undefined, what: string) => addressFromBytes(expectBytes(item, what));
const str = (item: RlpItem | undefined, what: string) => dec.decode(expectBytes(item, what));
function list(item: RlpItem | undefined, what: string): RlpItem[] {
  if (!Array.isArray(item)) throw new Error(`market: ${what} must be a list`);
  return item;
}
function version(f: RlpItem[], what: string): void {
  if (expectUint(f[0], "version") !== BigInt(V1)) throw new Error(`market: unknown ${what} encoding`);
}

export function readListing(store: ModuleStore, id: bigint): Listing | null {
  if (id >= 1n << 64n) return null;
  const v = store.get(concatBytes(K.listing, u64Key(id)));
  if (!v) return null;
  const f = expectList(rlpDecode(v), 17, "listing");
  version(f, "listing");
  return {
    id,
    seller: addr(f[1], "seller"),
    title: str(f[2], "title"),
    descriptionHash: toHex(expectBytes(f[3], "descriptionHash")) as `0x${string}`,
    descriptionUri: str(f[4], "descriptionUri"),
    category: str(f[5], "category"),
    tags: list(f[6], "tags").map((t) => str(t, "tag")),
    price: expectUint(f[7], "price"),
    quantity: expectUint(f[8], "quantity"),
    geohash: str(f[9], "geohash"),
    deposit: expectUint(f[10], "deposit"),
    carriers: list(f[11], "carriers").map((c) => addr(c, "carrier")),
    shippingWindowMs: expectUint(f[12], "shippingWindowMs"),
    inspectionWindowMs: expectUint(f[13], "inspectionWindowMs"),
    state: Number(expectUint(f[14], "state")) as ListingState,
    createdAt: expectUint(f[15], "createdAt"),
    updatedAt: expectUint(f[16], "updatedAt"),
  };
}

export function writeListing(store: ModuleStore, l: Listing): void {
  store.set(
    concatBytes(K.listing, u64Key(l.id)),
    rlpEncode([
      V1,
      fromHex(l.seller),
      enc.encode(l.title),
      fromHex(l.descriptionHash),
      enc.encode(l.descriptionUri),
      enc.encode(l.category),
      l.tags.map((t) => enc.encode(t)),
      l.price,
      l.quantity,
      enc.encode(l.geohash),
      l.deposit,
      l.carriers.map((c) => fromHex(c)),
      l.shippingWindowMs,
      l.inspectionWindowMs,
      l.state,
      l.createdAt,
      l.updatedAt,
    ]),
  );
}

export function readOrder(store: ModuleStore, id: bigint): Order | null {
  if (id >= 1n << 64n) return null;
  const v = store.get(concatBytes(K.order, u64Key(id)));
  if (!v) return null;
  const f = expectList(rlpDecode(v), 10, "order");
  version(f, "order");
  return {
    id,
    listingId: expectUint(f[1], "listingId"),
    buyer: addr(f[2], "buyer"),
    seller: addr(f[3], "seller"),
    quantity: expectUint(f[4], "quantity"),
    unitPrice: expectUint(f[5], "unitPrice"),
    unitDeposit: expectUint(f[6], "unitDeposit"),
    escrowId: expectUint(f[7], "escrowId"),
    placedAt: expectUint(f[8], "placedAt"),
    restored: expectUint(f[9], "restored") === 1n,
  };
}

export function writeOrder(store: ModuleStore, o: Order): void {
  store.set(
    concatBytes(K.order, u64Key(o.id)),
    rlpEncode([
      V1,
      o.listingId,
      fromHex(o.buyer),
      fromHex(o.seller),
      o.quantity,
      o.unitPrice,
      o.unitDeposit,
      o.escrowId,
      o.placedAt,
      o.restored ? 1 : 0,
    ]),
  );
}

/** Next id of a counter (ids start at 1). */
export function peekId(store: ModuleStore, key: Uint8Array): bigint {
  const v = store.get(key);
  return v ? readU64(v) : 1n;
}

export function takeId(store: ModuleStore, key: Uint8Array): bigint {
  const id = peekId(store, key);
  store.set(key, u64Key(id + 1n));
  return id;
}

export function readReputation(store: ModuleStore, who: Address): Reputation {
  const v = store.get(concatBytes(K.reputation, fromHex(who)));
  if (!v) return { asSellerCount: 0n, asSellerSum: 0n, asBuyerCount: 0n, asBuyerSum: 0n };
  const f = expectList(rlpDecode(v), 5, "reputation");
  version(f, "reputation");
  return {
    asSellerCount: expectUint(f[1], "asSellerCount"),
    asSellerSum: expectUint(f[2], "asSellerSum"),
    asBuyerCount: expectUint(f[3], "asBuyerCount"),
    asBuyerSum: expectUint(f[4], "asBuyerSum"),
  };
}

export function writeReputation(store: ModuleStore, who: Address, r: Reputation): void {
  store.set(
    concatBytes(K.reputation, fromHex(who)),
    rlpEncode([V1, r.asSellerCount, r.asSellerSum, r.asBuyerCount, r.asBuyerSum]),
  );
}

/** Who gave a rating on an order: the buyer (of the seller) or the seller (of the buyer). */
export const RatingBy = { Buyer: 1, Seller: 2 } as const;
export type RatingBy = (typeof RatingBy)[keyof typeof RatingBy];
export interface Rating {
  score: number;
  reviewHash: `0x${string}`;
}

const ratingKey = (orderId: bigint, by: RatingBy) => concatBytes(K.rating, u64Key(orderId), Uint8Array.of(by));

export function readRating(store: ModuleStore, orderId: bigint, by: RatingBy): Rating | null {
  const v = store.get(ratingKey(orderId, by));
  if (!v) return null;
  const f = expectList(rlpDecode(v), 2, "rating");
  return {
    score: Number(expectUint(f[0], "score")),
    reviewHash: toHex(expectBytes(f[1], "reviewHash")) as `0x${string}`,
  };
}

export function writeRating(store: ModuleStore, orderId: bigint, by: RatingBy, r: Rating): void {
  store.set(ratingKey(orderId, by), rlpEncode([r.score, fromHex(r.reviewHash)]));
}
