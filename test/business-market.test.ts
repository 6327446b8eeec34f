// The market through the SDK against one real node process: listings and every query, a whole
// trade with ratings and reputation, every timeout, decline/cancel/refund, and refusals that leave
// state and balances unchanged. Exact wei: every expectation subtracts the fees from the receipts.
import { parseEther } from "viem";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { marketAbi, TransactionRevertedError } from "../src/sdk/index.js";
import {
  type BusinessNode,
  type Client,
  eventOf,
  expectRefused,
  hash32,
  Ledger,
  startBusinessNode,
  waitForBlockTime,
} from "./support/business.js";

// Order states are the escrow states (src/modules/market/README.md).
const S = { placed: 0, accepted: 1, delivered: 2, completed: 3, refunded: 4, cancelled: 5, declined: 6 } as const;
const S2 = { disputed: 7, expired: 9, shipped: 10, lapsed: 11 } as const;
const L = { active: 0, paused: 1, closed: 2 } as const;
const DAY = 86_400_000n;

let net: BusinessNode;
let ledger: Ledger;
const PRICE = parseEther("10");
const DEP = parseEther("1");

type Terms = {
  title: string;
  descriptionHash: `0x${string}`;
  descriptionUri: string;
  category: string;
  tags: readonly string[];
  price: bigint;
  quantity: bigint;
  geohash: string;
  deposit: bigint;
  carriers: readonly `0x${string}`[];
  shippingWindowMs: bigint;
  inspectionWindowMs: bigint;
};
const terms = (o: Partial<Terms> = {}): Terms => ({
  title: "City bike",
  descriptionHash: hash32(0xd1),
  descriptionUri: "ipfs://bafy-bike",
  category: "bikes",
  tags: ["city"],
  price: PRICE,
  quantity: 5n,
  geohash: "u4pruyd",
  deposit: DEP,
  carriers: [],
  shippingWindowMs: 600_000n,
  inspectionWindowMs: 600_000n,
  ...o,
});

const ACCEPT_WINDOW_MS = 8_000n;

beforeAll(async () => {
  // A short seller acceptance window (a genesis parameter; 2 days by default) for the expiry path.
  net = await startBusinessNode({ market: { acceptWindowMs: String(ACCEPT_WINDOW_MS) } });
  ledger = new Ledger(net.dev(1));
}, 60_000);
afterAll(async () => {
  await net?.stop();
});

async function list(seller: Client, t: Terms): Promise<bigint> {
  const { events } = await ledger.tx(seller, () => seller.market.write.createListing([t]));
  return eventOf<{ id: bigint }>(events, "market", "ListingCreated").id;
}
async function placeOrder(buyer: Client, listingId: bigint, qty: bigint, unit = PRICE + DEP): Promise<bigint> {
  const { events } = await ledger.tx(buyer, () => buyer.market.write.order([listingId, qty], { value: unit * qty }));
  return eventOf<{ orderId: bigint }>(events, "market", "OrderPlaced").orderId;
}
const ids = (page: readonly [readonly bigint[], `0x${string}`]) => page[0];

describe("market listings and queries", () => {
  it("creates, updates, pauses, resumes and closes listings; every query pages through them", async () => {
    const [alice, bob] = [await net.trader(parseEther("10")), await net.trader(parseEther("10"))];
    const a1 = await list(
      alice,
      terms({ category: "q-bikes", tags: ["red", "city"], geohash: "u4pruyd", deposit: 0n }),
    );
    const a2 = await list(alice, terms({ category: "q-bikes", tags: ["red"], geohash: "u4pruz" }));
    const a3 = await list(alice, terms({ category: "q-books", tags: ["city"], geohash: "u4q" }));
    const b1 = await list(bob, terms({ category: "q-bikes", tags: [], geohash: "ezs42" }));

    expect(await alice.market.read.nextListingId()).toBe(b1 + 1n);
    const l1 = await alice.market.read.getListing([a1]);
    expect(l1).toMatchObject({
      seller: alice.account.address,
      category: "q-bikes",
      tags: ["red", "city"],
      state: L.active,
    });
    expect(l1.deposit).toBe(PRICE / 10n); // deposit 0 = 10 % of the price (defaultDepositBps)
    expect(await alice.market.read.params()).toEqual([1_000n, ACCEPT_WINDOW_MS, 90n * DAY]);

    // By seller, two per page: the cursor walks the rest.
    const p1 = await alice.market.read.listingsBySeller([alice.account.address, "0x", 2n]);
    expect(p1[0]).toEqual([a1, a2]);
    expect(p1[1]).not.toBe("0x");
    const p2 = await alice.market.read.listingsBySeller([alice.account.address, p1[1], 2n]);
    expect(p2).toEqual([[a3], "0x"]);
    expect(ids(await alice.market.read.listingsByCategory(["q-bikes", "0x", 10n]))).toEqual([a1, a2, b1]);
    const c1 = await alice.market.read.listingsByCategory(["q-bikes", "0x", 1n]);
    const c2 = await alice.market.read.listingsByCategory(["q-bikes", c1[1], 1n]);
    const c3 = await alice.market.read.listingsByCategory(["q-bikes", c2[1], 1n]);
    expect([...c1[0], ...c2[0], ...c3[0]]).toEqual([a1, a2, b1]);
    expect(c3[1]).toBe("0x");
    expect(ids(await alice.market.read.listingsByTag(["red", "0x", 10n]))).toEqual([a1, a2]);
    // Nearby: a shorter geohash prefix is a larger cell; ordered by geohash then id.
    expect(ids(await alice.market.read.listingsNear(["u4pru", "0x", 10n]))).toEqual([a1, a2]);
    expect(ids(await alice.market.read.listingsNear(["u4", "0x", 10n]))).toEqual([a1, a2, a3]);
    const n1 = await alice.market.read.listingsNear(["u4", "0x", 2n]);
    expect(await alice.market.read.listingsNear(["u4", n1[1], 2n])).toEqual([[a3], "0x"]);
    expect(ids(await alice.market.read.listingsNear(["ezs", "0x", 10n]))).toEqual([b1]);

    // Pause: gone from discovery, still listed by seller; resume brings it back.
    const paused = await ledger.tx(alice, () => alice.market.write.pauseListing([a2]));
    expect(eventOf(paused.events, "market", "ListingPaused")).toEqual({ id: a2 });
    expect((await alice.market.read.getListing([a2])).state).toBe(L.paused);
    expect(ids(await alice.market.read.listingsByCategory(["q-bikes", "0x", 10n]))).toEqual([a1, b1]);
    expect(ids(await alice.market.read.listingsByTag(["red", "0x", 10n]))).toEqual([a1]);
    expect(ids(await alice.market.read.listingsNear(["u4pru", "0x", 10n]))).toEqual([a1]);
    expect(ids(await alice.market.read.listingsBySeller([alice.account.address, "0x", 10n]))).toEqual([a1, a2, a3]);
    const carol = await net.trader(parseEther("100"));
    await expectRefused(
      carol.market.write.order([a2, 1n], { value: PRICE + DEP }),
      "market: cannot order from a listing that is paused",
    );
    await ledger.tx(alice, () => alice.market.write.resumeListing([a2]));
    expect(ids(await alice.market.read.listingsByTag(["red", "0x", 10n]))).toEqual([a1, a2]);

    // Update re-indexes: a1 moves to another category, tag and cell.
    const upd = await ledger.tx(alice, () =>
      alice.market.write.updateListing([
        a1,
        terms({ category: "q-books", tags: ["blue"], geohash: "u4q", price: parseEther("12"), quantity: 7n }),
      ]),
    );
    expect(eventOf(upd.events, "market", "ListingUpdated")).toEqual({ id: a1, price: parseEther("12"), quantity: 7n });
    expect(ids(await alice.market.read.listingsByCategory(["q-bikes", "0x", 10n]))).toEqual([a2, b1]);
    expect(ids(await alice.market.read.listingsByCategory(["q-books", "0x", 10n]))).toEqual([a1, a3]);
    expect(ids(await alice.market.read.listingsByTag(["blue", "0x", 10n]))).toEqual([a1]);
    expect(ids(await alice.market.read.listingsNear(["u4pru", "0x", 10n]))).toEqual([a2]);

    // Close is final.
    await ledger.tx(alice, () => alice.market.write.closeListing([a3]));
    expect((await alice.market.read.getListing([a3])).state).toBe(L.closed);
    expect(ids(await alice.market.read.listingsByCategory(["q-books", "0x", 10n]))).toEqual([a1]);
    await expectRefused(alice.market.write.resumeListing([a3]), "market: cannot resume a listing that is closed");
    await expectRefused(
      alice.market.write.updateListing([a3, terms()]),
      "market: cannot update a listing that is closed",
    );
    await expectRefused(
      carol.market.write.order([a3, 1n], { value: PRICE + DEP }),
      "market: cannot order from a listing that is closed",
    );
    // Wrong caller, bad terms, unknown ids, bad page sizes.
    await expectRefused(bob.market.write.pauseListing([a1]), "market: only the seller can pause");
    await expectRefused(bob.market.write.updateListing([a1, terms()]), "market: only the seller can update");
    await expectRefused(
      alice.market.write.createListing([terms({ title: "" })]),
      "market: title must be 1 to 200 bytes",
    );
    await expectRefused(
      alice.market.write.createListing([terms({ category: "Bikes" })]),
      "market: category must be 1 to 32 of a-z, 0-9 and '-'",
    );
    await expectRefused(
      alice.market.write.createListing([terms({ carriers: [alice.account.address] })]),
      "market: a carrier cannot be the seller or zero",
    );
    await expectRefused(
      alice.market.write.createListing([terms({ shippingWindowMs: 91n * DAY })]),
      "market: shipping window must be between 1 ms and 90 days",
    );
    await expectRefused(alice.market.write.pauseListing([999_999n]), "market: no listing with id 999999");
    await expectRefused(alice.market.read.getListing([999_999n]), "market: no listing with id 999999");
    await expectRefused(
      alice.market.read.listingsByTag(["red", "0x", 101n]),
      "market: page limit must be between 1 and 100",
    );
    await expectRefused(
      alice.market.read.listingsNear(["u4", "0x", 0n]),
      "market: page limit must be between 1 and 100",
    );
    // None of the refusals changed a listing.
    expect((await alice.market.read.getListing([a1])).price).toBe(parseEther("12"));
    expect((await alice.market.read.getListing([a2])).state).toBe(L.active);
  });
});

describe("market trades", () => {
  it("plays list → order → accept → ship → carrier confirms → accept goods → both rate, exact balances", async () => {
    const [seller, buyer, carrier] = [
      await net.trader(parseEther("100")),
      await net.trader(parseEther("100")),
      await net.trader(parseEther("1")),
    ];
    const [s, b, c] = [seller.account.address, buyer.account.address, carrier.account.address];
    await ledger.snapshot(s, b, c, seller.addresses.escrow, seller.addresses.market);
    const lid = await list(seller, terms({ category: "trade", carriers: [c] }));

    const placed = await ledger.tx(buyer, () => buyer.market.write.order([lid, 2n], { value: (PRICE + DEP) * 2n }));
    const ev = eventOf<{ orderId: bigint; escrowId: bigint }>(placed.events, "market", "OrderPlaced");
    expect(ev).toMatchObject({ listingId: lid, buyer: b, quantity: 2n, amount: PRICE * 2n, deposit: DEP * 2n });
    const oid = ev.orderId;
    expect((await buyer.market.read.getListing([lid])).quantity).toBe(3n);
    let o = await buyer.market.read.getOrder([oid]);
    expect(o).toMatchObject({ buyer: b, seller: s, state: S.placed, amount: PRICE * 2n, deposit: DEP * 2n });
    expect(o.acceptBy - o.placedAt).toBe(ACCEPT_WINDOW_MS);
    expect(ids(await buyer.market.read.ordersByBuyer([b, "0x", 10n]))).toEqual([oid]);
    expect(ids(await buyer.market.read.ordersBySeller([s, "0x", 10n]))).toEqual([oid]);
    // The market keeps nothing: the order's value sits in its escrow, controlled by the market.
    expect((await buyer.escrow.read.getEscrow([ev.escrowId])).controller).toBe("market");

    const acc = await ledger.tx(seller, () => seller.market.write.acceptOrder([oid], { value: DEP * 2n }));
    expect(eventOf<{ shipBy: bigint }>(acc.events, "market", "OrderAccepted").shipBy).toBe(
      (await buyer.market.read.getOrder([oid])).shipBy,
    );
    await ledger.tx(seller, () => seller.market.write.shipOrder([oid, hash32(0x77)]));
    expect((await buyer.market.read.getOrder([oid])).state).toBe(S2.shipped);
    const conf = await ledger.tx(carrier, () => carrier.market.write.confirmDelivery([oid]));
    expect(eventOf(conf.events, "market", "DeliveryConfirmed")).toMatchObject({ orderId: oid, by: c });
    o = await buyer.market.read.getOrder([oid]);
    expect(o).toMatchObject({ state: S.delivered, trackingHash: hash32(0x77) });
    const done = await ledger.tx(buyer, () => buyer.market.write.acceptGoods([oid]));
    expect(eventOf(done.events, "market", "OrderCompleted")).toEqual({ orderId: oid });
    expect((await buyer.market.read.getOrder([oid])).state).toBe(S.completed);
    expect(await orderLogs(buyer, "OrderCompleted", oid)).toEqual([{ eventName: "OrderCompleted", orderId: oid }]);

    await ledger.expectDelta(b, -PRICE * 2n, "buyer pays the price, gets its deposit back");
    await ledger.expectDelta(s, PRICE * 2n, "seller gets the price and its deposit back");
    await ledger.expectDelta(c, 0n, "carrier pays only its fee");
    await ledger.expectDelta(seller.addresses.escrow, 0n, "escrow holds nothing after the trade");
    await ledger.expectDelta(seller.addresses.market, 0n, "market holds nothing");

    // Ratings: once per party; the buyer's counts for the seller as seller.
    await expectRefused(
      carrier.market.write.rate([oid, 5, hash32(1)]),
      "market: only the buyer or the seller can rate this order",
    );
    await expectRefused(buyer.market.write.rate([oid, 6, hash32(1)]), "market: score must be 1 to 5");
    await expectRefused(buyer.market.write.rate([oid, 0, hash32(1)]), "market: score must be 1 to 5");
    const rated = await ledger.tx(buyer, () => buyer.market.write.rate([oid, 5, hash32(0xaa)]));
    expect(eventOf(rated.events, "market", "Rated")).toEqual({
      orderId: oid,
      rater: b,
      ratee: s,
      score: 5,
      reviewHash: hash32(0xaa),
    });
    await ledger.tx(seller, () => seller.market.write.rate([oid, 4, hash32(0xbb)]));
    await expectRefused(buyer.market.write.rate([oid, 3, hash32(1)]), `market: you already rated order ${oid}`);
    expect(await buyer.market.read.getRatings([oid])).toEqual([5, hash32(0xaa), 4, hash32(0xbb)]);
    expect(await buyer.market.read.reputation([s])).toMatchObject({
      asSellerCount: 1n,
      asSellerSum: 5n,
      asSellerAverageMilli: 5000n,
      asBuyerCount: 0n,
    });
    expect(await buyer.market.read.reputation([b])).toMatchObject({
      asBuyerCount: 1n,
      asBuyerSum: 4n,
      asBuyerAverageMilli: 4000n,
      asSellerCount: 0n,
    });

    // Two more completed orders rated 4 and 4: 13 / 3 stars → 4 333 milli-stars (rounded down).
    for (const score of [4, 4]) {
      const other = await net.trader(parseEther("20"));
      const id = await placeOrder(other, lid, 1n);
      await ledger.tx(seller, () => seller.market.write.acceptOrder([id], { value: DEP }));
      await ledger.tx(other, () => other.market.write.acceptGoods([id])); // accepted (not yet shipped) is allowed
      await ledger.tx(other, () => other.market.write.rate([id, score, hash32(score)]));
    }
    const rep = await buyer.market.read.reputation([s]);
    expect(rep).toMatchObject({ asSellerCount: 3n, asSellerSum: 13n, asSellerAverageMilli: 4333n });
    expect(ids(await buyer.market.read.ordersBySeller([s, "0x", 10n]))).toHaveLength(3);
    const page = await buyer.market.read.ordersBySeller([s, "0x", 2n]);
    expect((await buyer.market.read.ordersBySeller([s, page[1], 2n]))[0]).toHaveLength(1);
  });

  it("decline, cancel and refund-before-shipping return everything and restore the quantity", async () => {
    const [seller, buyer] = [await net.trader(parseEther("100")), await net.trader(parseEther("100"))];
    const [s, b] = [seller.account.address, buyer.account.address];
    const lid = await list(seller, terms({ category: "returns", quantity: 3n }));
    await ledger.snapshot(s, b);

    const declined = await placeOrder(buyer, lid, 2n);
    expect((await buyer.market.read.getListing([lid])).quantity).toBe(1n);
    const d = await ledger.tx(seller, () => seller.market.write.declineOrder([declined]));
    expect(eventOf(d.events, "market", "OrderDeclined")).toEqual({ orderId: declined });
    expect(await buyer.market.read.getOrder([declined])).toMatchObject({ state: S.declined, quantityRestored: true });

    const cancelled = await placeOrder(buyer, lid, 1n);
    await ledger.tx(buyer, () => buyer.market.write.cancelOrder([cancelled]));
    expect((await buyer.market.read.getOrder([cancelled])).state).toBe(S.cancelled);

    const refunded = await placeOrder(buyer, lid, 1n);
    await ledger.tx(seller, () => seller.market.write.acceptOrder([refunded], { value: DEP }));
    const r = await ledger.tx(seller, () => seller.market.write.refundOrder([refunded]));
    expect(eventOf(r.events, "market", "OrderRefunded")).toEqual({ orderId: refunded });
    expect(await buyer.market.read.getOrder([refunded])).toMatchObject({ state: S.refunded, quantityRestored: true });

    expect((await buyer.market.read.getListing([lid])).quantity).toBe(3n);
    await ledger.expectDelta(b, 0n, "buyer fully refunded three times");
    await ledger.expectDelta(s, 0n, "seller's deposit back on refund");
  });

  it("refuses wrong caller, wrong state, wrong amounts and unknown ids; state and balances unchanged", async () => {
    const [seller, buyer, stranger] = [
      await net.trader(parseEther("100")),
      await net.trader(parseEther("100")),
      await net.trader(parseEther("100")),
    ];
    const [s, b, x] = [seller.account.address, buyer.account.address, stranger.account.address];
    const lid = await list(seller, terms({ category: "refusals", quantity: 2n }));
    const oid = await placeOrder(buyer, lid, 1n);
    await ledger.snapshot(s, b, x);
    const orderBefore = await buyer.market.read.getOrder([oid]);
    const listingBefore = await buyer.market.read.getListing([lid]);

    await expectRefused(
      buyer.market.write.order([lid, 1n], { value: PRICE + DEP - 1n }),
      `market: send exactly ${PRICE + DEP} wei, not ${PRICE + DEP - 1n}`,
    );
    await expectRefused(
      seller.market.write.order([lid, 1n], { value: PRICE + DEP }),
      "market: a seller cannot order from its own listing",
    );
    await expectRefused(
      buyer.market.write.order([lid, 2n], { value: (PRICE + DEP) * 2n }),
      "market: quantity must be between 1 and 1",
    );
    await expectRefused(
      buyer.market.write.order([999_999n, 1n], { value: PRICE + DEP }),
      "market: no listing with id 999999",
    );
    await expectRefused(
      buyer.market.write.acceptOrder([oid], { value: DEP }),
      "market: only the seller can accept the order",
    );
    await expectRefused(
      seller.market.write.acceptOrder([oid], { value: DEP + 1n }),
      `market: send exactly ${DEP} wei, not ${DEP + 1n}`,
    );
    await expectRefused(stranger.market.write.cancelOrder([oid]), "market: only the buyer can cancel the order");
    await expectRefused(
      seller.market.write.shipOrder([oid, hash32(1)]),
      "market: cannot ship the order: the order is placed",
    );
    await expectRefused(buyer.market.write.acceptGoods([oid]), "market: cannot accept the goods: the order is placed");
    await expectRefused(buyer.market.write.rate([oid, 5, hash32(1)]), "market: cannot rate: the order is placed");
    await expectRefused(seller.market.write.acceptOrder([999_999n], { value: DEP }), "market: no order with id 999999");
    await expectRefused(buyer.market.read.getOrder([999_999n]), "market: no order with id 999999");
    await expectRefused(buyer.market.read.getRatings([999_999n]), "market: no order with id 999999");
    await expectRefused(buyer.market.write.pauseListing([lid], { value: 1n } as never), /does not accept CMT/);

    // A refused write that is mined anyway (explicit gas): reverted, the reason through the SDK,
    // only the fee is gone.
    const hash = await stranger.market.write.declineOrder([oid], { gas: 300_000n });
    const failed = await stranger.waitForSuccess(hash).catch((e: unknown) => e);
    expect(failed).toBeInstanceOf(TransactionRevertedError);
    expect((failed as TransactionRevertedError).reason).toBe("market: only the seller can decline the order");
    const r = await stranger.public.getTransactionReceipt({ hash });
    await ledger.expectDelta(x, -(r.gasUsed * r.effectiveGasPrice), "a mined revert costs only its fee");
    expect(await buyer.market.read.getOrder([oid])).toEqual(orderBefore);
    expect(await buyer.market.read.getListing([lid])).toEqual(listingBefore);

    await ledger.tx(seller, () => seller.market.write.acceptOrder([oid], { value: DEP }));
    await expectRefused(
      seller.market.write.acceptOrder([oid], { value: DEP }),
      "market: cannot accept the order: the order is accepted",
    );
    await expectRefused(
      buyer.market.write.cancelOrder([oid]),
      "market: cannot cancel the order: the order is accepted",
    );
    await expectRefused(
      stranger.market.write.shipOrder([oid, hash32(1)]),
      "market: only the seller can ship the order",
    );
    await expectRefused(seller.market.write.shipOrder([oid, hash32(0)]), "market: tracking hash must not be zero");
    await expectRefused(
      stranger.market.write.confirmDelivery([oid]),
      "market: only the buyer or an accepted carrier can confirm delivery",
    );
    await expectRefused(
      stranger.market.write.disputeOrder([oid]),
      "market: only the buyer or the seller can dispute the order",
    );
    await expectRefused(seller.market.write.acceptGoods([oid]), "market: only the buyer can accept the goods");
    await expectRefused(buyer.market.write.refundOrder([oid]), "market: only the seller can refund the order");

    expect((await buyer.market.read.getOrder([oid])).state).toBe(S.accepted);
    await ledger.expectDelta(b, 0n, "the buyer's refusals cost nothing");
    await ledger.expectDelta(s, -DEP, "the seller only posted its deposit");
  });
});

/** The market's `eventName` logs of order `orderId` (deadline outcomes are block logs: no transaction emits them). */
async function orderLogs(c: Client, eventName: "OrderExpired" | "OrderLapsed" | "OrderCompleted", orderId: bigint) {
  const logs = await c.public.getContractEvents({
    address: c.addresses.market,
    abi: marketAbi,
    eventName,
    args: { orderId },
    fromBlock: 0n,
  });
  return logs.map((l) => ({ eventName: l.eventName, orderId: l.args.orderId }));
}

describe("market timeouts", () => {
  it("seller accepts but never ships: the buyer gets the payment and both deposits", async () => {
    const [seller, buyer] = [await net.trader(parseEther("100")), await net.trader(parseEther("100"))];
    const [s, b] = [seller.account.address, buyer.account.address];
    const lid = await list(seller, terms({ category: "lapse", shippingWindowMs: 1_500n }));
    await ledger.snapshot(s, b);
    const oid = await placeOrder(buyer, lid, 1n);
    await ledger.tx(seller, () => seller.market.write.acceptOrder([oid], { value: DEP }));
    const o = await buyer.market.read.getOrder([oid]);
    await waitForBlockTime(buyer, o.shipBy);
    await expectRefused(
      seller.market.write.shipOrder([oid, hash32(1)]),
      "market: cannot ship the order: the order is lapsed",
    );
    expect(await buyer.market.read.getOrder([oid])).toMatchObject({ state: S2.lapsed, quantityRestored: false });
    await ledger.expectDelta(b, DEP, "buyer: payment and deposit back plus the seller's deposit");
    await ledger.expectDelta(s, -DEP, "seller forfeits its deposit");
    expect((await buyer.market.read.getListing([lid])).quantity).toBe(4n); // not restored after a lapse
    expect(await orderLogs(buyer, "OrderLapsed", oid)).toEqual([{ eventName: "OrderLapsed", orderId: oid }]);
  });

  it("buyer silent through the inspection window: the trade completes as if accepted", async () => {
    const [seller, buyer] = [await net.trader(parseEther("100")), await net.trader(parseEther("100"))];
    const [s, b] = [seller.account.address, buyer.account.address];
    const lid = await list(seller, terms({ category: "silence", inspectionWindowMs: 1_500n }));
    await ledger.snapshot(s, b);
    const oid = await placeOrder(buyer, lid, 1n);
    await ledger.tx(seller, () => seller.market.write.acceptOrder([oid], { value: DEP }));
    await ledger.tx(seller, () => seller.market.write.shipOrder([oid, hash32(9)]));
    await ledger.tx(buyer, () => buyer.market.write.confirmDelivery([oid]));
    const o = await buyer.market.read.getOrder([oid]);
    expect(o.state).toBe(S.delivered);
    await waitForBlockTime(buyer, o.inspectionEnds);
    expect((await buyer.market.read.getOrder([oid])).state).toBe(S.completed);
    await expectRefused(
      buyer.market.write.rejectGoods([oid]),
      "market: cannot reject the goods: the order is completed",
    );
    await ledger.expectDelta(b, -PRICE, "buyer paid the price");
    await ledger.expectDelta(s, PRICE, "seller got the price");
    await ledger.tx(buyer, () => buyer.market.write.rate([oid, 3, hash32(3)])); // completed by silence: rateable
  });

  it("seller never accepts: after acceptWindowMs the buyer gets everything back, quantity restored", async () => {
    const [seller, buyer] = [await net.trader(parseEther("100")), await net.trader(parseEther("100"))];
    const [s, b] = [seller.account.address, buyer.account.address];
    const lid = await list(seller, terms({ category: "expiry", quantity: 2n }));
    await ledger.snapshot(s, b);
    const oid = await placeOrder(buyer, lid, 2n);
    const o = await buyer.market.read.getOrder([oid]);
    expect((await buyer.market.read.getListing([lid])).quantity).toBe(0n);
    expect(o.acceptBy - o.placedAt).toBe(ACCEPT_WINDOW_MS);
    await waitForBlockTime(buyer, o.acceptBy, 30_000);
    expect(await buyer.market.read.getOrder([oid])).toMatchObject({ state: S2.expired, quantityRestored: true });
    expect((await buyer.market.read.getListing([lid])).quantity).toBe(2n);
    expect(await orderLogs(buyer, "OrderExpired", oid)).toEqual([{ eventName: "OrderExpired", orderId: oid }]);
    await expectRefused(
      seller.market.write.acceptOrder([oid], { value: DEP * 2n }),
      "market: cannot accept the order: the order is expired",
    );
    await ledger.expectDelta(b, 0n, "buyer gets the payment and its deposit back");
    await ledger.expectDelta(s, 0n, "seller posted nothing");
  });
});
