// Every call refuses the wrong caller, state, amount, expired deadline, double rating or unknown
// id with a readable reason, and leaves listings, orders, holdings and counters as they were.
import { afterAll, describe, expect, it } from "vitest";
import { removeDir, testKey } from "../../../test/harness.js";
import { ModuleAddress } from "../addresses.js";
import type { Key } from "../escrow/driver.testing.js";
import { DAY, hash, marketBench, PRICE, terms } from "./market.testing.js";

const seller = testKey(80);
const buyer = testKey(81);
const carrier = testKey(82);
const stranger = testKey(83);
const b = marketBench([seller, buyer, carrier, stranger]);
afterAll(async () => {
  await b.c.close();
  removeDir(b.c.dir);
});
const DEP = PRICE / 10n;

function snapshot(listingId: bigint, orderId?: bigint) {
  return {
    listing: b.view("getListing", [listingId]),
    order: orderId === undefined ? null : b.view("getOrder", [orderId]),
    ratings: orderId === undefined ? null : b.view("getRatings", [orderId]),
    held: b.d.balance(ModuleAddress.market) + b.d.balance(ModuleAddress.escrow),
    nextListing: b.view("nextListingId"),
    nextOrder: b.view("nextOrderId"),
    cases: b.arbitrator.requests.length,
  };
}

/** `fn` reverts with `reason`, no events, and nothing observable changes. */
function refused(who: Key, fn: string, args: readonly unknown[], reason: string, at: [bigint, bigint?], value = 0n) {
  const before = snapshot(at[0], at[1]);
  expect(b.send(who, fn, args, value), `${fn} by ${who.address}`).toEqual({ status: 0, reason, events: [] });
  expect(snapshot(at[0], at[1])).toEqual(before);
}

function create(o: Parameters<typeof terms>[0] = {}): bigint {
  const id = b.view<bigint>("nextListingId");
  expect(b.send(seller, "createListing", [terms({ carriers: [carrier.address], ...o })])).toMatchObject({ status: 1 });
  return id;
}
function place(lid: bigint, n = 1n): bigint {
  const id = b.view<bigint>("nextOrderId");
  expect(b.send(buyer, "order", [lid, n], (PRICE + DEP) * n)).toMatchObject({ status: 1 });
  return id;
}

describe("market refusals: listings", () => {
  it("createListing refuses bad terms", () => {
    const lid = create();
    const bad = (o: Parameters<typeof terms>[0], reason: string) =>
      refused(seller, "createListing", [terms(o)], `market: ${reason}`, [lid]);
    bad({ title: "" }, "title must be 1 to 200 bytes");
    bad({ title: "x".repeat(201) }, "title must be 1 to 200 bytes");
    bad({ descriptionUri: "u".repeat(257) }, "description URI is at most 256 bytes");
    bad({ category: "Bikes" }, "category must be 1 to 32 of a-z, 0-9 and '-'");
    bad({ category: "" }, "category must be 1 to 32 of a-z, 0-9 and '-'");
    bad({ tags: ["a", "b", "c", "d", "e", "f", "g", "h", "i"] }, "at most 8 tags");
    bad({ tags: ["ok", "not ok"] }, "a tag must be 1 to 32 of a-z, 0-9 and '-'");
    bad({ tags: ["road", "road"] }, "duplicate tag");
    bad({ price: 0n }, "price must be positive");
    bad({ quantity: 0n }, "quantity must be at least 1");
    bad({ geohash: "9vg4a" }, "geohash must be at most 12 geohash characters");
    bad({ carriers: [seller.address] }, "a carrier cannot be the seller or zero");
    bad({ carriers: [carrier.address, carrier.address] }, "duplicate carrier");
    bad({ shippingWindowMs: 0n }, "shipping window must be between 1 ms and 90 days");
    bad({ inspectionWindowMs: 91n * DAY }, "inspection window must be between 1 ms and 90 days");
  });

  it("update, pause, resume and close refuse a stranger, the wrong state and unknown ids", () => {
    const lid = create();
    refused(stranger, "updateListing", [lid, terms()], "market: only the seller can update", [lid]);
    refused(stranger, "pauseListing", [lid], "market: only the seller can pause", [lid]);
    refused(seller, "resumeListing", [lid], "market: cannot resume a listing that is active", [lid]);
    refused(seller, "updateListing", [lid, terms({ price: 0n })], "market: price must be positive", [lid]);
    refused(seller, "pauseListing", [999n], "market: no listing with id 999", [lid]);
    b.send(seller, "pauseListing", [lid]);
    refused(seller, "pauseListing", [lid], "market: cannot pause a listing that is paused", [lid]);
    refused(buyer, "order", [lid, 1n], "market: cannot order from a listing that is paused", [lid], PRICE + DEP);
    b.send(seller, "closeListing", [lid]);
    refused(seller, "closeListing", [lid], "market: cannot close a listing that is closed", [lid]);
    refused(seller, "updateListing", [lid, terms()], "market: cannot update a listing that is closed", [lid]);
    refused(seller, "resumeListing", [lid], "market: cannot resume a listing that is closed", [lid]);
    refused(seller, "createListing", [terms()], "market: createListing does not accept CMT", [lid], 1n);
  });
});

describe("market refusals: orders", () => {
  it("order refuses the seller itself, a bad quantity, a wrong value and an unknown listing", () => {
    const lid = create({ quantity: 2n });
    refused(seller, "order", [lid, 1n], "market: a seller cannot order from its own listing", [lid], PRICE + DEP);
    refused(buyer, "order", [lid, 0n], "market: quantity must be between 1 and 2", [lid], 0n);
    refused(buyer, "order", [lid, 3n], "market: quantity must be between 1 and 2", [lid], 3n * (PRICE + DEP));
    const v = 2n * (PRICE + DEP);
    refused(buyer, "order", [lid, 2n], `market: send exactly ${v} wei, not ${v - 1n}`, [lid], v - 1n);
    refused(buyer, "order", [lid, 2n], `market: send exactly ${v} wei, not ${PRICE * 2n}`, [lid], PRICE * 2n);
    refused(buyer, "order", [77n, 1n], "market: no listing with id 77", [lid], PRICE + DEP);
  });

  it("a placed order refuses what only comes later, and the wrong parties", () => {
    const lid = create();
    const oid = place(lid);
    const at: [bigint, bigint] = [lid, oid];
    refused(buyer, "acceptOrder", [oid], "market: only the seller can accept the order", at, DEP);
    refused(seller, "acceptOrder", [oid], `market: send exactly ${DEP} wei, not ${DEP + 1n}`, at, DEP + 1n);
    refused(buyer, "declineOrder", [oid], "market: only the seller can decline the order", at);
    refused(seller, "cancelOrder", [oid], "market: only the buyer can cancel the order", at);
    refused(seller, "shipOrder", [oid, hash("01")], "market: cannot ship the order: the order is placed", at);
    refused(buyer, "confirmDelivery", [oid], "market: cannot confirm delivery: the order is placed", at);
    refused(buyer, "acceptGoods", [oid], "market: cannot accept the goods: the order is placed", at);
    refused(buyer, "rejectGoods", [oid], "market: cannot reject the goods: the order is placed", at);
    refused(seller, "refundOrder", [oid], "market: cannot refund the order: the order is placed", at);
    refused(buyer, "disputeOrder", [oid], "market: cannot dispute the order: the order is placed", at);
    refused(buyer, "rate", [oid, 5, hash("01")], "market: cannot rate: the order is placed", at);
    for (const fn of ["cancelOrder", "declineOrder", "confirmDelivery", "acceptGoods", "refundOrder", "disputeOrder"]) {
      refused(buyer, fn, [555n], "market: no order with id 555", at);
    }
  });

  it("an accepted, shipped, delivered order refuses the wrong parties, states and deadlines", () => {
    const lid = create();
    const oid = place(lid);
    const at: [bigint, bigint] = [lid, oid];
    b.send(seller, "acceptOrder", [oid], DEP);
    refused(seller, "acceptOrder", [oid], "market: cannot accept the order: the order is accepted", at, DEP);
    refused(buyer, "cancelOrder", [oid], "market: cannot cancel the order: the order is accepted", at);
    refused(stranger, "shipOrder", [oid, hash("01")], "market: only the seller can ship the order", at);
    refused(seller, "shipOrder", [oid, hash("00")], "market: tracking hash must not be zero", at);
    const who = "market: only the buyer or an accepted carrier can confirm delivery";
    refused(seller, "confirmDelivery", [oid], who, at);
    refused(stranger, "confirmDelivery", [oid], who, at);
    refused(stranger, "disputeOrder", [oid], "market: only the buyer or the seller can dispute the order", at);
    refused(seller, "acceptGoods", [oid], "market: only the buyer can accept the goods", at);
    refused(buyer, "refundOrder", [oid], "market: only the seller can refund the order", at);
    b.send(seller, "shipOrder", [oid, hash("01")]);
    refused(seller, "shipOrder", [oid, hash("02")], "market: cannot ship the order: the order is shipped", at);
    refused(buyer, "rejectGoods", [oid], "market: cannot reject the goods: the order is shipped", at);
    b.send(carrier, "confirmDelivery", [oid]);
    refused(stranger, "rejectGoods", [oid], "market: only the buyer can reject the goods", at);
    refused(buyer, "rate", [oid, 5, hash("01")], "market: cannot rate: the order is delivered", at);
    // In the block that ends inspection, silence has already won: no rejection.
    b.time = (b.view<{ inspectionEnds: bigint }>("getOrder", [oid]).inspectionEnds as bigint) - 1_000n;
    const r = b.send(buyer, "rejectGoods", [oid]);
    expect(r).toEqual({ status: 0, reason: "market: the inspection window has passed", events: [] });
    expect(b.view<{ state: number }>("getOrder", [oid]).state).toBe(3);
  });

  it("rate refuses strangers, scores outside 1..5, a second rating and unknown orders", () => {
    const lid = create();
    const oid = place(lid);
    b.send(seller, "acceptOrder", [oid], DEP);
    b.send(buyer, "acceptGoods", [oid]);
    const at: [bigint, bigint] = [lid, oid];
    refused(stranger, "rate", [oid, 5, hash("01")], "market: only the buyer or the seller can rate this order", at);
    refused(buyer, "rate", [oid, 0, hash("01")], "market: score must be 1 to 5", at);
    refused(buyer, "rate", [oid, 6, hash("01")], "market: score must be 1 to 5", at);
    refused(buyer, "rate", [444n, 5, hash("01")], "market: no order with id 444", at);
    expect(b.send(buyer, "rate", [oid, 3, hash("01")])).toMatchObject({ status: 1 });
    const rep = b.view("reputation", [seller.address]);
    refused(buyer, "rate", [oid, 5, hash("02")], `market: you already rated order ${oid}`, at);
    expect(b.view("reputation", [seller.address])).toEqual(rep);
  });
});
