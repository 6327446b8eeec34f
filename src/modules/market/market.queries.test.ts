import { afterAll, describe, expect, it } from "vitest";
import { removeDir, testKey } from "../../../test/harness.js";
import { marketBench, PRICE, terms } from "./market.testing.js";

const alice = testKey(70);
const bob = testKey(71);
const buyer = testKey(72);
const b = marketBench([alice, bob, buyer]);
afterAll(async () => {
  await b.c.close();
  removeDir(b.c.dir);
});

type Page = readonly [readonly bigint[], `0x${string}`];
/** Every id of a list query, fetched `limit` at a time by following `next`. */
function all(fn: string, key: unknown, limit: bigint): { ids: bigint[]; pages: number } {
  const ids: bigint[] = [];
  let cursor: `0x${string}` = "0x";
  let pages = 0;
  do {
    const [page, next] = b.view<Page>(fn, [key, cursor, limit]);
    ids.push(...page);
    pages++;
    cursor = next;
  } while (cursor !== "0x");
  return { ids, pages };
}

function create(who: typeof alice, o: Parameters<typeof terms>[0]): bigint {
  const id = b.view<bigint>("nextListingId");
  expect(b.send(who, "createListing", [terms(o)])).toMatchObject({ status: 1 });
  return id;
}

describe("market queries: index range scans with cursor pagination", () => {
  // 1 bikes/dallas, 2 bikes/dallas-nearby, 3 phones/houston, 4 bikes (bob)/no location, 5 art/dallas
  const ids: bigint[] = [];
  it("finds listings by seller, category, tag and geohash prefix", () => {
    ids.push(create(alice, { category: "bikes", tags: ["vintage", "road"], geohash: "9vg4mq" }));
    ids.push(create(alice, { category: "bikes", tags: ["road"], geohash: "9vg4mr" }));
    ids.push(create(alice, { category: "phones", tags: ["vintage"], geohash: "9vk1xx" }));
    ids.push(create(bob, { category: "bikes", tags: ["mtb"], geohash: "" }));
    ids.push(create(bob, { category: "art", tags: ["vintage"], geohash: "9vg4zz" }));
    const [l1, l2, l3, l4, l5] = ids as [bigint, bigint, bigint, bigint, bigint];
    expect(all("listingsBySeller", alice.address, 100n).ids).toEqual([l1, l2, l3]);
    expect(all("listingsBySeller", bob.address, 100n).ids).toEqual([l4, l5]);
    expect(all("listingsByCategory", "bikes", 100n).ids).toEqual([l1, l2, l4]);
    expect(all("listingsByCategory", "bike", 100n).ids).toEqual([]);
    expect(all("listingsByTag", "vintage", 100n).ids).toEqual([l1, l3, l5]);
    // Nearby: a shorter geohash prefix is a larger cell; results in geohash order.
    expect(all("listingsNear", "9vg4m", 100n).ids).toEqual([l1, l2]);
    expect(all("listingsNear", "9vg4", 100n).ids).toEqual([l1, l2, l5]);
    expect(all("listingsNear", "9v", 100n).ids).toEqual([l1, l2, l5, l3]);
    expect(all("listingsNear", "dr", 100n).ids).toEqual([]);
  });

  it("pages follow the cursor without gaps or repeats, whatever the page size", () => {
    for (const limit of [1n, 2n, 3n]) {
      const r = all("listingsNear", "9v", limit);
      expect(r.ids).toEqual([ids[0], ids[1], ids[4], ids[2]]);
      // `next` is empty on the last page: no trailing empty page.
      expect(r.pages).toBe(Math.ceil(4 / Number(limit)));
    }
    expect(() => b.view("listingsByTag", ["road", "0x", 101n])).toThrow("market: page limit must be between 1 and 100");
    expect(() => b.view("listingsByTag", ["road", "0x", 0n])).toThrow("market: page limit must be between 1 and 100");
  });

  it("paused and closed listings leave discovery (not the seller's list); an update re-indexes", () => {
    const l1 = ids[0] as bigint;
    b.send(alice, "pauseListing", [l1]);
    expect(all("listingsByCategory", "bikes", 100n).ids).not.toContain(l1);
    expect(all("listingsByTag", "vintage", 100n).ids).not.toContain(l1);
    expect(all("listingsNear", "9vg4m", 100n).ids).not.toContain(l1);
    expect(all("listingsBySeller", alice.address, 100n).ids).toContain(l1);
    b.send(alice, "resumeListing", [l1]);
    expect(all("listingsByCategory", "bikes", 100n).ids).toContain(l1);
    b.send(alice, "updateListing", [
      l1,
      terms({ category: "cycling", tags: ["retro"], geohash: "dr5reg", price: PRICE * 2n }),
    ]);
    expect(all("listingsByCategory", "bikes", 100n).ids).not.toContain(l1);
    expect(all("listingsByCategory", "cycling", 100n).ids).toEqual([l1]);
    expect(all("listingsByTag", "vintage", 100n).ids).not.toContain(l1);
    expect(all("listingsByTag", "retro", 100n).ids).toEqual([l1]);
    expect(all("listingsNear", "dr5", 100n).ids).toEqual([l1]);
    expect(b.view<{ price: bigint }>("getListing", [l1]).price).toBe(PRICE * 2n);
    b.send(alice, "closeListing", [l1]);
    expect(all("listingsByCategory", "cycling", 100n).ids).toEqual([]);
    expect(all("listingsBySeller", alice.address, 100n).ids).toContain(l1);
  });

  it("orders by buyer and by seller, paged", () => {
    const l2 = ids[1] as bigint;
    const l5 = ids[4] as bigint;
    const first = b.view<bigint>("nextOrderId");
    const value = PRICE + PRICE / 10n;
    for (const l of [l2, l5, l2]) b.send(buyer, "order", [l, 1n], value);
    const placed = [first, first + 1n, first + 2n];
    expect(all("ordersByBuyer", buyer.address, 2n).ids).toEqual(placed);
    expect(all("ordersBySeller", alice.address, 1n).ids).toEqual([first, first + 2n]);
    expect(all("ordersBySeller", bob.address, 100n).ids).toEqual([first + 1n]);
    expect(all("ordersByBuyer", alice.address, 100n).ids).toEqual([]);
  });

  it("params and unknown ids", () => {
    expect(b.view("params")).toEqual([1_000n, 2n * 86_400_000n, 90n * 86_400_000n]);
    expect(() => b.view("getListing", [999n])).toThrow("market: no listing with id 999");
    expect(() => b.view("getOrder", [999n])).toThrow("market: no order with id 999");
    expect(() => b.view("getRatings", [999n])).toThrow("market: no order with id 999");
  });
});
