// Secondary indexes: keys sorted so that every query is one range scan. Discovery indexes
// (category, tag, geohash) hold Active listings only; seller and order indexes hold everything.
import type { Address } from "../../crypto/index.js";
import { concatBytes, fromHex } from "../../lib/index.js";
import { MeteredKv, type ModuleContext, type ModuleStore, modulePrefix, prefixEnd } from "../../state/index.js";
import { readU64, u64Key } from "../../store/codec.js";
import { invalidQuery } from "./errors.js";
import type { Listing } from "./state.js";

const enc = new TextEncoder();
const SEP = Uint8Array.of(0);
export const IX = {
  bySeller: enc.encode("is/"),
  byCategory: enc.encode("ic/"),
  byTag: enc.encode("it/"),
  byGeohash: enc.encode("ig/"),
  ordersByBuyer: enc.encode("ob/"),
  ordersBySeller: enc.encode("os/"),
};

/** Largest page any list query returns. */
export const MAX_PAGE = 100;

/** Prefix of one address's entries. */
export const addressPrefix = (ix: Uint8Array, who: Address) => concatBytes(ix, fromHex(who));
/** Prefix of one exact name (category, tag): the separator stops "art" matching "artisan". */
export const namePrefix = (ix: Uint8Array, name: string) => concatBytes(ix, enc.encode(name), SEP);
/** Prefix of every geohash starting with `prefix` ("nearby": a shorter prefix is a larger cell). */
export const geohashPrefix = (prefix: string) => concatBytes(IX.byGeohash, enc.encode(prefix));

function discoveryKeys(l: Listing): Uint8Array[] {
  const id = u64Key(l.id);
  const keys = [concatBytes(namePrefix(IX.byCategory, l.category), id)];
  for (const t of l.tags) keys.push(concatBytes(namePrefix(IX.byTag, t), id));
  if (l.geohash !== "") keys.push(concatBytes(geohashPrefix(l.geohash), SEP, id));
  return keys;
}

/** Make an Active listing findable by category, tag and geohash. */
export function addDiscovery(store: ModuleStore, l: Listing): void {
  for (const k of discoveryKeys(l)) store.set(k, Uint8Array.of(1));
}

/** Remove a listing from discovery (paused, closed, or about to be re-indexed after an update). */
export function removeDiscovery(store: ModuleStore, l: Listing): void {
  for (const k of discoveryKeys(l)) store.delete(k);
}

/** Index `id` under `who` in index `ix`. */
export function indexByAddress(store: ModuleStore, ix: Uint8Array, who: Address, id: bigint): void {
  store.set(concatBytes(addressPrefix(ix, who), u64Key(id)), Uint8Array.of(1));
}

/**
 * One page of ids under `prefix`, in key order, after `cursor` (the `next` of the previous page;
 * empty = from the start). `next` is empty when nothing follows. Every index key ends in the id.
 */
export function page(
  ctx: ModuleContext,
  prefix: Uint8Array,
  cursor: Uint8Array,
  limit: bigint,
): { ids: bigint[]; next: Uint8Array } {
  if (limit < 1n || limit > BigInt(MAX_PAGE)) throw invalidQuery(`page limit must be between 1 and ${MAX_PAGE}`);
  if (!(ctx.kv instanceof MeteredKv)) throw new Error("market: queries need a module context");
  const full = concatBytes(modulePrefix("market"), prefix);
  const start = cursor.length === 0 ? full : concatBytes(full, cursor, SEP);
  const ids: bigint[] = [];
  let last: Uint8Array | null = null;
  for (const { key } of ctx.kv.range(start, prefixEnd(full))) {
    if (ids.length === Number(limit)) return { ids, next: (last as Uint8Array).subarray(full.length) };
    ids.push(readU64(key, key.length - 8));
    last = key;
  }
  return { ids, next: new Uint8Array(0) };
}
